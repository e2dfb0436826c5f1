// People: admins create users, change their roles, disable and re-enable them, reset their passwords and
// sign them out everywhere; everyone changes their own password and sees their own sessions. Disabling,
// a reset and a password change end sessions at once (and, through the sign-out announcement, their
// live-feed sockets); a new role takes effect on open sessions at once. There is always an enabled admin.
// Every change is audited with who, whom, before and after.
import { Injectable } from '@nestjs/common';
import type { PasswordChange, SessionSummary, UserCreate, UserSummary, UserUpdate } from '@wsnoc/shared';
import { type AuditActor, AuditService } from '@/modules/audit/audit.service.js';
import { AuthError } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import { hashPassword, verifyPassword } from './password.js';
import { passwordProblems } from './password-policy.js';
import { type IndexedSession, SessionRepository, type SessionUser } from './session.repository.js';
import type { UserEntity } from './user.entity.js';
import { UserRepository } from './user.repository.js';

interface Actor extends AuditActor {
  /** The session the request came with, to mark it in a list. */
  sessionId?: string;
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<UserSummary[]> {
    const users = await this.users.list();
    return Promise.all(
      users.map(async (user) => this.summary(user, (await this.sessions.listFor(user.id)).length)),
    );
  }

  async create(request: UserCreate, actor: Actor): Promise<UserSummary> {
    this.checkPolicy(request.password, request.username, 'password');
    if (await this.users.findByUsername(request.username)) {
      throw new AuthError('username-taken', `A user named ${request.username} exists already`, {
        issues: [{ path: 'username', message: `${request.username} is taken` }],
      });
    }
    const user = await this.users.create(
      request.username,
      await hashPassword(request.password),
      request.role,
    );
    await this.audit.record({
      actor,
      action: 'user.create',
      target: `user:${user.username}`,
      outcome: 'ok',
      after: { username: user.username, role: user.role },
    });
    return this.summary(user, 0);
  }

  async update(userId: string, change: UserUpdate, actor: Actor): Promise<UserSummary> {
    const user = await this.require(userId);
    const before = { role: user.role, disabled: user.disabledAt !== null };
    const after = {
      role: change.role ?? before.role,
      disabled: change.disabled ?? before.disabled,
    };
    const action =
      after.disabled !== before.disabled ? (after.disabled ? 'user.disable' : 'user.enable') : 'user.role';
    const refuseLastAdmin = async (): Promise<never> => {
      await this.refuse(actor, action, user, before, after, 'it would leave no enabled admin');
      throw new AuthError(
        'last-admin',
        `${user.username} is the last enabled admin; make another admin first`,
      );
    };
    const losesAdmin =
      before.role === 'admin' && !before.disabled && (after.role !== 'admin' || after.disabled);
    if (losesAdmin && (await this.users.countEnabledAdmins()) <= 1) {
      await refuseLastAdmin();
    }
    // The count above answers the common case with a clear refusal; the locked update decides a race.
    const updated = await this.users.updateKeepingAnAdmin(user.id, {
      role: after.role,
      disabledAt: after.disabled ? (user.disabledAt ?? new Date()) : null,
    });
    if (!updated) {
      return refuseLastAdmin();
    }
    let ended = 0;
    if (after.disabled && !before.disabled) {
      ended = await this.auth.endSessionsOf(user.id);
    } else if (after.role !== before.role) {
      await this.sessions.changeRole(user.id, after.role);
    }
    await this.audit.record({
      actor,
      action,
      target: `user:${user.username}`,
      outcome: 'ok',
      before,
      after,
      detail: ended ? `${ended} session(s) ended` : null,
    });
    return this.summary(updated, after.disabled ? 0 : (await this.sessions.listFor(user.id)).length);
  }

  async resetPassword(userId: string, password: string, actor: Actor): Promise<void> {
    const user = await this.require(userId);
    this.checkPolicy(password, user.username, 'password');
    await this.users.update(user.id, { passwordHash: await hashPassword(password) });
    const ended = await this.auth.endSessionsOf(user.id);
    await this.audit.record({
      actor,
      action: 'user.password-reset',
      target: `user:${user.username}`,
      outcome: 'ok',
      detail: `${ended} session(s) ended`,
    });
  }

  /** A user's own password. The current one is required; the user's other sessions end, this one stays. */
  async changeOwnPassword(
    self: SessionUser,
    change: PasswordChange,
    currentToken: string,
    address: string | null = null,
  ): Promise<void> {
    const user = await this.require(self.id);
    if (!(await verifyPassword(change.currentPassword, user.passwordHash))) {
      await this.audit.record({
        actor: { username: user.username, address },
        action: 'user.password-change',
        target: `user:${user.username}`,
        outcome: 'refused',
        detail: 'the current password was wrong',
      });
      throw new AuthError('wrong-password', 'The current password is wrong', {
        issues: [{ path: 'currentPassword', message: 'currentPassword is wrong' }],
      });
    }
    this.checkPolicy(change.newPassword, user.username, 'newPassword');
    await this.users.update(user.id, { passwordHash: await hashPassword(change.newPassword) });
    const keep = this.sessions.idOf(currentToken);
    const others = (await this.sessions.listFor(user.id)).filter((s) => s.id !== keep);
    await this.auth.endSessions(
      user.id,
      others.map((s) => s.id),
    );
    await this.audit.record({
      actor: { username: user.username, address },
      action: 'user.password-change',
      target: `user:${user.username}`,
      outcome: 'ok',
      detail: `${others.length} other session(s) ended`,
    });
  }

  async sessionsOf(userId: string, actor: Actor): Promise<SessionSummary[]> {
    await this.require(userId);
    return (await this.sessions.listFor(userId)).map((s) => sessionSummary(s, actor.sessionId));
  }

  async signOutEverywhere(userId: string, actor: Actor): Promise<number> {
    const user = await this.require(userId);
    const ended = await this.auth.endSessionsOf(user.id);
    await this.audit.record({
      actor,
      action: 'user.sign-out-everywhere',
      target: `user:${user.username}`,
      outcome: 'ok',
      detail: `${ended} session(s) ended`,
    });
    return ended;
  }

  private checkPolicy(password: string, username: string, field: string): void {
    const issues = passwordProblems(password, username, field);
    if (issues.length) {
      throw new AuthError('weak-password', issues.map((i) => `${i.path}: ${i.message}`).join('; '), {
        issues,
      });
    }
  }

  private async require(userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user) {
      throw new AuthError('user-not-found', `No user ${userId}`);
    }
    return user;
  }

  private async refuse(
    actor: Actor,
    action: string,
    user: UserEntity,
    before: unknown,
    after: unknown,
    why: string,
  ): Promise<void> {
    await this.audit.record({
      actor,
      action,
      target: `user:${user.username}`,
      outcome: 'refused',
      before,
      after,
      detail: why,
    });
  }

  private summary(user: UserEntity, sessions: number): UserSummary {
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      disabled: user.disabledAt !== null,
      createdAt: user.createdAt.toISOString(),
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      sessions,
    };
  }
}

export function sessionSummary(session: IndexedSession, currentId: string | undefined): SessionSummary {
  return {
    id: session.id,
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
    address: session.address,
    userAgent: session.userAgent,
    current: session.id === currentId,
  };
}
