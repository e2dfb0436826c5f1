import { afterEach, describe, expect, it, vi } from 'vitest';
import { OnDemandTimer } from './on-demand-timer.js';

describe(OnDemandTimer.name, () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once per request period, and never when nothing was requested', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const timer = new OnDemandTimer(250, run);
    vi.advanceTimersByTime(10_000);
    expect(run).not.toHaveBeenCalled();
    expect(timer.armed).toBe(false);

    timer.request();
    vi.advanceTimersByTime(100);
    timer.request(); // joins the armed run: does not push it back
    expect(timer.armed).toBe(true);
    vi.advanceTimersByTime(150);
    expect(run).toHaveBeenCalledTimes(1);
    expect(timer.armed).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('moves an armed run earlier for a sooner request, never later', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const timer = new OnDemandTimer(1_000, run);
    timer.request();
    timer.request(100);
    vi.advanceTimersByTime(100);
    expect(run).toHaveBeenCalledTimes(1);
    timer.request(50);
    timer.request(5_000);
    vi.advanceTimersByTime(50);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('can be cancelled', () => {
    vi.useFakeTimers();
    const run = vi.fn();
    const timer = new OnDemandTimer(100, run);
    timer.request();
    timer.cancel();
    vi.advanceTimersByTime(1_000);
    expect(run).not.toHaveBeenCalled();
  });
});
