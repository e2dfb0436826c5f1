// The only code that reads and writes the device inventory in Postgres.
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import { DeviceEntity, SiteEntity } from './device.entity.js';

/** The columns an import writes. */
export type DeviceRow = Pick<
  DeviceEntity,
  | 'name'
  | 'role'
  | 'host'
  | 'port'
  | 'username'
  | 'passwordEnc'
  | 'siteId'
  | 'lat'
  | 'lon'
  | 'antennaHeightM'
  | 'parentId'
  | 'tags'
>;

/** A transaction in progress, as services see it: they pass it back to the repository, never use it. */
export type DeviceTransaction = EntityManager;

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

  findByIds(ids: string[]): Promise<DeviceEntity[]> {
    return ids.length
      ? this.devices.find({ where: { id: In(ids) }, relations: { site: true, parent: true } })
      : Promise.resolve([]);
  }

  /** Name -> id and role of the devices that exist among `names`. */
  async index(names: string[]): Promise<Map<string, { id: string; role: DeviceEntity['role'] }>> {
    const found = names.length
      ? await this.devices.find({ select: { id: true, name: true, role: true }, where: { name: In(names) } })
      : [];
    return new Map(found.map((d) => [d.name, { id: d.id, role: d.role }]));
  }

  /** Creates the sites that do not exist yet and returns name -> id for all of them. */
  async ensureSites(names: string[]): Promise<Map<string, string>> {
    if (!names.length) {
      return new Map();
    }
    await this.sites
      .createQueryBuilder()
      .insert()
      .values(names.map((name) => ({ name })))
      .orIgnore()
      .execute();
    const found = await this.sites.find({ where: { name: In(names) } });
    return new Map(found.map((site) => [site.name, site.id]));
  }

  /** Inserts or updates (by name) many devices in one statement; returns name -> id. */
  async upsertMany(rows: DeviceRow[], manager: EntityManager): Promise<Map<string, string>> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(DeviceEntity)
      .values(rows)
      .orUpdate(
        [
          'role',
          'host',
          'port',
          'username',
          'password_enc',
          'site_id',
          'lat',
          'lon',
          'antenna_height_m',
          'parent_id',
          'tags',
          'updated_at',
        ],
        ['name'],
      )
      .returning(['id', 'name'])
      .execute();
    return new Map((result.raw as { id: string; name: string }[]).map((r) => [r.name, r.id]));
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

  countChildren(id: string): Promise<number> {
    return this.devices.count({ where: { parentId: id } });
  }

  /** The would-be parent of a CPE, read inside the caller's transaction. */
  findParent(name: string, manager: EntityManager): Promise<DeviceEntity | null> {
    return manager.getRepository(DeviceEntity).findOne({ where: { name } });
  }

  /** Id and last change of every device: the directory's cheap check that it missed nothing. */
  async versions(): Promise<Map<string, number>> {
    const rows = await this.devices.find({ select: { id: true, updatedAt: true } });
    return new Map(rows.map((r) => [r.id, r.updatedAt.getTime()]));
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.devices.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
