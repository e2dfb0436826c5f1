// Every typed error, and the HTTP answer it gets: the one exhaustive mapping from a feature's code to a
// status. A code a feature adds without an answer here fails to compile. The HTTP filter (infra/http)
// calls answerFor() and knows no feature itself.
import type { AppError } from '@/infra/errors/app-error.js';
import { unavailableDependency } from '@/infra/errors/dependency-errors.js';
import type { ErrorAnswer } from '@/infra/http/http-exception.filter.js';
import { AlertsError, type AlertsErrorCode } from '@/modules/alerts/alerts.errors.js';
import { AuthError, type AuthErrorCode } from '@/modules/auth/auth.errors.js';
import { CommandError, type CommandErrorCode } from '@/modules/commands/command.errors.js';
import { DriverError, type DriverErrorKind } from '@/modules/driver/driver.errors.js';
import { DeviceError, type DeviceErrorCode } from '@/modules/inventory/device.errors.js';
import { DeviceBusyError, type LockErrorCode, LockLostError } from '@/modules/locks/lock.errors.js';
import { PawsError, type PawsErrorCode } from '@/modules/spectrum/paws/paws.errors.js';
import { ProvisioningError, type ProvisioningErrorCode } from '@/modules/provisioning/provisioning.errors.js';
import { TelemetryError, type TelemetryErrorCode } from '@/modules/telemetry/telemetry.errors.js';
import { PlannerError, type PlannerErrorCode } from '@/modules/spectrum/planner/planner.errors.js';
import { SpectrumError, type SpectrumErrorCode } from '@/modules/spectrum/spectrum.errors.js';
import { WallError, type WallErrorCode } from '@/modules/wall/wall.errors.js';

const DEVICES: Record<DeviceErrorCode, number> = {
  'not-found': 404,
  'invalid-id': 400,
  'name-taken': 409,
  'address-taken': 409,
  'invalid-input': 400,
  'invalid-csv': 400,
};

const AUTH: Record<AuthErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  'unmarked-route': 403,
  'wrong-credentials': 401,
  throttled: 429,
  'cross-site': 403,
  overloaded: 503,
  disabled: 403,
  'weak-password': 400,
  'wrong-password': 400,
  'user-not-found': 404,
  'username-taken': 409,
  'last-admin': 409,
};

const LOCKS: Record<LockErrorCode, number> = { busy: 409, 'lease-lost': 409 };

const TELEMETRY: Record<TelemetryErrorCode, number> = { 'invalid-range': 400, 'invalid-device-id': 400 };

const COMMANDS: Record<CommandErrorCode, number> = {
  'invalid-config': 400,
  'no-pending-confirm': 409,
  'nothing-to-roll-back': 409,
  'verify-failed': 502,
  'management-lost': 502,
};

/**
 * A radio that cannot be reached is the radio's outage (503), a deadline that passed is 504, a login the
 * radio refused is a bad gateway with the radio's reason (502), a value the radio refused is 422, and a
 * radio busy with another session's configuration is 409.
 */
const DRIVER: Record<DriverErrorKind, number> = {
  connect: 503,
  closed: 503,
  timeout: 504,
  'login-prompt': 502,
  credentials: 502,
  'shell-prompt': 502,
  parse: 502,
  command: 422,
  locked: 409,
  busy: 409,
  'invalid-input': 400,
};

/**
 * A white-space database that cannot serve this device (wrong version, ruleset, method) or speaks no PAWS
 * is a bad gateway, 502; so is one that refuses our credentials (-301), which is not the caller's
 * sign-in and must never read as 401. Configuration the database refused (-201, -202) and a location it
 * does not cover are 422, naming the fields. A device that must register first is a 409. A database
 * that moved, cannot be reached or is too slow is 503 / 503 / 504, like a radio.
 */
const PAWS: Record<PawsErrorCode, number> = {
  version: 502,
  unsupported: 502,
  unimplemented: 502,
  'outside-coverage': 422,
  'database-change': 503,
  missing: 422,
  'invalid-value': 422,
  unauthorized: 502,
  'not-registered': 409,
  protocol: 502,
  unreachable: 503,
  timeout: 504,
};

const SPECTRUM: Record<SpectrumErrorCode, number> = {
  disabled: 409,
  'not-leader': 503,
  'plan-not-found': 404,
  'plan-expired': 409,
  'not-permitted': 409,
};

const PLANNER: Record<PlannerErrorCode, number> = {
  'invalid-input': 400,
  'unknown-site': 404,
  'not-allowed': 409,
};

const PROVISIONING: Record<ProvisioningErrorCode, number> = {
  'version-not-found': 404,
  'run-not-found': 404,
  'invalid-run': 400,
  'run-state': 409,
};

const WALL: Record<WallErrorCode, number> = { 'not-found': 404, 'name-taken': 409 };

const ALERTS: Record<AlertsErrorCode, number> = {
  'not-found': 404,
  builtin: 409,
  'invalid-rule': 400,
  resolved: 409,
  'name-taken': 409,
  'invalid-input': 400,
};

/** Features whose errors reach the edge. */
type KnownError =
  | DeviceError
  | AuthError
  | DeviceBusyError
  | LockLostError
  | TelemetryError
  | CommandError
  | DriverError
  | PawsError
  | SpectrumError
  | PlannerError
  | ProvisioningError
  | WallError
  | AlertsError;

function isKnown(err: unknown): err is KnownError {
  return [
    DeviceError,
    AuthError,
    DeviceBusyError,
    LockLostError,
    TelemetryError,
    CommandError,
    DriverError,
    PawsError,
    SpectrumError,
    PlannerError,
    ProvisioningError,
    WallError,
    AlertsError,
  ].some((type) => err instanceof type);
}

function statusOf(err: KnownError): number {
  switch (err.feature) {
    case 'devices':
      return DEVICES[err.code];
    case 'auth':
      return AUTH[err.code];
    case 'locks':
      return LOCKS[err.code];
    case 'telemetry':
      return TELEMETRY[err.code];
    case 'commands':
      return COMMANDS[err.code];
    case 'driver':
      return DRIVER[err.code];
    case 'paws':
      return PAWS[err.code];
    case 'spectrum':
      return SPECTRUM[err.code];
    case 'spectrum-planner':
      return PLANNER[err.code];
    case 'provisioning':
      return PROVISIONING[err.code];
    case 'wall':
      return WALL[err.code];
    case 'alerts':
      return ALERTS[err.code];
  }
}

/** Seconds a client should wait before trying a dependency that is down again. */
const DEPENDENCY_RETRY_SECONDS = 5;

/** The answer for a typed error or a dependency outage; undefined for anything else (a 500). */
export function answerFor(err: unknown): ErrorAnswer | undefined {
  if (isKnown(err)) {
    const typed: AppError = err;
    const { retryAfterSeconds, ...details } = typed.details;
    return {
      status: statusOf(err),
      code: `${typed.feature}.${typed.code}`,
      message: typed.message,
      details,
      ...(typeof retryAfterSeconds === 'number' ? { retryAfterSeconds } : {}),
    };
  }
  const dependency = unavailableDependency(err);
  if (dependency) {
    const what = dependency === 'database' ? 'the database' : 'the cache (Redis)';
    return {
      status: 503,
      code: `${dependency}.unavailable`,
      message: `${what} is unavailable; try again shortly`,
      details: {},
      retryAfterSeconds: DEPENDENCY_RETRY_SECONDS,
    };
  }
  return undefined;
}
