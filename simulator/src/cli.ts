#!/usr/bin/env node
// `pnpm sim`: starts the field lab (fleet, PAWS database, control API), prints one JSON line when it is
// ready, and stops cleanly on SIGINT/SIGTERM. A bad flag stops it with one clear line and exit code 2.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SimRegionSchema, SimRulesetSchema } from '@wsnoc/shared';
import { DEFAULT_FIRST_ADDRESS, DEFAULT_TELNET_PORT } from './fleet/fleet.js';
import { startLab } from './fleet/lab.js';

const int = (min: number, max: number): z.ZodType<number> =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const FlagsSchema = z.object({
  radios: int(1, 100_000).default(200),
  seed: int(0, 2 ** 32 - 1).default(1),
  region: SimRegionSchema.default('highlands'),
  ruleset: SimRulesetSchema.optional(),
  'control-port': int(0, 65535).default(9200),
  'paws-port': int(0, 65535).default(9100),
  port: int(0, 65535).default(DEFAULT_TELNET_PORT),
  'first-address': z
    .string()
    .regex(/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/, 'must be an address in 127.0.0.0/8')
    .default(DEFAULT_FIRST_ADDRESS),
  password: z
    .string()
    .regex(/^[\x21-\x7e]{1,64}$/, 'must be 1-64 printable characters without spaces')
    .optional(),
});

function fail(message: string): never {
  process.stderr.write(`wsnoc-sim: ${message}\n`);
  process.exit(2);
}

function readFlags(): z.infer<typeof FlagsSchema> {
  let values: Record<string, string | undefined>;
  try {
    // `pnpm sim -- --radios 10` hands the script a literal `--` first: skip it
    const args = process.argv.slice(2);
    if (args[0] === '--') {
      args.shift();
    }
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        radios: { type: 'string' },
        seed: { type: 'string' },
        region: { type: 'string' },
        ruleset: { type: 'string' },
        'control-port': { type: 'string' },
        'paws-port': { type: 'string' },
        port: { type: 'string' },
        'first-address': { type: 'string' },
        password: { type: 'string' },
      },
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  const result = FlagsSchema.safeParse(values);
  if (!result.success) {
    const issue = result.error.issues[0];
    fail(`--${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

async function main(): Promise<void> {
  const flags = readFlags();
  const t0 = performance.now();
  const lab = await startLab({
    radios: flags.radios,
    seed: flags.seed,
    region: flags.region,
    ruleset: flags.ruleset,
    port: flags.port,
    firstAddress: flags['first-address'],
    password: flags.password,
    controlPort: flags['control-port'],
    pawsPort: flags['paws-port'],
  });
  let stopping = false;
  const stop = (): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    lab.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`wsnoc-sim: stop failed: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      radios: flags.radios,
      seed: flags.seed,
      region: lab.region,
      ruleset: lab.ruleset,
      firstAddress: flags['first-address'],
      telnetPort: lab.fleet.port,
      controlUrl: lab.controlUrl,
      pawsUrl: lab.pawsUrl,
      startMs: Math.round(performance.now() - t0),
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`wsnoc-sim: ${(err as Error).message}\n`);
  process.exit(1);
});
