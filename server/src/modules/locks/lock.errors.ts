// The device lock's failures: someone else holds the radio (the answer names the holder and since when),
// or the holder lost its lock mid-operation and stopped before its next command.
import { AppError } from '@/infra/errors/app-error.js';

export interface LockHolder {
  owner: string;
  since: string;
}

export const LOCK_ERROR_CODES = ['busy', 'lease-lost'] as const;
export type LockErrorCode = (typeof LOCK_ERROR_CODES)[number];

export class DeviceBusyError extends AppError<LockErrorCode> {
  readonly feature = 'locks';

  constructor(
    deviceName: string,
    readonly holder: LockHolder,
  ) {
    super('busy', `${deviceName} is busy: ${holder.owner} since ${holder.since}`, { holder });
  }
}

export class LockLostError extends AppError<LockErrorCode> {
  readonly feature = 'locks';

  constructor(reason: string) {
    super('lease-lost', `stopped before the next command: ${reason}`);
  }
}
