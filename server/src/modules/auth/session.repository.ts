// Sessions live in the cache (Redis or in-process) under the hash of their token, so a stolen cache dump
// holds no usable cookie and every instance sees every session.
import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type UserRole, UserRoleSchema } from '@wsnoc/shared';
import { z } from 'zod';
import { KeyValueStore } from '@/infra/cache/cache.types.js';

export interface SessionUser {
  id: string;
  username: string;
  role: UserRole;
}

const SessionSchema = z.object({ id: z.string(), username: z.string(), role: UserRoleSchema });

@Injectable()
export class SessionRepository {
  constructor(private readonly store: KeyValueStore) {}

  /**
   * A session's id: the hash of its token. Safe to log, publish or hold beside a socket, since it cannot be
   * turned back into a cookie.
   */
  idOf(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }

  private key(token: string): string {
    return this.keyOfId(this.idOf(token));
  }

  private keyOfId(id: string): string {
    return `session:${id}`;
  }

  async create(user: SessionUser, ttlMs: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.store.set(this.key(token), JSON.stringify(user), ttlMs);
    return token;
  }

  async resolve(token: string): Promise<SessionUser | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) {
      return null;
    }
    return this.resolveId(this.idOf(token));
  }

  /** The session's user while it lasts; null once it was destroyed or has expired. */
  async resolveId(id: string): Promise<SessionUser | null> {
    const raw = await this.store.get(this.keyOfId(id));
    if (!raw) {
      return null;
    }
    const parsed = SessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  destroy(token: string): Promise<void> {
    return this.store.del(this.key(token));
  }
}
