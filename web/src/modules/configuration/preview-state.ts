// The dry run on screen: which change it was asked for (the request body, as a key), and what came back.
// A preview of another change than the one in the inputs is stale: the run needs a fresh one.
import type { BulkPreview } from '@wsnoc/shared';
import { ApiRequestError } from '@/infra/http.client';

export interface FieldIssue {
  path: string;
  message: string;
}

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading'; key: string }
  | { status: 'ready'; key: string; preview: BulkPreview }
  | { status: 'error'; key: string; message: string; issues: readonly FieldIssue[] };

export const IDLE_PREVIEW: PreviewState = { status: 'idle' };

/** The server's words, and the fields it named (a variable out of range, a device per problem). */
export function failureOf(error: unknown): { message: string; issues: FieldIssue[] } {
  if (error instanceof ApiRequestError) {
    return { message: error.message, issues: error.body?.issues ?? [] };
  }
  return { message: error instanceof Error ? error.message : String(error), issues: [] };
}

export function previewFresh(
  state: PreviewState,
  key: string | null,
): state is Extract<PreviewState, { status: 'ready' }> {
  return key !== null && state.status === 'ready' && state.key === key;
}
