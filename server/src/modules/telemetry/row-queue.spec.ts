import { describe, expect, it } from 'vitest';
import { RowQueue } from './row-queue.js';

function filled(n: number, chunk = 4): RowQueue<number> {
  const queue = new RowQueue<number>(chunk);
  for (let i = 0; i < n; i++) {
    queue.push(i);
  }
  return queue;
}

function drain(queue: RowQueue<number>): number[] {
  const out: number[] = [];
  while (queue.size > 0) {
    out.push(...queue.take(3));
  }
  return out;
}

describe(RowQueue.name, () => {
  it('hands rows out oldest first in batches of at most n', () => {
    const queue = filled(10);
    expect(queue.take(3)).toEqual([0, 1, 2]);
    expect(queue.take(10)).toEqual([3]);
    expect(queue.size).toBe(6);
    expect(drain(queue)).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it('drops the oldest rows across chunks', () => {
    const queue = filled(10);
    expect(queue.dropOldest(6)).toBe(6);
    expect(queue.size).toBe(4);
    expect(drain(queue)).toEqual([6, 7, 8, 9]);
    expect(queue.dropOldest(5)).toBe(0);
  });

  it('puts a failed batch back in front of newer rows', () => {
    const queue = filled(6);
    const batch = queue.take(3);
    queue.push(6);
    queue.pushFront(batch);
    expect(queue.size).toBe(7);
    expect(drain(queue)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('keeps order when a batch goes back after a partial take', () => {
    const queue = filled(8);
    const first = queue.take(2);
    const second = queue.take(1);
    queue.pushFront(second);
    queue.pushFront(first);
    expect(drain(queue)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
