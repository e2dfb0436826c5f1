// The only code that reads and writes the device inventory in Postgres.
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import { DeviceEntity, SiteEntity } from './device.entity.js';

@Injectable()
export class DeviceRepository {
  constructor(
    @InjectRepository(DeviceEntity) private readonly devices: Repository<DeviceEntity>,
    @InjectRepository(SiteEntity) private readonly sites: Repository<SiteEntity>,
  ) {}

  findAll(): Promise<DeviceEntity[]> {
    return this.devices.find({ relations: { site: true, parent: true }, order: { name: 'ASC' } });
  }

  findById(id: string): Promise<DeviceEntity | null> {
    return this.devices.findOne({ where: { id }, relations: { site: true, parent: true } });
  }

  findByName(name: string): Promise<DeviceEntity | null> {
    return this.devices.findOne({ where: { name }, relations: { site: true, parent: true } });
  }

  findByNames(names: string[]): Promise<DeviceEntity[]> {
    return names.length ? this.devices.find({ where: { name: In(names) } }) : Promise.resolve([]);
  }

  /** Runs fn in one transaction: a line of an import is saved whole or not at all. */
  transaction<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.devices.manager.transaction(fn);
  }

  async siteId(name: string | undefined | null, manager?: EntityManager): Promise<string | null> {
    if (!name) {
      return null;
    }
    const sites = manager ? manager.getRepository(SiteEntity) : this.sites;
    await sites.createQueryBuilder().insert().values({ name }).orIgnore().execute();
    const site = await sites.findOneByOrFail({ name });
    return site.id;
  }

  async save(device: Partial<DeviceEntity>, manager?: EntityManager): Promise<DeviceEntity> {
    const repo = manager ? manager.getRepository(DeviceEntity) : this.devices;
    const saved = await repo.save(repo.create(device));
    return await (manager ? manager.getRepository(DeviceEntity) : this.devices).findOneOrFail({
      where: { id: saved.id },
      relations: { site: true, parent: true },
    });
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.devices.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
