// Inventory: create, change, remove and import devices. Credentials are sealed before they touch the
// database; every change is announced so polling and the live state follow at once.
import {
  ConflictException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { DeviceCreateDto, DeviceResponseDto, DeviceUpdateDto } from '@wsnoc/shared';
import type { EntityManager } from 'typeorm';
import { SecretBox } from '@/infra/crypto/secret-box.js';
import { DomainEvents } from '@/infra/events/domain-events.js';
import { AuditService } from '@/modules/audit/audit.service.js';
import type { DeviceEntity } from './device.entity.js';
import { mapDevice } from './device.mapper.js';
import { DeviceRepository } from './device.repository.js';

/** A problem with one device's data, named so the import report and the REST answer can show it. */
export class DeviceInputError extends Error {}

@Injectable()
export class DeviceService {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly secrets: SecretBox,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
  ) {}

  async get(id: string): Promise<DeviceResponseDto> {
    return mapDevice(await this.require(id));
  }

  async require(id: string): Promise<DeviceEntity> {
    const device = /^[0-9a-f-]{36}$/i.test(id) ? await this.devices.findById(id) : null;
    if (!device) {
      throw new NotFoundException(`No device with id ${id}`);
    }
    return device;
  }

  /** Seals a password for storage. */
  seal(password: string): string {
    return this.secrets.seal(password);
  }

  /** The password in clear, for the driver only. */
  password(device: DeviceEntity): string {
    return this.secrets.open(device.passwordEnc);
  }

  async create(dto: DeviceCreateDto, actor: string): Promise<DeviceResponseDto> {
    if (await this.devices.findByName(dto.name)) {
      throw new ConflictException(`A device named ${dto.name} already exists`);
    }
    const saved = await this.wrap(() => this.devices.transaction((m) => this.upsert(dto, undefined, m)));
    await this.audit.record({
      actor,
      action: 'device.create',
      deviceId: saved.id,
      outcome: 'ok',
      after: mapDevice(saved),
    });
    await this.events.emit('device.upserted', { deviceId: saved.id });
    return mapDevice(saved);
  }

  async update(id: string, dto: DeviceUpdateDto, actor: string): Promise<DeviceResponseDto> {
    const existing = await this.require(id);
    const before = mapDevice(existing);
    const merged: DeviceCreateDto = {
      name: dto.name ?? existing.name,
      role: dto.role ?? existing.role,
      host: dto.host ?? existing.host,
      port: dto.port ?? existing.port,
      username: dto.username ?? existing.username,
      password: dto.password ?? this.password(existing),
      site: dto.site ?? existing.site?.name,
      lat: dto.lat ?? existing.lat ?? undefined,
      lon: dto.lon ?? existing.lon ?? undefined,
      antennaHeightM: dto.antennaHeightM ?? existing.antennaHeightM ?? undefined,
      parent: dto.parent ?? existing.parent?.name,
      tags: dto.tags ?? existing.tags,
    };
    const saved = await this.wrap(() => this.devices.transaction((m) => this.upsert(merged, existing, m)));
    await this.audit.record({
      actor,
      action: 'device.update',
      deviceId: id,
      outcome: 'ok',
      before,
      after: mapDevice(saved),
    });
    await this.events.emit('device.upserted', { deviceId: id });
    return mapDevice(saved);
  }

  async remove(id: string, actor: string): Promise<void> {
    const existing = await this.require(id);
    await this.devices.delete(id);
    await this.audit.record({
      actor,
      action: 'device.delete',
      deviceId: id,
      outcome: 'ok',
      before: mapDevice(existing),
    });
    await this.events.emit('device.removed', { deviceId: id });
  }

  /** Creates or updates by name inside the caller's transaction; the caller announces and audits. */
  async upsert(
    dto: DeviceCreateDto,
    existing: DeviceEntity | undefined | null,
    manager: EntityManager,
  ): Promise<DeviceEntity> {
    const parentId = await this.resolveParent(dto, manager);
    return this.devices.save(
      {
        ...(existing ? { id: existing.id } : {}),
        name: dto.name,
        role: dto.role,
        host: dto.host,
        port: dto.port,
        username: dto.username,
        passwordEnc: this.secrets.seal(dto.password),
        siteId: await this.devices.siteId(dto.site, manager),
        lat: dto.lat ?? null,
        lon: dto.lon ?? null,
        antennaHeightM: dto.antennaHeightM ?? null,
        parentId,
        tags: [...new Set(dto.tags)],
      },
      manager,
    );
  }

  private async resolveParent(dto: DeviceCreateDto, manager: EntityManager): Promise<string | null> {
    if (!dto.parent) {
      return null;
    }
    if (dto.role === 'base-station') {
      throw new DeviceInputError('parent: only a CPE hangs off a base station');
    }
    const parent = await manager
      .getRepository<DeviceEntity>('DeviceEntity')
      .findOne({ where: { name: dto.parent } });
    if (!parent) {
      throw new DeviceInputError(`parent: no device named ${dto.parent}`);
    }
    if (parent.role !== 'base-station') {
      throw new DeviceInputError(`parent: ${dto.parent} is not a base station`);
    }
    return parent.id;
  }

  private async wrap<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof DeviceInputError) {
        throw new UnprocessableEntityException(err.message);
      }
      if ((err as { code?: string }).code === '23505') {
        throw new ConflictException('Another device already uses this name or host and port');
      }
      throw err;
    }
  }
}
