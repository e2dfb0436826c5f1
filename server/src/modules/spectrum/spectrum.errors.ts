// Spectrum management's own failures at the edge (the database's are PawsError).
import { AppError } from '@/infra/errors/app-error.js';

/**
 * disabled: no WSDB_URL, so there is no spectrum to plan. not-leader: another instance runs spectrum
 * management; plans are applied there. plan-not-found / plan-expired: the preview to apply is unknown
 * or too old to trust. not-permitted: the channel is no longer permitted at the station now.
 */
export const SPECTRUM_ERROR_CODES = [
  'disabled',
  'not-leader',
  'plan-not-found',
  'plan-expired',
  'not-permitted',
] as const;
export type SpectrumErrorCode = (typeof SPECTRUM_ERROR_CODES)[number];

export class SpectrumError extends AppError<SpectrumErrorCode> {
  readonly feature = 'spectrum';
}
