// Errors by form field, from either side of the wire: the server's `issues` ({path, message}) or the
// shared zod schema the form checks before sending. Forms show each message next to its field, and
// whatever names no field of the form as one message above it.
import type { z } from 'zod';
import { ApiRequestError } from './http.client';

/** Field name to its first message. */
export type FieldErrors = Readonly<Record<string, string>>;

export interface FormFailure {
  fields: FieldErrors;
  /** A message that names no field of the form (a conflict, the server unreachable), or null. */
  message: string | null;
}

function byField(issues: readonly { path: string; message: string }[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    fields[issue.path] ??= issue.message;
  }
  return fields;
}

/** What a failed zod parse of the form's values says, by field. */
export function zodFieldErrors(error: z.ZodError): FieldErrors {
  return byField(error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
}

/**
 * Splits a failed request into messages by field and one for the form. `known` lists the form's fields: an
 * issue on another path (or none at all) is shown as the form's message, never dropped.
 */
export function formFailureOf(error: unknown, known: readonly string[]): FormFailure {
  if (!(error instanceof ApiRequestError)) {
    return { fields: {}, message: error instanceof Error ? error.message : String(error) };
  }
  const all = byField(error.body?.issues ?? []);
  const fields: Record<string, string> = {};
  for (const [path, message] of Object.entries(all)) {
    if (known.includes(path)) {
      fields[path] = message;
    }
  }
  const unplaced = Object.keys(all).length > Object.keys(fields).length;
  return { fields, message: Object.keys(fields).length === 0 || unplaced ? error.message : null };
}
