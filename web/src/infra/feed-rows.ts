// The rows of a feed event (`incidents:changed`, `spectrum:stations`, the devices of `bulk:run`), each
// checked against its shared schema. One bad row is dropped and reported, the others are still applied: a
// server a version ahead (or one broken row) must not freeze a whole screen.
import type { z } from 'zod';

export interface FeedRows<T> {
  /** The event's name, for the report. */
  event: string;
  /** The payload's key that holds the rows. */
  key: string;
  schema: z.ZodType<T>;
}

/** The valid rows, or null when the payload has no array under `key` (the whole event is off contract). */
export function parseFeedRows<T>({ event, key, schema }: FeedRows<T>, payload: unknown): T[] | null {
  const rows =
    typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(rows)) {
    console.warn(`${event} did not match the contract (no ${key} array)`);
    return null;
  }
  const parsed: T[] = [];
  for (const candidate of rows) {
    const result = schema.safeParse(candidate);
    if (result.success) {
      parsed.push(result.data);
    } else {
      console.warn(`${event} row did not match the contract`, result.error.issues.slice(0, 3));
    }
  }
  return parsed;
}
