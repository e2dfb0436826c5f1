// TypeORM settings shared by the app and the migration CLI. Schema changes go through migrations only.
import type { DataSourceOptions } from 'typeorm';
import { UserEntity } from '@/modules/auth/user.entity.js';
import { CreateUsers1764230400000 } from './migrations/1764230400000-create-users.js';

export const ENTITIES = [UserEntity];
export const MIGRATIONS = [CreateUsers1764230400000];

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
