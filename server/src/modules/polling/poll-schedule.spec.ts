import { describe, expect, it } from 'vitest';
import { backoffMs, PollSchedule, shardOf, TICK_MAX_MS, TICK_MIN_MS, tickGapMs } from './poll-schedule.js';

describe(PollSchedule.name, () => {
  it('hands out due devices earliest first, up to the limit', () => {
    const schedule = new PollSchedule();
    schedule.add('c', 30);
    schedule.add('a', 10);
    schedule.add('b', 20);
    schedule.add('late', 100);
    expect(schedule.takeDue(25, 10).map((e) => e.deviceId)).toEqual(['a', 'b']);
    expect(schedule.takeDue(40, 10).map((e) => e.deviceId)).toEqual(['c']);
    expect(schedule.takeDue(40, 10)).toEqual([]);
    expect(schedule.size).toBe(4);
  });

  it('respects the concurrency limit and keeps the rest for later', () => {
    const schedule = new PollSchedule();
    for (let i = 0; i < 5; i++) {
      schedule.add(`d${i}`, i);
    }
    expect(schedule.takeDue(10, 2)).toHaveLength(2);
    expect(schedule.takeDue(10, 10)).toHaveLength(3);
  });

  it('reschedules a taken entry and forgets removed ones', () => {
    const schedule = new PollSchedule();
    schedule.add('a', 0);
    schedule.add('b', 0);
    const [a] = schedule.takeDue(0, 1);
    schedule.reschedule(a!, 50);
    schedule.remove('b');
    expect(schedule.takeDue(10, 10)).toEqual([]);
    expect(schedule.takeDue(60, 10).map((e) => e.deviceId)).toEqual(['a']);
    expect(schedule.has('b')).toBe(false);
  });

  it('ignores a reschedule of an entry removed meanwhile', () => {
    const schedule = new PollSchedule();
    schedule.add('a', 0);
    const [a] = schedule.takeDue(0, 1);
    schedule.remove('a');
    schedule.reschedule(a!, 5);
    expect(schedule.takeDue(10, 10)).toEqual([]);
  });

  it('reports the next due time of a live entry, past removed and rescheduled ones', () => {
    const schedule = new PollSchedule();
    expect(schedule.nextDueAt()).toBeUndefined();
    schedule.add('gone', 5);
    schedule.add('moved', 10);
    schedule.add('next', 40);
    schedule.remove('gone');
    const [moved] = schedule.takeDue(10, 1);
    expect(moved?.deviceId).toBe('moved');
    schedule.reschedule(moved!, 90);
    // 5 (removed) and 10 (taken, then moved to 90) are stale slots: the scheduler must not wake for them
    expect(schedule.nextDueAt()).toBe(40);
    schedule.remove('next');
    expect(schedule.nextDueAt()).toBe(90);
  });
});

describe('tickGapMs', () => {
  it('gathers about a hundred polls per tick, between 20 ms and the shorter of 500 ms and 5 % of the interval', () => {
    // 500 radios at 10 s: 50 polls a second, 25 of them every 500 ms (the 500 ms cap)
    expect(tickGapMs(500, 10_000)).toBe(TICK_MAX_MS);
    // 2,000 at 10 s: 200 a second, a hundred every 500 ms; 2,000 at 2 s: a hundred every 100 ms
    expect(tickGapMs(2_000, 10_000)).toBe(500);
    expect(tickGapMs(2_000, 2_000)).toBe(100);
    // 10,000 at 10 s: a thousand a second, a hundred every 100 ms
    expect(tickGapMs(10_000, 10_000)).toBe(100);
    // 10,000 at 2 s and more: the 20 ms floor (at most 50 wake-ups a second)
    expect(tickGapMs(10_000, 2_000)).toBe(TICK_MIN_MS);
    expect(tickGapMs(50_000, 2_000)).toBe(TICK_MIN_MS);
    // a handful of radios, or none: never later than 500 ms, nor than 5 % of a short interval
    expect(tickGapMs(3, 10_000)).toBe(TICK_MAX_MS);
    expect(tickGapMs(0, 10_000)).toBe(TICK_MAX_MS);
    expect(tickGapMs(3, 1_000)).toBe(50);
    expect(tickGapMs(3, 200)).toBe(10);
  });
});

describe('backoffMs', () => {
  it('doubles up to the cap', () => {
    const mid = () => 0.5;
    expect(backoffMs(0, 10_000, 300_000, mid)).toBe(10_000);
    expect(backoffMs(2, 10_000, 300_000, mid)).toBe(40_000);
    expect(backoffMs(10, 10_000, 300_000, mid)).toBe(300_000);
  });
});

describe('shardOf', () => {
  it('is stable and spreads ids over the shards', () => {
    expect(shardOf('abc', 32)).toBe(shardOf('abc', 32));
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i++) {
      counts[shardOf(`device-${i}`, 8)]!++;
    }
    expect(Math.min(...counts)).toBeGreaterThan(800);
  });
});
