// Sessions live in the cache (Redis or in-process) under the hash of their token, so a stolen cache dump
// holds no usable cookie and every instance sees every session. Each user's sessions are also indexed
// (when, from where, until when), so they can be listed and all ended at once; an index entry whose
// session has expired is dropped when the index is read.
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

/** Where and when a session was opened, as the user's index holds it. */
export interface SessionOrigin {
  address: string;
  userAgent: string | null;
}

export interface IndexedSession extends SessionOrigin {
  id: string;
  createdAt: string;
  expiresAt: string;
}

const IndexEntrySchema = z.object({
  createdAt: z.string(),
  expiresAt: z.string(),
  address: z.string(),
  userAgent: z.string().nullable(),
});

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

  private indexKey(userId: string): string {
    return `user-sessions:${userId}`;
  }

  async create(user: SessionUser, ttlMs: number, origin: SessionOrigin): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = Date.now();
    await this.store.set(this.key(token), JSON.stringify(user), ttlMs);
    await this.store.hset(this.indexKey(user.id), {
      [this.idOf(token)]: JSON.stringify({
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + ttlMs).toISOString(),
        ...origin,
      }),
    });
    return token;
  }

  /** A user's open sessions, oldest first; expired ones are dropped from the index on the way. */
  async listFor(userId: string): Promise<IndexedSession[]> {
    const index = await this.store.hgetall(this.indexKey(userId));
    const open: IndexedSession[] = [];
    const gone: string[] = [];
    for (const [id, raw] of Object.entries(index)) {
      const entry = IndexEntrySchema.safeParse(safeJson(raw));
      if (!entry.success || !(await this.store.get(this.keyOfId(id)))) {
        gone.push(id);
        continue;
      }
      open.push({ id, ...entry.data });
    }
    if (gone.length) {
      await this.store.hdel(this.indexKey(userId), gone);
    }
    return open.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Ends every session of a user; answers the ids ended. */
  async destroyAllFor(userId: string): Promise<string[]> {
    const ids = Object.keys(await this.store.hgetall(this.indexKey(userId)));
    await this.store.delMany([...ids.map((id) => this.keyOfId(id)), this.indexKey(userId)]);
    return ids;
  }

  /** Ends the named sessions of a user. */
  async destroyIds(userId: string, ids: readonly string[]): Promise<void> {
    if (!ids.length) {
      return;
    }
    await this.store.delMany(ids.map((id) => this.keyOfId(id)));
    await this.store.hdel(this.indexKey(userId), [...ids]);
  }

  /** Gives a user's open sessions a new role at once, keeping each one's remaining lifetime. */
  async changeRole(userId: string, role: UserRole): Promise<void> {
    for (const session of await this.listFor(userId)) {
      const key = this.keyOfId(session.id);
      const [user, ttl] = await Promise.all([this.resolveId(session.id), this.store.ttlMs(key)]);
      if (user && ttl !== null && ttl > 0) {
        await this.store.set(key, JSON.stringify({ ...user, role }), ttl);
      }
    }
  }

  /** Whether the text could be a token at all (anything else is refused without a cache read). */
  wellFormed(token: string): boolean {
    return /^[A-Za-z0-9_-]{43}$/.test(token);
  }

  async resolve(token: string): Promise<SessionUser | null> {
    if (!this.wellFormed(token)) {
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

  /** Many sessions' users in one round trip (the feed's handshakes in a reconnect storm). */
  async resolveIds(ids: readonly string[]): Promise<(SessionUser | null)[]> {
    const raws = await this.store.getMany(ids.map((id) => this.keyOfId(id)));
    return raws.map((raw) => {
      if (!raw) {
        return null;
      }
      const parsed = SessionSchema.safeParse(safeJson(raw));
      return parsed.success ? parsed.data : null;
    });
  }

  async destroy(token: string, userId?: string): Promise<void> {
    await this.store.del(this.key(token));
    if (userId) {
      await this.store.hdel(this.indexKey(userId), [this.idOf(token)]);
    }
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
