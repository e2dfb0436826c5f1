// A screen's code and styles load on first use. If the server is down at that moment (a restart, a
// network blip), the page must not fail for good: a wall display has nobody to press reload. A
// stylesheet that could not be preloaded is let go (the screen's code still loads) and fetched again
// until it arrives; a code chunk that failed is imported again a few times before the screen's error
// boundary shows.
import { type ComponentType, lazy, type LazyExoticComponent } from 'react';

const CSS_FAILURE = /Unable to preload CSS for (\S+)/;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 10_000;
const IMPORT_ATTEMPTS = 6;

type PreloadErrorEvent = Event & { payload?: unknown };

/** Installs the stylesheet recovery; returns how to remove it (tests). */
export function installChunkRecovery(target: Window = window): () => void {
  const onPreloadError = (event: Event) => {
    const href = CSS_FAILURE.exec(String((event as PreloadErrorEvent).payload))?.[1];
    if (href) {
      // Go on without the stylesheet for now; it is fetched again until it loads.
      event.preventDefault();
      reloadStylesheet(target.document, href, FIRST_RETRY_MS);
    }
  };
  target.addEventListener('vite:preloadError', onPreloadError);
  return () => target.removeEventListener('vite:preloadError', onPreloadError);
}

function reloadStylesheet(doc: Document, href: string, delayMs: number): void {
  setTimeout(() => {
    for (const stale of doc.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')) {
      if (stale.href === href) {
        stale.remove();
      }
    }
    const link = doc.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    link.addEventListener('error', () => reloadStylesheet(doc, href, Math.min(delayMs * 2, MAX_RETRY_MS)), {
      once: true,
    });
    doc.head.appendChild(link);
  }, delayMs);
}

/** An import tried again, with a growing pause, before it counts as failed. */
export async function retryImport<T>(
  load: () => Promise<T>,
  attempts = IMPORT_ATTEMPTS,
  firstDelayMs = FIRST_RETRY_MS,
): Promise<T> {
  let delay = firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await load();
    } catch (err) {
      if (attempt >= attempts) {
        throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }
}

/** React.lazy with retryImport. */
export function lazyWithRetry<P extends object>(
  load: () => Promise<{ default: ComponentType<P> }>,
): LazyExoticComponent<ComponentType<P>> {
  return lazy(() => retryImport(load));
}
