// The command path's failures, beside the driver's own (DriverError) and the lock's (DeviceBusyError).
import { AppError } from '@/infra/errors/app-error.js';

/**
 * invalid-config: a value the radio would refuse (a channel outside its band plan, a channel on a CPE);
 * `issues` names the items. no-pending-confirm: confirm asked, but no `commit confirmed` is waiting.
 * nothing-to-roll-back: no change of this console's to undo. verify-failed: the read-back does not show
 * a requested value running. management-lost: after the change a fresh login to the radio failed.
 */
export const COMMAND_ERROR_CODES = [
  'invalid-config',
  'no-pending-confirm',
  'nothing-to-roll-back',
  'verify-failed',
  'management-lost',
] as const;
export type CommandErrorCode = (typeof COMMAND_ERROR_CODES)[number];

export class CommandError extends AppError<CommandErrorCode> {
  readonly feature = 'commands';
}
