// Sign-in, sign-out and the first admin. Sessions are opaque cookies resolved through the cache.
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { LoginRequest, UserResponse } from '@wsnoc/shared';
import { AppConfig } from '@/infra/config/config.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { AuthError } from './auth.errors.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { generatePassword, hashPassword, verifyPassword } from './password.js';
import { SessionRepository, type SessionUser } from './session.repository.js';
import { UserRepository } from './user.repository.js';

// Spent on unknown usernames too, so response time does not reveal which usernames exist.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureAdmin();
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

  async login(request: LoginRequest, ip: string): Promise<{ user: UserResponse; token: string }> {
    const { LOGIN_MAX_FAILURES, LOGIN_LOCKOUT_SECONDS, SESSION_TTL_HOURS } = this.config.env;
    const blockedMs = await this.throttle.blockedForMs(request.username, ip, LOGIN_MAX_FAILURES);
    if (blockedMs > 0) {
      throw AuthError.throttled(Math.ceil(blockedMs / 1000));
    }
    const user = await this.users.findByUsername(request.username);
    const valid = await verifyPassword(request.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid) {
      await this.throttle.recordFailure(request.username, ip, LOGIN_LOCKOUT_SECONDS * 1000);
      this.logger.warn({ username: request.username, ip }, 'failed sign-in');
      throw new AuthError('wrong-credentials', 'Wrong username or password');
    }
    await this.throttle.clear(request.username, ip);
    await this.users.touchLogin(user.id);
    const sessionUser: SessionUser = { id: user.id, username: user.username, role: user.role };
    const token = await this.sessions.create(sessionUser, SESSION_TTL_HOURS * 3_600_000);
    this.logger.info({ username: user.username, ip }, 'signed in');
    return { user: sessionUser, token };
  }

  logout(token: string): Promise<void> {
    return this.sessions.destroy(token);
  }

  resolveSession(token: string): Promise<SessionUser | null> {
    return this.sessions.resolve(token);
  }
}
