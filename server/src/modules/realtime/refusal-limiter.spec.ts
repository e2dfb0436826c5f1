import { describe, expect, it } from 'vitest';
import { REFUSAL_BURST, REFUSAL_FLOOD_LIMIT, REFUSAL_REFILL_MS, RefusalLimiter } from './refusal-limiter.js';

describe(RefusalLimiter.name, () => {
  it('answers a burst, then one per refill, and closes after a run left unanswered', () => {
    let now = 0;
    const limiter = new RefusalLimiter(() => now);
    const burst = Array.from({ length: REFUSAL_BURST }, () => limiter.next());
    expect(burst.every((d) => d === 'answer')).toBe(true);
    expect(limiter.next()).toBe('ignore');
    now += REFUSAL_REFILL_MS;
    // a refill answers again and starts the unanswered count afresh
    expect(limiter.next()).toBe('answer');
    const after = Array.from({ length: REFUSAL_FLOOD_LIMIT }, () => limiter.next());
    expect(after.slice(0, -1).every((d) => d === 'ignore')).toBe(true);
    expect(after.at(-1)).toBe('close');
  });
});
