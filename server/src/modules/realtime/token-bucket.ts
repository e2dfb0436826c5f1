// A token bucket: a burst of `capacity` at once, then one more every `refillMs`. Limits how often one
// socket may ask for a snapshot, which costs the server the whole fleet's state each time.
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly capacity: number,
    readonly refillMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.updatedAt = now();
  }

  /** Takes a token if there is one. */
  take(): boolean {
    const at = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (at - this.updatedAt) / this.refillMs);
    this.updatedAt = at;
    if (this.tokens < 1) {
      return false;
    }
    this.tokens -= 1;
    return true;
  }
}
