// Calls made in one turn of the event loop, sent together: `add` queues an item and resolves with its
// own result once the batch it joined has run. The poller starts a tick's polls in one turn and finishes
// polls by the hundred a second, so taking and releasing their locks this way costs one round trip to the
// lock store per turn rather than one per radio.

export class Batch<I, O> {
  private items: I[] = [];
  private waiters: { resolve: (o: O) => void; reject: (err: unknown) => void }[] = [];
  private armed = false;

  /** `run` answers every item, in order. */
  constructor(private readonly run: (items: I[]) => Promise<O[]>) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.items.push(item);
      this.waiters.push({ resolve, reject });
      if (!this.armed) {
        this.armed = true;
        // setImmediate: after every I/O callback of this turn has had its say
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const items = this.items;
    const waiters = this.waiters;
    this.items = [];
    this.waiters = [];
    this.armed = false;
    this.run(items).then(
      (results) => waiters.forEach((w, i) => w.resolve(results[i] as O)),
      (err: unknown) => waiters.forEach((w) => w.reject(err)),
    );
  }
}
