// A FIFO counting semaphore. The driver holds one for connects+logins so that a mass reconnect (after a
// network blip or a restart) opens at most N sessions at a time instead of SYN-flooding the fleet.
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  get inFlight(): number {
    return this.active;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        next(); // the slot passes straight to the next waiter, so `active` stays put
      } else {
        this.active--;
      }
    }
  }
}
