/**
 * FIFO of history rows held as chunks, so that taking a batch, dropping the oldest rows and putting a
 * failed batch back are all cheap even with hundreds of thousands of rows buffered (Array#shift and
 * splice would be O(n) per row during an outage, exactly when the buffer is largest).
 */
export class RowQueue<T> {
  private readonly chunks: T[][] = [];
  /** Index of the oldest live item in chunks[0]. */
  private head = 0;
  private count = 0;

  constructor(private readonly chunkSize: number) {}

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.length < this.chunkSize) {
      last.push(item);
    } else {
      this.chunks.push([item]);
    }
    this.count++;
  }

  /** Puts rows back in front (a batch whose write failed), keeping their order before newer rows. */
  pushFront(items: T[]): void {
    if (items.length === 0) {
      return;
    }
    if (this.head > 0) {
      this.chunks[0] = this.chunks[0]!.slice(this.head);
      this.head = 0;
    }
    this.chunks.unshift(items);
    this.count += items.length;
  }

  /** Removes up to n of the oldest rows; returns how many went. */
  dropOldest(n: number): number {
    let left = n;
    while (left > 0 && this.count > 0) {
      const first = this.chunks[0]!;
      const k = Math.min(first.length - this.head, left);
      this.head += k;
      this.count -= k;
      left -= k;
      if (this.head >= first.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    return n - left;
  }

  /**
   * Removes and returns up to n of the oldest rows, from the oldest chunk only: a batch never spans
   * chunks, which lets a whole chunk be handed over without copying.
   */
  take(n: number): T[] {
    const first = this.chunks[0];
    if (!first) {
      return [];
    }
    const available = first.length - this.head;
    if (this.head === 0 && available <= n) {
      this.chunks.shift();
      this.count -= available;
      return first;
    }
    const k = Math.min(available, n);
    const out = first.slice(this.head, this.head + k);
    this.head += k;
    this.count -= k;
    if (this.head >= first.length) {
      this.chunks.shift();
      this.head = 0;
    }
    return out;
  }
}
