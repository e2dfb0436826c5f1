// Wall displays and their feed tokens, for admins: create (the token is answered once and only its hash
// kept), list, change, revoke; every change audited. A change or a revocation is announced to every
// instance through the cache's pub/sub, so the /wall gateway re-scopes or cuts off the display's screens
// at once wherever they are connected; the gateway also re-checks its displays on a timer, which holds
// the cut-off within seconds when an announcement is lost.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type {
  WallConfig,
  WallDisplay,
  WallDisplayCreate,
  WallDisplayCreated,
  WallDisplayUpdate,
} from '@wsnoc/shared';
import { z } from 'zod';
import { PubSub } from '@/infra/cache/cache.types.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { type AuditActor, AuditService } from '@/modules/audit/audit.service.js';
import type { WallDisplayEntity } from './wall-display.entity.js';
import { isUniqueViolation, WallDisplayRepository } from './wall-display.repository.js';
import { WallError } from './wall.errors.js';

const DISPLAYS_CHANGED = 'wall:displays-changed';
const ChangedSchema = z.object({ from: z.string(), id: z.string() });

export type WallActor = AuditActor;

/** What a presented token is: an active display, a revoked one, or nothing we know. */
export type TokenResolution =
  { kind: 'active'; display: WallDisplayEntity } | { kind: 'revoked' } | { kind: 'unknown' };

export type DisplayChangedListener = (displayId: string) => void;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function mapWallDisplay(entity: WallDisplayEntity): WallDisplay {
  return {
    id: entity.id,
    name: entity.name,
    sites: entity.sites,
    panels: entity.panels,
    rotateSeconds: entity.rotateSeconds,
    createdBy: entity.createdBy,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

export function wallConfig(entity: WallDisplayEntity): WallConfig {
  return {
    id: entity.id,
    name: entity.name,
    sites: entity.sites,
    panels: entity.panels,
    rotateSeconds: entity.rotateSeconds,
  };
}

const UUID = z.string().uuid();

@Injectable()
export class WallDisplayService implements OnModuleInit, OnApplicationShutdown {
  private readonly instanceId = randomUUID();
  private readonly listeners = new Set<DisplayChangedListener>();
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly displays: WallDisplayRepository,
    private readonly audit: AuditService,
    private readonly pubsub: PubSub,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe(DISPLAYS_CHANGED, (message) => this.receive(message));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.unsubscribe?.().catch(() => undefined);
  }

  async list(): Promise<WallDisplay[]> {
    return (await this.displays.listActive()).map(mapWallDisplay);
  }

  async create(request: WallDisplayCreate, actor: WallActor): Promise<WallDisplayCreated> {
    const token = randomBytes(32).toString('base64url');
    let entity: WallDisplayEntity;
    try {
      entity = await this.displays.create(request, hashToken(token), actor.username);
    } catch (err) {
      throw isUniqueViolation(err) ? WallError.nameTaken(request.name) : err;
    }
    await this.audit.record({
      actor,
      action: 'wall.create',
      target: `wall:${entity.name}`,
      outcome: 'ok',
      after: fieldsOf(entity),
    });
    return { ...mapWallDisplay(entity), token };
  }

  async update(id: string, change: WallDisplayUpdate, actor: WallActor): Promise<WallDisplay> {
    const before = await this.require(id);
    let after: WallDisplayEntity | null;
    try {
      after = await this.displays.update(id, stripUndefined(change));
    } catch (err) {
      throw isUniqueViolation(err) && change.name ? WallError.nameTaken(change.name) : err;
    }
    if (!after) {
      throw WallError.notFound(id); // revoked in between
    }
    await this.audit.record({
      actor,
      action: 'wall.update',
      target: `wall:${after.name}`,
      outcome: 'ok',
      before: fieldsOf(before),
      after: fieldsOf(after),
    });
    await this.changed(id);
    return mapWallDisplay(after);
  }

  /** Revokes the display's token; its open screens are told and cut off on every instance. */
  async revoke(id: string, actor: WallActor): Promise<void> {
    const display = await this.require(id);
    if (!(await this.displays.revoke(id))) {
      throw WallError.notFound(id);
    }
    await this.audit.record({
      actor,
      action: 'wall.revoke',
      target: `wall:${display.name}`,
      outcome: 'ok',
      before: fieldsOf(display),
    });
    await this.changed(id);
  }

  async resolveToken(token: string): Promise<TokenResolution> {
    const display = await this.displays.findByTokenHash(hashToken(token));
    if (!display) {
      return { kind: 'unknown' };
    }
    return display.revokedAt ? { kind: 'revoked' } : { kind: 'active', display };
  }

  /** The active displays among `ids`, by id; a missing id is revoked. */
  async activeByIds(ids: readonly string[]): Promise<Map<string, WallDisplayEntity>> {
    return new Map((await this.displays.findActiveByIds(ids)).map((d) => [d.id, d]));
  }

  /** Calls the listener with the id of every display changed or revoked, here or on another instance. */
  onDisplayChanged(listener: DisplayChangedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async require(id: string): Promise<WallDisplayEntity> {
    const display = UUID.safeParse(id).success ? await this.displays.findActive(id) : null;
    if (!display) {
      throw WallError.notFound(id);
    }
    return display;
  }

  private async changed(id: string): Promise<void> {
    this.announce(id);
    await this.pubsub
      .publish(DISPLAYS_CHANGED, JSON.stringify({ from: this.instanceId, id }))
      .catch((err: unknown) =>
        // The other instances still see it at their next re-check of open displays.
        this.logger.warn({ err }, 'could not announce a wall display change to the other instances'),
      );
  }

  private announce(id: string): void {
    for (const listener of this.listeners) {
      listener(id);
    }
  }

  private receive(message: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(message);
    } catch {
      return;
    }
    const parsed = ChangedSchema.safeParse(raw);
    if (parsed.success && parsed.data.from !== this.instanceId) {
      this.announce(parsed.data.id);
    }
  }
}

function fieldsOf(entity: WallDisplayEntity) {
  return {
    name: entity.name,
    sites: entity.sites,
    panels: entity.panels,
    rotateSeconds: entity.rotateSeconds,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
