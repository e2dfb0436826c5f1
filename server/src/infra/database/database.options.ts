// TypeORM settings shared by the app and the migration CLI. Schema changes go through migrations only.
import type { DataSourceOptions } from 'typeorm';
import { AuditEntity } from '@/modules/audit/audit.entity.js';
import { UserEntity } from '@/modules/auth/user.entity.js';
import { DeviceEntity, SiteEntity } from '@/modules/devices/device.entity.js';
import { CreateUsers1764230400000 } from './migrations/1764230400000-create-users.js';
import { CreateDevices1764300000000 } from './migrations/1764300000000-create-devices.js';
import { CreateTelemetry1764316800000 } from './migrations/1764316800000-create-telemetry.js';

export const ENTITIES = [UserEntity, SiteEntity, DeviceEntity, AuditEntity];
export const MIGRATIONS = [
  CreateUsers1764230400000,
  CreateDevices1764300000000,
  CreateTelemetry1764316800000,
];

export function databaseOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Fail fast at boot rather than retrying quietly for minutes.
    connectTimeoutMS: 5_000,
    extra: { max: 10 },
  };
}
