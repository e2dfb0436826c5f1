// Inventory: create, change and remove devices. Credentials are sealed before they touch the database;
// every change is announced (DomainEvents) so the directory, polling and the live state follow before
// the REST call answers.
import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import type { DeviceCreateDto, DeviceResponseDto, DeviceUpdateDto } from '@wsnoc/shared';
import { DeviceIdSchema } from '@wsnoc/shared';
import { SecretBox } from '@/infra/crypto/secret-box.js';
import { classifyDatabaseError } from '@/infra/errors/dependency-errors.js';
import { DomainEvents } from '@/infra/events/domain-events.js';
import { type AuditActor, AuditService } from '@/modules/audit/audit.service.js';
import type { DeviceEntity } from './device.entity.js';
import { DeviceError } from './device.errors.js';
import { mapDevice } from './device.mapper.js';
import { DeviceRepository, type DeviceTransaction } from './device.repository.js';

/** Fields whose change sends the stored password somewhere new, so it must be given again. */
const LOGIN_FIELDS = ['host', 'port', 'username'] as const;

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

  /** The device, or DeviceError not-found; a malformed id is invalid-id and never reaches Postgres. */
  async require(id: string): Promise<DeviceEntity> {
    if (!DeviceIdSchema.safeParse(id).success) {
      throw new DeviceError('invalid-id', 'id must be a device id (a UUID)', {
        issues: [{ path: 'id', message: 'must be a device id (a UUID)' }],
      });
    }
    const device = await this.devices.findById(id);
    if (!device) {
      throw DeviceError.notFound(id);
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

  async create(dto: DeviceCreateDto, actor: string | AuditActor): Promise<DeviceResponseDto> {
    if (await this.devices.findByName(dto.name)) {
      throw new DeviceError('name-taken', `A device named ${dto.name} already exists`);
    }
    const saved = await this.saving(() => this.devices.transaction((m) => this.upsert(dto, undefined, m)));
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

  /** Changes exactly the fields the request names; null clears an optional one. */
  async update(id: string, dto: DeviceUpdateDto, actor: string | AuditActor): Promise<DeviceResponseDto> {
    const existing = await this.require(id);
    const moved = LOGIN_FIELDS.filter((f) => dto[f] !== undefined && dto[f] !== existing[f]);
    if (moved.length && dto.password === undefined) {
      throw DeviceError.invalid([
        {
          path: 'password',
          message: `is required again when ${moved.join(', ')} changes, so the stored password never goes to a new address`,
        },
      ]);
    }
    if (dto.role === 'cpe' && existing.role === 'base-station') {
      const cpes = await this.devices.countChildren(id);
      if (cpes > 0) {
        throw DeviceError.invalid([
          { path: 'role', message: `${existing.name} still serves ${cpes} CPE(s); move them first` },
        ]);
      }
    }
    const before = mapDevice(existing);
    const merged = this.merge(dto, existing);
    if (isDeepStrictEqual(merged, this.merge({}, existing))) {
      // Nothing named differs from what is stored: no write, no audit entry, no event.
      return before;
    }
    const saved = await this.saving(() => this.devices.transaction((m) => this.upsert(merged, existing, m)));
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

  /** The device as stored, with what `dto` names changed: a PATCH changes exactly the fields it names. */
  private merge(dto: DeviceUpdateDto, existing: DeviceEntity): DeviceCreateDto {
    const keep = <T>(given: T | null | undefined, current: T | null): T | undefined =>
      given === undefined ? (current ?? undefined) : (given ?? undefined);
    return {
      name: dto.name ?? existing.name,
      role: dto.role ?? existing.role,
      host: dto.host ?? existing.host,
      port: dto.port ?? existing.port,
      username: dto.username ?? existing.username,
      password: dto.password ?? this.password(existing),
      site: keep(dto.site, existing.site?.name ?? null),
      lat: keep(dto.lat, existing.lat),
      lon: keep(dto.lon, existing.lon),
      antennaHeightM: keep(dto.antennaHeightM, existing.antennaHeightM),
      parent: keep(dto.parent, existing.parent?.name ?? null),
      tags: dto.tags ?? existing.tags,
    };
  }

  async remove(id: string, actor: string | AuditActor): Promise<void> {
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
    manager: DeviceTransaction,
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

  private async resolveParent(dto: DeviceCreateDto, manager: DeviceTransaction): Promise<string | null> {
    if (!dto.parent) {
      return null;
    }
    if (dto.role === 'base-station') {
      throw DeviceError.invalid([{ path: 'parent', message: 'only a CPE hangs off a base station' }]);
    }
    const parent = await this.devices.findParent(dto.parent, manager);
    if (!parent) {
      throw DeviceError.invalid([{ path: 'parent', message: `no device named ${dto.parent}` }]);
    }
    if (parent.role !== 'base-station') {
      throw DeviceError.invalid([{ path: 'parent', message: `${dto.parent} is not a base station` }]);
    }
    return parent.id;
  }

  /** Turns the database's refusals of a save into the inventory's own errors. */
  private async saving<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (classifyDatabaseError(err) === 'unique-violation') {
        throw uniqueViolation(err);
      }
      throw err;
    }
  }
}

/** Which of the devices table's unique keys a save broke. */
export function uniqueViolation(err: unknown): DeviceError {
  const constraint = (err as { constraint?: unknown }).constraint;
  return typeof constraint === 'string' && constraint.includes('host')
    ? new DeviceError('address-taken', 'Another device already uses this host and port')
    : new DeviceError('name-taken', 'Another device already uses this name');
}
