// Typed driver failures. Callers (poller, actions, bulk config) branch on `kind` and show `message`; the
// kind names the step that failed, so an operator can tell a dead radio from a wrong password.

import { AppError } from '@/infra/errors/app-error.js';

/**
 * connect: TCP refused, reset before any byte, or unreachable. login-prompt: connected but no usable
 * login prompt. credentials: the radio refused the username/password. shell-prompt: logged in but no
 * shell prompt followed. timeout: a hard deadline passed (`step` says where). command: the CLI answered
 * `% ...`. locked: another session holds configuration mode. parse: output did not have the documented
 * shape. invalid-input: a value failed validation before anything was sent. busy: too many operations
 * already queued on this device. closed: the connection went away mid-operation, or the driver is shut
 * down.
 */
export const DRIVER_ERROR_KINDS = [
  'connect',
  'login-prompt',
  'credentials',
  'shell-prompt',
  'timeout',
  'command',
  'locked',
  'parse',
  'invalid-input',
  'busy',
  'closed',
] as const;
export type DriverErrorKind = (typeof DRIVER_ERROR_KINDS)[number];

/** Where in a session's life a failure happened; for timeouts this is the step that never finished. */
export type DriverStep = 'connect' | 'login-prompt' | 'credentials' | 'shell-prompt' | 'command';

export interface DriverErrorDetails {
  step?: DriverStep;
  /** The radio's own `% ...` line, verbatim, for command and locked errors. */
  deviceMessage?: string;
  /** Set when the call was refused without touching the network because the device is backing off. */
  retryInMs?: number;
  cause?: unknown;
}

export class DriverError extends AppError<DriverErrorKind> {
  readonly feature = 'driver';
  readonly step: DriverStep | undefined;
  readonly deviceMessage: string | undefined;
  readonly retryInMs: number | undefined;

  constructor(
    readonly kind: DriverErrorKind,
    readonly deviceId: string,
    message: string,
    details: DriverErrorDetails = {},
  ) {
    super(
      kind,
      `${deviceId}: ${message}`,
      stripUndefined({
        step: details.step,
        deviceMessage: details.deviceMessage,
        retryInMs: details.retryInMs,
      }),
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.step = details.step;
    this.deviceMessage = details.deviceMessage;
    this.retryInMs = details.retryInMs;
  }

  /** What went wrong, without the device id the message starts with. */
  get reason(): string {
    const prefix = `${this.deviceId}: `;
    return this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
  }

  /** The same failure told with the device's name, for an operator who knows radios by name. */
  forDevice(name: string): DriverError {
    if (name === this.deviceId) {
      return this;
    }
    return new DriverError(this.kind, name, this.reason, {
      ...(this.step ? { step: this.step } : {}),
      ...(this.deviceMessage !== undefined ? { deviceMessage: this.deviceMessage } : {}),
      ...(this.retryInMs !== undefined ? { retryInMs: this.retryInMs } : {}),
      cause: this,
    });
  }
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export function isDriverError(err: unknown, kind?: DriverErrorKind): err is DriverError {
  return err instanceof DriverError && (kind === undefined || err.kind === kind);
}
