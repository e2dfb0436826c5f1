import { describe, expect, it } from 'vitest';
import { MemoryPubSub } from '@/infra/cache/memory.cache.js';
import { DomainEvents } from '@/infra/events/domain-events.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { strictMock } from '../../../test/strict-mock.js';
import { type InventoryChange, DeviceDirectory } from './device-directory.service.js';
import type { DeviceEntity } from './device.entity.js';
import { DeviceError } from './device.errors.js';
import type { DeviceRepository } from './device.repository.js';
import type { DeviceService } from './device.service.js';

const ID = '11111111-1111-4111-8111-111111111111';
const entity = (id: string, at = 1): DeviceEntity =>
  ({
    id,
    name: `bs-${id.slice(0, 4)}`,
    role: 'base-station',
    host: '127.0.0.1',
    port: 2323,
    username: 'admin',
    passwordEnc: 'sealed',
    updatedAt: new Date(at),
  }) as DeviceEntity;

function setup(stored: DeviceEntity[]) {
  const rows = new Map(stored.map((d) => [d.id, d]));
  const directory = new DeviceDirectory(
    strictMock<DeviceRepository>('devices', {
      findAll: () => Promise.resolve([...rows.values()]),
      findByIds: (ids: string[]) =>
        Promise.resolve(ids.flatMap((id) => (rows.has(id) ? [rows.get(id)!] : []))),
      versions: () => Promise.resolve(new Map([...rows.values()].map((d) => [d.id, d.updatedAt.getTime()]))),
    }),
    strictMock<DeviceService>('service', {
      password: () => 'clear',
      require: (id: string) =>
        rows.has(id) ? Promise.resolve(rows.get(id)!) : Promise.reject(DeviceError.notFound(id)),
    }),
    new DomainEvents(),
    new MemoryPubSub(),
    strictMock<AppLogger>('logger', { info: () => undefined }),
  );
  const changes: InventoryChange[] = [];
  directory.onChange((change) => void changes.push(change));
  return { directory, rows, changes };
}

describe(DeviceDirectory.name, () => {
  it('loads a device it has not seen yet from Postgres instead of failing, and 404s one that does not exist', async () => {
    const { directory, rows, changes } = setup([]);
    await directory.ready();
    rows.set(ID, entity(ID));
    const known = await directory.require(ID);
    expect(known.target).toMatchObject({ id: ID, password: 'clear', role: 'base-station' });
    expect(changes.map((c) => c.upserted.map((d) => d.entity.id))).toEqual([[ID]]);
    await expect(directory.require('22222222-2222-4222-8222-222222222222')).rejects.toBeInstanceOf(
      DeviceError,
    );
  });

  it('reconciles what it missed: changed devices reloaded, deleted ones removed', async () => {
    const other = '33333333-3333-4333-8333-333333333333';
    const { directory, rows, changes } = setup([entity(ID), entity(other)]);
    await directory.ready();
    rows.set(ID, entity(ID, 2));
    rows.delete(other);
    await directory.reconcile();
    expect(directory.has(other)).toBe(false);
    expect(directory.get(ID)!.entity.updatedAt.getTime()).toBe(2);
    expect(changes).toEqual([
      { upserted: [expect.objectContaining({ entity: rows.get(ID) })], removed: [other] },
    ]);
  });
});
