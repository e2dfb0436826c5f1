import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { UserRole } from '@wsnoc/shared';
import { UserEntity } from './user.entity.js';

@Injectable()
export class UserRepository {
  constructor(@InjectRepository(UserEntity) private readonly users: Repository<UserEntity>) {}

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { username } });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  async create(username: string, passwordHash: string, role: UserRole): Promise<UserEntity> {
    return this.users.save(
      this.users.create({ username, passwordHash, role, lastLoginAt: null, disabledAt: null }),
    );
  }

  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { username: 'ASC' } });
  }

  countEnabledAdmins(): Promise<number> {
    return this.users.count({ where: { role: 'admin', disabledAt: IsNull() } });
  }

  async update(
    id: string,
    change: Partial<Pick<UserEntity, 'role' | 'disabledAt' | 'passwordHash'>>,
  ): Promise<UserEntity> {
    await this.users.update({ id }, change);
    return (await this.findById(id))!;
  }

  /**
   * Applies a change that may take an admin away (a role change or a disable) only if an enabled admin
   * remains: the enabled admins are locked while counting, so two admins demoting each other at the same
   * moment cannot both succeed. Returns null, and changes nothing, when the change would leave none.
   */
  async updateKeepingAnAdmin(
    id: string,
    change: Pick<UserEntity, 'role' | 'disabledAt'>,
  ): Promise<UserEntity | null> {
    const applied = await this.users.manager.transaction(async (manager) => {
      const admins = await manager
        .createQueryBuilder(UserEntity, 'u')
        .select('u.id')
        .where('u.role = :admin AND u.disabled_at IS NULL', { admin: 'admin' })
        .setLock('pessimistic_write')
        .getMany();
      const losesAdmin = change.role !== 'admin' || change.disabledAt !== null;
      if (losesAdmin && admins.some((a) => a.id === id) && admins.length <= 1) {
        return false;
      }
      await manager.update(UserEntity, { id }, change);
      return true;
    });
    return applied ? this.findById(id) : null;
  }

  async touchLogin(id: string): Promise<void> {
    await this.users.update({ id }, { lastLoginAt: new Date() });
  }
}
