// History queries' failures: a range the API will not serve.
import { AppError } from '@/infra/errors/app-error.js';

export const TELEMETRY_ERROR_CODES = ['invalid-range', 'invalid-device-id'] as const;
export type TelemetryErrorCode = (typeof TELEMETRY_ERROR_CODES)[number];

export class TelemetryError extends AppError<TelemetryErrorCode> {
  readonly feature = 'telemetry';
}
