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

  async touchLogin(id: string): Promise<void> {
    await this.users.update({ id }, { lastLoginAt: new Date() });
  }
}
