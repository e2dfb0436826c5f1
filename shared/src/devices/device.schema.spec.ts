import { describe, expect, it } from 'vitest';
import { API_ROUTES } from '../api/routes.js';
import { DeviceCreateSchema, DeviceListQuerySchema } from './device.schema.js';

const valid = {
  name: 'bs-0001',
  role: 'base-station',
  host: '127.20.0.1',
  username: 'admin',
  password: 'secret',
};

describe('DeviceCreateSchema', () => {
  it('accepts a minimal device and fills defaults', () => {
    const device = DeviceCreateSchema.parse(valid);
    expect(device.port).toBe(23);
    expect(device.tags).toEqual([]);
  });

  it.each([
    ['password', 'pa\nss', 'password must be printable ASCII'],
    ['username', 'ad min', 'username must be printable ASCII'],
    ['host', 'bad host;rm', 'host must be an IP address or a DNS name'],
    ['name', '-leading-dash', 'name may hold'],
  ])('rejects a %s that could break a CLI or a URL', (field, value, message) => {
    const result = DeviceCreateSchema.safeParse({ ...valid, [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
    expect(result.error?.issues[0]?.message).toContain(message);
  });
});

describe('DeviceListQuerySchema', () => {
  it('splits comma lists and coerces numbers from the query string', () => {
    const query = DeviceListQuerySchema.parse({ status: 'up,muted', channel: '33', limit: '50' });
    expect(query).toMatchObject({
      status: ['up', 'muted'],
      channel: 33,
      limit: 50,
      sort: 'name',
      order: 'asc',
    });
  });

  it('names an unknown status', () => {
    const result = DeviceListQuerySchema.safeParse({ status: 'up,sideways' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe('status');
  });
});

describe('API_ROUTES', () => {
  it('lists each method and path once', () => {
    const keys = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
