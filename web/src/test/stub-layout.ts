// happy-dom has no layout, so every element measures 0×0 and a virtualiser shows no rows. Tests that
// render the device grid give elements a laptop-sized client box instead.
import { afterEach, beforeEach } from 'vitest';

export function stubLayout(width = 1280, height = 720): void {
  const saved: PropertyDescriptor[] = [];
  beforeEach(() => {
    for (const [key, value] of [
      ['clientWidth', width],
      ['clientHeight', height],
    ] as const) {
      saved.push(
        Object.getOwnPropertyDescriptor(HTMLElement.prototype, key) ?? { value: 0, configurable: true },
      );
      Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
    }
  });
  afterEach(() => {
    const [clientWidth, clientHeight] = saved.splice(0);
    if (clientWidth && clientHeight) {
      Object.defineProperty(HTMLElement.prototype, 'clientWidth', clientWidth);
      Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
    }
  });
}
