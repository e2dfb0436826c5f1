// The only code that reads and writes wall displays in Postgres.
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { WallDisplayEntity } from './wall-display.entity.js';

export type WallDisplayFields = Pick<WallDisplayEntity, 'name' | 'sites' | 'panels' | 'rotateSeconds'>;

/** Postgres' unique_violation: another active display has the name. */
const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;
}

@Injectable()
export class WallDisplayRepository {
  constructor(
    @InjectRepository(WallDisplayEntity) private readonly displays: Repository<WallDisplayEntity>,
  ) {}

  listActive(): Promise<WallDisplayEntity[]> {
    return this.displays.find({ where: { revokedAt: IsNull() }, order: { name: 'ASC' } });
  }

  findActive(id: string): Promise<WallDisplayEntity | null> {
    return this.displays.findOne({ where: { id, revokedAt: IsNull() } });
  }

  /** Revoked ones too: the handshake says "revoked" rather than "unknown" for them. */
  findByTokenHash(tokenHash: string): Promise<WallDisplayEntity | null> {
    return this.displays.findOne({ where: { tokenHash } });
  }

  /** The active displays among `ids`: what the periodic re-check of open screens reads. */
  findActiveByIds(ids: readonly string[]): Promise<WallDisplayEntity[]> {
    if (!ids.length) {
      return Promise.resolve([]);
    }
    return this.displays.find({ where: { id: In([...ids]), revokedAt: IsNull() } });
  }

  async create(fields: WallDisplayFields, tokenHash: string, createdBy: string): Promise<WallDisplayEntity> {
    return this.displays.save(this.displays.create({ ...fields, tokenHash, createdBy, revokedAt: null }));
  }

  async update(id: string, change: Partial<WallDisplayFields>): Promise<WallDisplayEntity | null> {
    await this.displays.update({ id, revokedAt: IsNull() }, change);
    return this.findActive(id);
  }

  /** True when it was active and is now revoked. */
  async revoke(id: string): Promise<boolean> {
    const result = await this.displays.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }
}
