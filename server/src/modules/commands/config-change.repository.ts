// The only code that reads and writes configuration changes in Postgres.
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ConfigChangeStatus } from '@wsnoc/shared';
import { In, Repository } from 'typeorm';
import { ConfigChangeEntity } from './config-change.entity.js';

export type NewConfigChange = Omit<ConfigChangeEntity, 'id' | 'createdAt' | 'updatedAt'>;

/** Changes that can still be undone by a rollback. */
const UNDOABLE: ConfigChangeStatus[] = ['applied', 'pending-confirm', 'confirmed'];

@Injectable()
export class ConfigChangeRepository {
  constructor(
    @InjectRepository(ConfigChangeEntity) private readonly changes: Repository<ConfigChangeEntity>,
  ) {}

  insert(change: NewConfigChange): Promise<ConfigChangeEntity> {
    return this.changes.save(this.changes.create(change));
  }

  findById(id: string): Promise<ConfigChangeEntity | null> {
    return this.changes.findOne({ where: { id } });
  }

  /**
   * Moves a change from one status to another, only if it is still in the first: when two instances
   * notice the same revert, exactly one of them records it. Returns the change as updated, or null.
   */
  async transition(
    id: string,
    from: ConfigChangeStatus,
    patch: Partial<Pick<ConfigChangeEntity, 'status' | 'after' | 'detail'>>,
  ): Promise<ConfigChangeEntity | null> {
    const result = await this.changes.update({ id, status: from }, patch);
    return (result.affected ?? 0) > 0 ? this.findById(id) : null;
  }

  /** The device's newest change that a rollback could undo. */
  latestUndoable(deviceId: string): Promise<ConfigChangeEntity | null> {
    return this.changes.findOne({
      where: { deviceId, status: In(UNDOABLE) },
      order: { createdAt: 'DESC' },
    });
  }

  latestPending(deviceId: string): Promise<ConfigChangeEntity | null> {
    return this.changes.findOne({
      where: { deviceId, status: 'pending-confirm' },
      order: { createdAt: 'DESC' },
    });
  }

  listForDevice(deviceId: string, limit: number): Promise<ConfigChangeEntity[]> {
    return this.changes.find({ where: { deviceId }, order: { createdAt: 'DESC' }, take: limit });
  }

  /** The device's changes waiting for a confirm, oldest first. */
  pendingFor(deviceId: string): Promise<ConfigChangeEntity[]> {
    return this.changes.find({ where: { deviceId, status: 'pending-confirm' }, order: { createdAt: 'ASC' } });
  }

  /** A later `commit confirmed` moves the radio's one deadline: earlier pending changes share it. */
  async moveDeadline(ids: string[], deadline: Date): Promise<void> {
    if (ids.length) {
      await this.changes.update({ id: In(ids), status: 'pending-confirm' }, { confirmDeadline: deadline });
    }
  }

  allPending(): Promise<ConfigChangeEntity[]> {
    return this.changes.find({ where: { status: 'pending-confirm' } });
  }
}
