// Owns the process environment: every variable wsnoc reads is declared, defaulted and validated here.
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const urlWithProtocol = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return protocols.includes(url.protocol) && url.hostname.length > 0;
      } catch {
        return false;
      }
    }, `must be a URL like ${example}`);

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

// Web origins (scheme, host and port; no path), comma-separated, normalised as browsers send them.
const originList = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const items = value
      .split(',')
      .map((item) => item.trim().replace(/\/$/, ''))
      .filter(Boolean);
    const origins = items.map((item) => (URL.canParse(item) ? new URL(item) : undefined));
    const bad = items.filter(
      (item, i) =>
        !origins[i] ||
        !['http:', 'https:'].includes(origins[i].protocol) ||
        origins[i].origin !== item.toLowerCase(),
    );
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `must be origins like https://noc.example.net (not ${bad.join(', ')})`,
      });
      return z.NEVER;
    }
    return origins.map((origin) => origin!.origin);
  });

export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATABASE_URL: optional(urlWithProtocol(['postgres:', 'postgresql:'], 'postgres://user:pass@host:5432/db')),
  REDIS_URL: optional(urlWithProtocol(['redis:', 'rediss:'], 'redis://host:6379')),
  REDIS_KEY_PREFIX: z.string().min(1).default('wsnoc:'),
  ADMIN_PASSWORD: optional(z.string().min(8, 'must be at least 8 characters')),
  WSNOC_SECRET_KEY: optional(
    z
      .string()
      .regex(
        /^[0-9a-fA-F]{64}$/,
        'must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`',
      ),
  ),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().positive().default(300),
  /** Failed sign-ins from one address, whatever the usernames, before that address is refused too. */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(20),
  /** Password hashes (scrypt) run at once; more wait in a queue of LOGIN_HASH_QUEUE, beyond which 503. */
  LOGIN_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  LOGIN_HASH_QUEUE: z.coerce.number().int().min(0).max(1_000).default(16),
  /**
   * Origins besides the console's own whose pages may send state-changing requests (a proxy that rewrites
   * Host, another name for the console): comma-separated, like `https://noc.example.net`.
   */
  ALLOWED_ORIGINS: originList,
  /** How often every live-feed socket's session is checked again; a signed-out or expired one is closed. */
  FEED_SESSION_CHECK_MS: z.coerce.number().int().min(50).max(300_000).default(30_000),
  /** Live-feed sockets one session may hold on one instance; the next one is refused. */
  FEED_MAX_SOCKETS_PER_SESSION: z.coerce.number().int().min(1).default(10),
  /**
   * Frames waiting to be sent to one live-feed socket before it is closed as too slow (120 is about 30 s
   * of deltas): a reader that far behind is better served by the fresh snapshot its reconnect brings.
   */
  FEED_MAX_BUFFERED_FRAMES: z.coerce.number().int().min(2).default(120),
  /**
   * A live-feed snapshot whose columns' JSON is at least this many bytes is gzipped (once, shared by every
   * client); a smaller one goes as plain columns. 0 gzips every snapshot.
   */
  FEED_SNAPSHOT_GZIP_MIN_BYTES: z.coerce.number().int().min(0).default(16_384),
  /**
   * How often the /wall gateway re-reads the displays it serves: a revoked one is cut off, a changed one
   * re-scoped. Revocation is also announced at once; this holds the 5 s cut-off when an announcement is lost.
   */
  WALL_TOKEN_CHECK_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  /** Sockets one wall display's token may hold on one instance; the next one is refused. */
  WALL_MAX_SOCKETS_PER_DISPLAY: z.coerce.number().int().min(1).max(1_000).default(4),
  /** How often a display hears from the feed when nothing changed, so it can tell calm from stalled. */
  WALL_HEARTBEAT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  WEB_DIST: optional(z.string()),
  POLL_INTERVAL_MS: z.coerce.number().int().min(500).default(10_000),
  POLL_UNREACHABLE_AFTER: z.coerce.number().int().min(1).default(3),
  POLL_MAX_BACKOFF_MS: z.coerce.number().int().min(1_000).default(300_000),
  POLL_CONCURRENCY: z.coerce.number().int().min(1).default(2_000),
  /**
   * Polls in flight at once for devices whose last poll failed: a budget of their own, so a dead half of
   * the fleet (each poll waiting out its deadline) never takes the slots of the healthy half.
   */
  POLL_FAILING_CONCURRENCY: z.coerce.number().int().min(1).default(32),
  POLL_SHARDS: z.coerce.number().int().min(1).max(4096).default(64),
  /** Lifetime of a shard lease; a dead instance's shards move to the others within it. */
  POLL_LEASE_TTL_MS: z.coerce.number().int().min(1_000).default(15_000),
  POLLING_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  DRIVER_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** A poll's show commands in one write (typeahead); false for a radio CLI that drops typed-ahead lines. */
  DRIVER_PIPELINE_POLLS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** The white-space database (a PAWS endpoint). Unset: the console manages no spectrum. */
  WSDB_URL: optional(urlWithProtocol(['http:', 'https:'], 'http://127.0.0.1:9100/paws')),
  /** Base stations asked for in one spectrum check cycle. */
  SPECTRUM_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Changes to radios the spectrum module makes at once (retunes, mutes, turn-downs). */
  SPECTRUM_ACTION_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(16),
  /** Devices of bulk runs this instance changes at once, whatever the runs' own concurrency. */
  BULK_WORKERS: z.coerce.number().int().min(1).max(500).default(100),
  /**
   * Seconds a device's safe apply may take before its job counts as lost (its instance died) and is
   * taken up again, here or on another instance, to settle what the radio runs.
   */
  BULK_ITEM_EXPIRE_SECONDS: z.coerce.number().int().min(5).max(3_600).default(120),
  /** How often each instance looks at the active runs (start times, batches, lost jobs). */
  BULK_SWEEP_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
  /** Stream agents and incidents over the poll samples. false: no rules are evaluated here. */
  ALERTS_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** How often the agents take the samples queued since the last batch, and look for absent data. */
  ALERTS_EVAL_MS: z.coerce.number().int().min(20).max(10_000).default(500),
  /** Good samples in a row before a firing rule counts as cleared (hysteresis of the auto-resolve). */
  ALERTS_CLEAR_SAMPLES: z.coerce.number().int().min(1).max(100).default(2),
  /** A CPE that fires waits at most this many poll intervals for a confirming poll of its parent. */
  ALERTS_PARENT_CONFIRM_INTERVALS: z.coerce.number().int().min(1).max(100).default(4),
  /** Base stations of one site down at once (and at least half of them) that make one site incident. */
  ALERTS_SITE_MIN_STATIONS: z.coerce.number().int().min(2).max(1_000).default(2),
  /** An incident that fires again within this long of resolving is reopened rather than new. */
  ALERTS_REOPEN_MS: z.coerce.number().int().min(0).default(300_000),
  /** How often the 15-minute aggregates are written (each window once, when it closes). */
  ALERTS_AGGREGATE_FLUSH_MS: z.coerce.number().int().min(100).default(60_000),
  /** HMAC-SHA256 secret of webhook signatures, for channels without a secret of their own. */
  NOTIFY_WEBHOOK_SECRET: optional(z.string().min(8, 'must be at least 8 characters')),
  /** SMTP server of e-mail channels, like smtp://user:pass@mail.example.net:587 (smtps:// for TLS). */
  NOTIFY_SMTP_URL: optional(urlWithProtocol(['smtp:', 'smtps:'], 'smtp://mail.example.net:587')),
  NOTIFY_MAIL_FROM: z.string().default('wsnoc <wsnoc@localhost>'),
  /** How often the notification outbox is looked at for due deliveries. */
  NOTIFY_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(1_000),
  /** First retry delay; each further one doubles, up to NOTIFY_BACKOFF_MAX_MS. */
  NOTIFY_BACKOFF_MS: z.coerce.number().int().min(10).default(5_000),
  NOTIFY_BACKOFF_MAX_MS: z.coerce.number().int().min(10).default(300_000),
  /** Attempts of one delivery before it is given up as failed. */
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /**
   * At most one notification (other than a resolution) per outage tree within this long; a further one
   * waits until the quiet period is over (or the incident resolves), it is never dropped.
   */
  NOTIFY_TREE_QUIET_MS: z.coerce.number().int().min(0).default(300_000),
  /** The span a channel's rateLimitPerMin counts deliveries over: a minute (tests shorten it). */
  NOTIFY_RATE_WINDOW_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
  /** Field lab control API whose fleet is enrolled at start (pnpm demo sets it). */
  ENROL_SIMULATOR_URL: optional(urlWithProtocol(['http:'], 'http://127.0.0.1:9200')),
});
export type Env = z.infer<typeof EnvSchema>;

/** A bad environment: the message is one line naming every offending variable. */
export class ConfigError extends Error {}

export function parseEnv(env: NodeJS.ProcessEnv): Env {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
}
