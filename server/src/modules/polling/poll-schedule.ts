// The poll timetable: a binary min-heap of devices by due time. Cheap at 10,000 devices: taking the due
// ones is O(k log n), and nothing walks the whole fleet per tick.

export interface ScheduleEntry {
  deviceId: string;
  dueAt: number;
  /** Consecutive failed polls. */
  failures: number;
  /** Bumped when the entry is removed or rescheduled, so a stale heap slot is skipped. */
  generation: number;
}

export class PollSchedule {
  private readonly heap: { dueAt: number; entry: ScheduleEntry; generation: number }[] = [];
  private readonly entries = new Map<string, ScheduleEntry>();

  get size(): number {
    return this.entries.size;
  }

  has(deviceId: string): boolean {
    return this.entries.has(deviceId);
  }

  get(deviceId: string): ScheduleEntry | undefined {
    return this.entries.get(deviceId);
  }

  /** Schedules a device, with the failures it carries over when it moves from another schedule. */
  add(deviceId: string, dueAt: number, failures = 0): void {
    if (this.entries.has(deviceId)) {
      return;
    }
    const entry: ScheduleEntry = { deviceId, dueAt, failures, generation: 0 };
    this.entries.set(deviceId, entry);
    this.push(entry);
  }

  remove(deviceId: string): void {
    const entry = this.entries.get(deviceId);
    if (entry) {
      entry.generation++;
      this.entries.delete(deviceId);
    }
  }

  /** Puts an entry (taken by takeDue) back on the timetable. */
  reschedule(entry: ScheduleEntry, dueAt: number): void {
    if (this.entries.get(entry.deviceId) !== entry) {
      return;
    }
    entry.dueAt = dueAt;
    entry.generation++;
    this.push(entry);
  }

  /** Removes and returns up to `max` entries due at `now`, earliest first. */
  takeDue(now: number, max: number): ScheduleEntry[] {
    const due: ScheduleEntry[] = [];
    while (due.length < max && this.heap.length) {
      const top = this.heap[0]!;
      if (top.generation !== top.entry.generation || this.entries.get(top.entry.deviceId) !== top.entry) {
        this.pop();
        continue;
      }
      if (top.dueAt > now) {
        break;
      }
      this.pop();
      // Taken entries stay in `entries` (still scheduled) but leave the heap until rescheduled.
      top.entry.generation++;
      due.push(top.entry);
    }
    return due;
  }

  /** When the earliest scheduled entry is due (stale heap slots, of removed or moved entries, dropped). */
  nextDueAt(): number | undefined {
    for (;;) {
      const top = this.heap[0];
      if (!top) {
        return undefined;
      }
      if (top.generation === top.entry.generation && this.entries.get(top.entry.deviceId) === top.entry) {
        return top.dueAt;
      }
      this.pop();
    }
  }

  private push(entry: ScheduleEntry): void {
    const heap = this.heap;
    heap.push({ dueAt: entry.dueAt, entry, generation: entry.generation });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.dueAt <= heap[i]!.dueAt) {
        break;
      }
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (!heap.length) {
      return;
    }
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && heap[left]!.dueAt < heap[smallest]!.dueAt) {
        smallest = left;
      }
      if (right < heap.length && heap[right]!.dueAt < heap[smallest]!.dueAt) {
        smallest = right;
      }
      if (smallest === i) {
        break;
      }
      [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
      i = smallest;
    }
  }
}

/** The shortest gap between two scheduler ticks: under load, at most 50 wake-ups a second. */
export const TICK_MIN_MS = 20;
/** The longest: no poll starts more than this late for want of company (nor more than 5 % of its interval). */
export const TICK_MAX_MS = 500;
/** How many polls a tick should start together when the schedule is sparse. */
const POLLS_PER_TICK = 100;

/**
 * The gap between two scheduler ticks for `scheduled` devices polled every `intervalMs`: long enough that
 * a tick starts about a hundred polls together, at least 20 ms and at most the shorter of 500 ms and a
 * twentieth of the interval. Waking costs more than polling on this path: a tick's polls share their lock
 * round trip, their lock releases, their live-state flush and the event loop's wake-ups, so 500 radios at
 * 10 s start 25 polls twice a second, not one poll fifty times; 10,000 radios at 10 s start a hundred
 * every 100 ms, and at 2 s tick every 20 ms. Due devices wait at most the gap (their phase is kept).
 */
export function tickGapMs(scheduled: number, intervalMs: number): number {
  const longest = Math.min(TICK_MAX_MS, Math.round(intervalMs / 20));
  const pollsPerMs = scheduled / Math.max(1, intervalMs);
  return pollsPerMs > 0
    ? Math.min(longest, Math.max(TICK_MIN_MS, Math.round(POLLS_PER_TICK / pollsPerMs)))
    : longest;
}

/** Capped exponential backoff for an unreachable device, with ±20 % jitter so retries spread out. */
export function backoffMs(
  failuresBeyondThreshold: number,
  baseMs: number,
  maxMs: number,
  random = Math.random,
): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, failuresBeyondThreshold));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

/** Stable shard of a device id (FNV-1a), so every instance agrees on who polls what. */
export function shardOf(deviceId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < deviceId.length; i++) {
    hash ^= deviceId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}
