// How a socket is told its events are refused: a burst of REFUSAL_BURST answers, then one a second, so a
// client sending refused events in a loop is not answered one for one; one that keeps on past the rate
// (REFUSAL_FLOOD_LIMIT left unanswered in a row) is closed. The ops feed and the wall feed share it.
import { TokenBucket } from './token-bucket.js';

export const REFUSAL_BURST = 10;
export const REFUSAL_REFILL_MS = 1_000;
export const REFUSAL_FLOOD_LIMIT = 20;

export class RefusalLimiter {
  private readonly bucket: TokenBucket;
  private unanswered = 0;

  constructor(now: () => number = Date.now) {
    this.bucket = new TokenBucket(REFUSAL_BURST, REFUSAL_REFILL_MS, now);
  }

  /** What to do with the next refused event: answer it, let it pass unanswered, or close the socket. */
  next(): 'answer' | 'ignore' | 'close' {
    if (this.bucket.take()) {
      this.unanswered = 0;
      return 'answer';
    }
    return ++this.unanswered >= REFUSAL_FLOOD_LIMIT ? 'close' : 'ignore';
  }
}
