// The layering lint rules bite: each forbidden import is an error at the path it is forbidden at, and
// the same import is fine where it belongs.
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the configs are plain JavaScript with no type declarations
import { layeringConfigs } from '../../tools/eslint-rules/layering.js';

function lint(code: string, filename: string): string[] {
  const linter = new Linter({ configType: 'flat' });
  return linter
    .verify(
      code,
      [
        { files: ['**/*.{ts,tsx}'], languageOptions: { parser: tseslint.parser } },
        ...(layeringConfigs as Linter.Config[]),
      ],
      filename,
    )
    .map((m) => m.message);
}

describe('layering lint rules', () => {
  it.each([
    ["import { DataSource } from 'typeorm';", 'server/src/modules/devices/x.service.ts', /TypeORM belongs/],
    [
      "import { InjectRepository } from '@nestjs/typeorm';",
      'server/src/modules/x/x.controller.ts',
      /TypeORM/,
    ],
    ["import { createClient } from 'redis';", 'server/src/modules/state/x.service.ts', /infra\/cache/],
    ["import pg from 'pg';", 'server/src/modules/x/x.service.ts', /repository/],
    [
      "import { DeviceService } from '@/modules/inventory/device.service.js';",
      'server/src/infra/x/y.ts',
      /infra\/ imports no feature/,
    ],
    [
      "import { x } from '../../modules/auth/auth.errors.js';",
      'server/src/infra/http/y.ts',
      /infra\/ imports no feature/,
    ],
    ["import { z } from 'zod';", 'web/src/modules/devices/x.api.ts', /re-declares no schema/],
    [
      "import { AsyncLocalStorage } from 'node:async_hooks';",
      'server/src/infra/http/request-context.ts',
      /No AsyncLocalStorage/,
    ],
  ])('refuses %s in %s', (code, filename, message) => {
    const messages = lint(code, filename);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each([
    ["import { Repository } from 'typeorm';", 'server/src/modules/devices/device.repository.ts'],
    ["import { Entity } from 'typeorm';", 'server/src/modules/devices/device.entity.ts'],
    ["import { TypeOrmModule } from '@nestjs/typeorm';", 'server/src/modules/devices/devices.module.ts'],
    ["import { createClient } from 'redis';", 'server/src/infra/cache/redis.cache.ts'],
    [
      "import { DeviceService } from '@/modules/inventory/device.service.js';",
      'server/src/modules/commands/x.ts',
    ],
    ["import type { z } from 'zod';", 'web/src/infra/http.client.ts'],
  ])('allows %s in %s', (code, filename) => {
    expect(lint(code, filename)).toEqual([]);
  });
});
