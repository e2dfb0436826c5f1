import { afterEach, describe, expect, it, vi } from 'vitest';
import { installChunkRecovery, retryImport } from './chunk-recovery';

describe('chunk recovery', () => {
  afterEach(() => {
    vi.useRealTimers();
    document.head.innerHTML = '';
  });

  it('imports again after failures, and gives up after the last attempt', async () => {
    let calls = 0;
    const flaky = () =>
      ++calls < 3 ? Promise.reject(new Error('Failed to fetch')) : Promise.resolve('module');
    expect(await retryImport(flaky, 5, 1)).toBe('module');
    expect(calls).toBe(3);

    let tries = 0;
    const down = () => {
      tries++;
      return Promise.reject(new Error('Failed to fetch'));
    };
    await expect(retryImport(down, 3, 1)).rejects.toThrow('Failed to fetch');
    expect(tries).toBe(3);
  });

  it('lets a screen load without a stylesheet that failed, and fetches the stylesheet again', () => {
    vi.useFakeTimers();
    const remove = installChunkRecovery(window);
    // A data: address, so the test's DOM loads it without a server.
    const href = 'data:text/css,.panel{}';
    const failed = document.createElement('link');
    failed.rel = 'stylesheet';
    failed.href = href;
    document.head.appendChild(failed);

    const event = Object.assign(new Event('vite:preloadError', { cancelable: true }), {
      payload: new Error(`Unable to preload CSS for ${href}`),
    });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);

    vi.advanceTimersByTime(1_000);
    const links = [...document.head.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')];
    expect(links).toHaveLength(1);
    expect(links[0]).not.toBe(failed);
    expect(links[0]!.href).toBe(href);

    // A failure of a script chunk is not swallowed: the error boundary must see it.
    const script = Object.assign(new Event('vite:preloadError', { cancelable: true }), {
      payload: new Error('Failed to fetch dynamically imported module'),
    });
    window.dispatchEvent(script);
    expect(script.defaultPrevented).toBe(false);
    remove();
  });
});
