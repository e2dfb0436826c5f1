// TypeORM settings shared by the app and the tests. Schema changes go through migrations only. Entities
// are not listed here (infra knows no feature): each feature registers its own with TypeOrmModule.forFeature,
// and the app loads them with autoLoadEntities.
import type { DataSourceOptions } from 'typeorm';
import { CreateUsers1764230400000 } from './migrations/1764230400000-create-users.js';
import { CreateDevices1764300000000 } from './migrations/1764300000000-create-devices.js';
import { CreateTelemetry1764316800000 } from './migrations/1764316800000-create-telemetry.js';
import { CreateConfigChanges1764950400000 } from './migrations/1764950400000-create-config-changes.js';
import { CreateSpectrum1765036800000 } from './migrations/1765036800000-create-spectrum.js';
import { CreateConfigVersions1765123200000 } from './migrations/1765123200000-create-config-versions.js';
import { CreateBulkRuns1765209600000 } from './migrations/1765209600000-create-bulk-runs.js';
import { UsersAndAppendOnlyAudit1765296000000 } from './migrations/1765296000000-users-and-append-only-audit.js';
import { CreateWallDisplays1765382400000 } from './migrations/1765382400000-create-wall-displays.js';
import { CreateAlerts1765468800000 } from './migrations/1765468800000-create-alerts.js';

export const MIGRATIONS = [
  CreateUsers1764230400000,
  CreateDevices1764300000000,
  CreateTelemetry1764316800000,
  CreateConfigChanges1764950400000,
  CreateSpectrum1765036800000,
  CreateConfigVersions1765123200000,
  CreateBulkRuns1765209600000,
  UsersAndAppendOnlyAudit1765296000000,
  CreateWallDisplays1765382400000,
  CreateAlerts1765468800000,
];

export function databaseOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Fail fast at boot rather than retrying quietly for minutes.
    connectTimeoutMS: 5_000,
    // A minute, not pg's 10 s: the console's periodic work (the notifier's look at due deliveries, the
    // job queue) comes every 10 s, and found its connection just closed each time, so every look paid
    // for a new Postgres backend.
    extra: { max: 10, idleTimeoutMillis: 60_000 },
  };
}
