// The inventory's failures. Services throw DeviceError with one of these codes; src/error-answers.ts maps
// each code to its HTTP answer.
import { AppError, type FieldIssue } from '@/infra/errors/app-error.js';

/**
 * not-found: no device with that id (or it was removed). invalid-id: the id is not a device id at all.
 * name-taken / address-taken: another device already has the name, or the host and port. invalid-input:
 * the values are each valid but not together (a parent that is no base station, credentials that must be
 * given again); `issues` names the fields. invalid-csv: the import body cannot be read as the CSV it must be.
 */
export const DEVICE_ERROR_CODES = [
  'not-found',
  'invalid-id',
  'name-taken',
  'address-taken',
  'invalid-input',
  'invalid-csv',
] as const;
export type DeviceErrorCode = (typeof DEVICE_ERROR_CODES)[number];

export class DeviceError extends AppError<DeviceErrorCode> {
  readonly feature = 'devices';

  static notFound(id: string): DeviceError {
    return new DeviceError('not-found', `No device with id ${id}`);
  }

  /** A problem with named fields: the answer lists them in `issues`. */
  static invalid(issues: FieldIssue[]): DeviceError {
    return new DeviceError('invalid-input', issues.map((i) => `${i.path}: ${i.message}`).join('; '), {
      issues,
    });
  }
}
