import { describe, expect, it, vi } from 'vitest';
import { MemoryKeyValueStore, MemoryPubSub } from '@/infra/cache/memory.cache.js';
import type { AppConfig } from '@/infra/config/config.js';
import { parseEnv } from '@/infra/config/config.schema.js';
import { createLogger } from '@/infra/logger/logger.js';
import { MetricsService } from '@/infra/metrics/metrics.service.js';
import { AuthError } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { hashPassword } from './password.js';
import { SessionRepository } from './session.repository.js';
import type { UserEntity } from './user.entity.js';
import type { UserRepository } from './user.repository.js';
import type { AuditRecord, AuditService } from '@/modules/audit/audit.service.js';

/** A stand-in that fails the test on any method it was not given. */
function strict<T extends object>(implemented: Partial<T>): T {
  return new Proxy(implemented, {
    get(target, property) {
      if (!(property in target)) {
        throw new Error(`unexpected call to ${String(property)}`);
      }
      return target[property as keyof typeof target];
    },
  }) as T;
}

const PASSWORD = 'right-password';
const admin: Promise<UserEntity> = hashPassword(PASSWORD).then((passwordHash) => ({
  id: '7d4f6a52-3c0e-4d51-9a53-2b8f2f0f1d11',
  username: 'admin',
  passwordHash,
  role: 'admin',
  createdAt: new Date(),
  lastLoginAt: null,
  disabledAt: null,
}));

const audited: AuditRecord[] = [];
const audit = strict<AuditService>({
  record: (entry) => {
    audited.push(entry);
    return Promise.resolve();
  },
});

async function newAuthService(env: NodeJS.ProcessEnv, users: Partial<UserRepository> = {}) {
  const store = new MemoryKeyValueStore();
  const pubsub = new MemoryPubSub();
  const user = await admin;
  const config: AppConfig = { env: parseEnv(env), version: 'test', dataDir: '/nonexistent' };
  const service = new AuthService(
    strict<UserRepository>({
      findByUsername: (username) => Promise.resolve(username === 'admin' ? user : null),
      touchLogin: () => Promise.resolve(),
      ...users,
    }),
    new SessionRepository(store),
    new LoginThrottleRepository(store),
    config,
    pubsub,
    audit,
    new MetricsService(),
    createLogger('silent'),
  );
  await service.onModuleInit();
  return { service, pubsub, store };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'signed in',
    (err: unknown) => (err instanceof AuthError ? err.code : String(err)),
  );

describe(AuthService.name, () => {
  describe('login', () => {
    it('answers overloaded at once when the hash queue is full, and does not count that attempt', async () => {
      const { service } = await newAuthService({
        LOGIN_MAX_FAILURES: '1',
        LOGIN_HASH_CONCURRENCY: '1',
        LOGIN_HASH_QUEUE: '0',
      });
      const hashing = refusal(service.login({ username: 'admin', password: 'wrong' }, '10.0.0.1'));
      const refused = refusal(service.login({ username: 'carol', password: 'wrong' }, '10.0.0.2'));
      // Answered while the one slot is still hashing: it neither waited for it nor ran a hash of its own.
      expect(await Promise.race([refused, hashing.then(() => 'the hash finished first')])).toBe('overloaded');
      expect(await hashing).toBe('wrong-credentials');
      // With one failure allowed, carol's overloaded attempt must not have used it up.
      expect(await refusal(service.login({ username: 'carol', password: 'wrong' }, '10.0.0.2'))).toBe(
        'wrong-credentials',
      );
      expect(await refusal(service.login({ username: 'carol', password: 'wrong' }, '10.0.0.2'))).toBe(
        'throttled',
      );
    });

    it('does not count an attempt whose check failed on a dependency, and passes the failure on', async () => {
      let failNext = true;
      const user = await admin;
      const { service } = await newAuthService(
        { LOGIN_MAX_FAILURES: '1' },
        {
          findByUsername: () => {
            if (failNext) {
              failNext = false;
              return Promise.reject(new Error('database down'));
            }
            return Promise.resolve(user);
          },
        },
      );
      expect(await refusal(service.login({ username: 'admin', password: 'x' }, '10.0.0.1'))).toMatch(
        /database down/,
      );
      expect(await refusal(service.login({ username: 'admin', password: 'x' }, '10.0.0.1'))).toBe(
        'wrong-credentials',
      );
      expect(await refusal(service.login({ username: 'admin', password: PASSWORD }, '10.0.0.1'))).toBe(
        'throttled',
      );
    });
  });

  describe('audit', () => {
    it('records a sign-in, a failed one and a lock-out, each with the address', async () => {
      const { service } = await newAuthService({ LOGIN_MAX_FAILURES: '1' });
      audited.length = 0;
      expect(await refusal(service.login({ username: 'admin', password: PASSWORD }, '10.0.0.9'))).toBe(
        'signed in',
      );
      expect(await refusal(service.login({ username: 'admin', password: 'x' }, '10.0.0.9'))).toBe(
        'wrong-credentials',
      );
      expect(await refusal(service.login({ username: 'admin', password: 'x' }, '10.0.0.9'))).toBe(
        'throttled',
      );
      expect(audited.map((a) => [a.action, a.actor, a.outcome, a.address])).toEqual([
        ['auth.sign-in', 'admin', 'ok', '10.0.0.9'],
        ['auth.sign-in', 'admin', 'failed', '10.0.0.9'],
        ['auth.sign-in', 'admin', 'refused', '10.0.0.9'],
      ]);
      expect(audited[2]!.detail).toMatch(/locked out/);
    });
  });

  describe('logout', () => {
    it('tells the listeners of this instance and of the others, once each', async () => {
      const here = await newAuthService({});
      const { token } = await here.service.login({ username: 'admin', password: PASSWORD }, '10.0.0.1');
      // A second instance on the same bus (Redis in production).
      const there = new AuthService(
        strict<UserRepository>({}),
        new SessionRepository(here.store),
        new LoginThrottleRepository(here.store),
        { env: parseEnv({}), version: 'test', dataDir: '/nonexistent' },
        here.pubsub,
        audit,
        new MetricsService(),
        createLogger('silent'),
      );
      await there.onModuleInit();
      const heard: string[] = [];
      here.service.onSessionEnded((id) => heard.push(`here ${id}`));
      there.onSessionEnded((id) => heard.push(`there ${id}`));

      await here.service.logout(token);
      const id = here.service.sessionIdOf(token);
      await vi.waitFor(() => expect(heard.sort()).toEqual([`here ${id}`, `there ${id}`]));
      expect(await there.resolveSessionId(id)).toBeNull();
    });
  });
});
