// Sign-in's figures on the process registry: how many password hashes run and wait (the budget that keeps
// anonymous requests from queueing unbounded scrypt work) and how many sign-ins were refused unchecked.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { BoundedSemaphore } from './bounded-semaphore.js';

export type SignInRefusal = 'throttled-username' | 'throttled-address' | 'overloaded';
const REFUSALS: readonly SignInRefusal[] = ['throttled-username', 'throttled-address', 'overloaded'];

export interface AuthMetrics {
  refused(reason: SignInRefusal): void;
}

export function registerAuthMetrics(registry: Registry, hashes: BoundedSemaphore): AuthMetrics {
  const registers = [registry];
  new Gauge({
    name: 'wsnoc_login_hashes_running',
    help: 'Password hashes running now',
    registers,
    collect() {
      this.set(hashes.inFlight);
    },
  });
  new Gauge({
    name: 'wsnoc_login_hashes_waiting',
    help: 'Sign-ins waiting for a password hash slot',
    registers,
    collect() {
      this.set(hashes.queued);
    },
  });
  new Gauge({
    name: 'wsnoc_login_hashes_running_max',
    help: 'The most password hashes that ever ran at once (at most LOGIN_HASH_CONCURRENCY)',
    registers,
    collect() {
      this.set(hashes.maxInFlight);
    },
  });
  const refused = new Counter({
    name: 'wsnoc_login_refused_total',
    help: 'Sign-ins refused before any password was checked, by reason',
    labelNames: ['reason'] as const,
    registers,
  });
  for (const reason of REFUSALS) {
    refused.inc({ reason }, 0);
  }
  return { refused: (reason) => refused.inc({ reason }) };
}
