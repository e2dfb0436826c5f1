// Vitest runs without globals, so Testing Library cannot register its own cleanup: do it here.
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// CI shares two cores with the server, lab and browser suites: a screen that needs a lazy chunk or a
// coalesced feed frame can take more than Testing Library's default second to show it. Waiting longer
// costs nothing when it shows at once (10 s: a machine at load 14 took over 5 s for the wizard).
configure({ asyncUtilTimeout: 10_000 });

afterEach(() => {
  cleanup();
  localStorage.clear();
});
