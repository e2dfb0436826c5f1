// A timer that runs only while there is work for it. `request()` arms it once (later requests before it
// fires join that run); nothing requested, nothing armed: an idle console does not wake up for it. This is
// the shape of every "gather for a while, then do it once" step (the feed's frames, history flushes, lock
// heartbeats), where a setInterval would fire whether or not anything happened.
export class OnDemandTimer {
  private timer: NodeJS.Timeout | undefined;
  private dueAt = Infinity;

  /** `run` is called once per armed period; it may request() again for the next one. */
  constructor(
    private readonly delayMs: number,
    private readonly run: () => void,
  ) {}

  /** Arms the timer to fire `delayMs` from now (or `inMs`), unless it already fires sooner. */
  request(inMs = this.delayMs): void {
    const at = Date.now() + Math.max(0, inMs);
    if (this.timer && this.dueAt <= at) {
      return;
    }
    clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dueAt = Infinity;
      this.run();
    }, at - Date.now());
    this.timer.unref();
  }

  get armed(): boolean {
    return this.timer !== undefined;
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = Infinity;
  }
}
