// Sign-in, sign-out and the first admin. Sessions are opaque cookies resolved through the cache. Sign-in
// counts every attempt before checking it and checks passwords within a bounded hash budget; every
// sign-in, failed sign-in and refusal is audited with the client's address. Ending a session (sign-out,
// sign-out everywhere, a disabled user) is announced to every instance, so the live feed can close that
// session's sockets at once.
import { randomUUID } from 'node:crypto';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { LoginRequest, UserResponse } from '@wsnoc/shared';
import { z } from 'zod';
import { PubSub } from '@/infra/cache/cache.types.js';
import { AuditService } from '@/modules/audit/audit.service.js';
import { AppConfig } from '@/infra/config/config.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { MetricsService } from '@/infra/metrics/metrics.service.js';
import { AuthError } from './auth.errors.js';
import { type AuthMetrics, registerAuthMetrics } from './auth.metrics.js';
import { BoundedSemaphore } from './bounded-semaphore.js';
import { LoginThrottleRepository, type ThrottleKey } from './login-throttle.repository.js';
import { generatePassword, hashPassword, verifyPassword } from './password.js';
import { SessionRepository, type SessionUser } from './session.repository.js';
import type { UserEntity } from './user.entity.js';
import { UserRepository } from './user.repository.js';

// Spent on unknown usernames too, so response time does not reveal which usernames exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** A full hash queue clears within a second or two; a client told to wait longer would only idle. */
const OVERLOADED_RETRY_SECONDS = 1;

const SESSIONS_ENDED = 'auth:sessions-ended';
const SessionEndedSchema = z.object({ from: z.string(), sessionId: z.string() });

export type SessionEndedListener = (sessionId: string) => void;

@Injectable()
export class AuthService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly instanceId = randomUUID();
  private readonly hashes: BoundedSemaphore;
  private readonly metrics: AuthMetrics;
  private readonly endedListeners = new Set<SessionEndedListener>();
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly config: AppConfig,
    private readonly pubsub: PubSub,
    private readonly audit: AuditService,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.hashes = new BoundedSemaphore(config.env.LOGIN_HASH_CONCURRENCY, config.env.LOGIN_HASH_QUEUE);
    this.metrics = registerAuthMetrics(metrics.registry, this.hashes);
  }

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe(SESSIONS_ENDED, (message) => this.receive(message));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureAdmin();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.unsubscribe?.().catch(() => undefined);
  }

  /** On first start there is one user, admin, with ADMIN_PASSWORD or a generated password printed once. */
  async ensureAdmin(): Promise<void> {
    if (await this.users.findByUsername('admin')) {
      return;
    }
    const given = this.config.env.ADMIN_PASSWORD;
    const password = given ?? generatePassword();
    await this.users.create('admin', await hashPassword(password), 'admin');
    if (given) {
      this.logger.info('created user admin with the password from ADMIN_PASSWORD');
    } else {
      // Printed once, to the console only: the password is never stored in clear or logged again.
      process.stdout.write(
        `\n  wsnoc: created user 'admin' with password ${password}\n  (shown once; set ADMIN_PASSWORD to choose it)\n\n`,
      );
    }
  }

  async login(
    request: LoginRequest,
    ip: string,
    userAgent: string | null = null,
  ): Promise<{ user: UserResponse; token: string }> {
    const { SESSION_TTL_HOURS } = this.config.env;
    const userKey = this.throttle.userKey(request.username, ip);
    const addressKey = this.throttle.addressKey(ip);
    const attempt = {
      actor: request.username,
      action: 'auth.sign-in',
      address: ip,
      target: `user:${request.username}`,
    };
    try {
      await this.admit(userKey, addressKey);
    } catch (err) {
      if (err instanceof AuthError && err.code === 'throttled') {
        await this.audit.record({ ...attempt, outcome: 'refused', detail: `locked out: ${err.message}` });
      }
      throw err;
    }

    let user: UserEntity | null;
    try {
      user = await this.checkPassword(request);
    } catch (err) {
      // Nothing was learnt about the password (no hash slot, or a dependency failed): not a guess.
      await Promise.all([this.throttle.refund(userKey), this.throttle.refund(addressKey)]).catch(
        () => undefined,
      );
      throw err;
    }
    if (!user) {
      this.logger.warn({ username: request.username, ip }, 'failed sign-in');
      await this.audit.record({ ...attempt, outcome: 'failed', detail: 'wrong username or password' });
      throw new AuthError('wrong-credentials', 'Wrong username or password');
    }
    if (user.disabledAt) {
      // The password was right, so this is no guess; the account is closed, and says so.
      await Promise.all([this.throttle.clear(userKey), this.throttle.refund(addressKey)]);
      await this.audit.record({ ...attempt, outcome: 'refused', detail: 'the account is disabled' });
      throw new AuthError('disabled', `The account ${user.username} is disabled; ask an admin`);
    }
    // The username starts afresh; the address gets back the attempt a right password cost it.
    await Promise.all([this.throttle.clear(userKey), this.throttle.refund(addressKey)]);
    await this.users.touchLogin(user.id);
    const sessionUser: SessionUser = { id: user.id, username: user.username, role: user.role };
    const token = await this.sessions.create(sessionUser, SESSION_TTL_HOURS * 3_600_000, {
      address: ip,
      userAgent,
    });
    this.logger.info({ username: user.username, ip }, 'signed in');
    await this.audit.record({ ...attempt, outcome: 'ok', detail: null });
    return { user: sessionUser, token };
  }

  /**
   * Counts the attempt against the username and the address before anything is checked, and refuses it
   * when either is past its limit. The count comes first, so parallel attempts each see the others.
   */
  private async admit(userKey: ThrottleKey, addressKey: ThrottleKey): Promise<void> {
    const { LOGIN_MAX_FAILURES, LOGIN_MAX_FAILURES_PER_ADDRESS, LOGIN_LOCKOUT_SECONDS } = this.config.env;
    const windowMs = LOGIN_LOCKOUT_SECONDS * 1000;
    if ((await this.throttle.count(userKey, windowMs)) > LOGIN_MAX_FAILURES) {
      this.metrics.refused('throttled-username');
      throw AuthError.throttled(Math.ceil((await this.throttle.remainingMs(userKey, windowMs)) / 1000));
    }
    if ((await this.throttle.count(addressKey, windowMs)) > LOGIN_MAX_FAILURES_PER_ADDRESS) {
      // This username's attempt was never checked, so it must not count against the username.
      await this.throttle.refund(userKey);
      this.metrics.refused('throttled-address');
      throw AuthError.throttled(Math.ceil((await this.throttle.remainingMs(addressKey, windowMs)) / 1000));
    }
  }

  /** The user when the password is right, null otherwise; the hash runs within the hash budget. */
  private async checkPassword(request: LoginRequest): Promise<UserEntity | null> {
    const user = await this.users.findByUsername(request.username);
    const slot = this.hashes.acquire();
    if (!slot) {
      this.metrics.refused('overloaded');
      throw AuthError.overloaded(OVERLOADED_RETRY_SECONDS);
    }
    const release = await slot;
    try {
      const valid = await verifyPassword(request.password, user?.passwordHash ?? DUMMY_HASH);
      return user && valid ? user : null;
    } finally {
      release();
    }
  }

  /** Ends the session and tells every instance, so its live-feed sockets close at once. */
  async logout(token: string): Promise<void> {
    const user = await this.sessions.resolve(token);
    await this.sessions.destroy(token, user?.id);
    await this.ended([this.sessions.idOf(token)]);
    if (user) {
      await this.audit.record({
        actor: user.username,
        action: 'auth.sign-out',
        target: `user:${user.username}`,
        outcome: 'ok',
      });
    }
  }

  /** Ends every session of a user (sign-out everywhere, a disabled user, a new password); answers how many. */
  async endSessionsOf(userId: string): Promise<number> {
    const ids = await this.sessions.destroyAllFor(userId);
    await this.ended(ids);
    return ids.length;
  }

  /** Ends the named sessions of a user. */
  async endSessions(userId: string, sessionIds: readonly string[]): Promise<void> {
    await this.sessions.destroyIds(userId, sessionIds);
    await this.ended(sessionIds);
  }

  private async ended(sessionIds: readonly string[]): Promise<void> {
    for (const sessionId of sessionIds) {
      this.announce(sessionId);
      await this.pubsub
        .publish(SESSIONS_ENDED, JSON.stringify({ from: this.instanceId, sessionId }))
        .catch((err: unknown) =>
          // The other instances still close the sockets at their next session check.
          this.logger.warn({ err }, 'could not announce a sign-out to the other instances'),
        );
    }
  }

  resolveSession(token: string): Promise<SessionUser | null> {
    return this.sessions.resolve(token);
  }

  /** The id under which a session's sockets are grouped (the token's hash, never the token). */
  sessionIdOf(token: string): string {
    return this.sessions.idOf(token);
  }

  resolveSessionId(sessionId: string): Promise<SessionUser | null> {
    return this.sessions.resolveId(sessionId);
  }

  /** Many sessions at once, in one cache round trip; null for each one that has ended. */
  resolveSessionIds(sessionIds: readonly string[]): Promise<(SessionUser | null)[]> {
    return this.sessions.resolveIds(sessionIds);
  }

  /** Whether a cookie's value could be a session token at all. */
  wellFormedToken(token: string): boolean {
    return this.sessions.wellFormed(token);
  }

  /** Calls the listener with the id of every session signed out, on this instance or another. */
  onSessionEnded(listener: SessionEndedListener): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  private announce(sessionId: string): void {
    for (const listener of this.endedListeners) {
      listener(sessionId);
    }
  }

  private receive(message: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(message);
    } catch {
      return; // not ours: the channel is shared with nothing else, but a bad message must not throw here
    }
    const parsed = SessionEndedSchema.safeParse(raw);
    if (parsed.success && parsed.data.from !== this.instanceId) {
      this.announce(parsed.data.sessionId);
    }
  }
}
