// Why a preview or an apply of a fleet re-plan did not happen, in the words an operator acts on. The
// server's error code decides (spectrum.plan-expired, spectrum.not-leader, ...), not the status alone, and
// every text says whether anything reached a radio, since that is the first thing an operator asks.
import { ApiRequestError } from '@/infra/http.client';

export const REPLAN_FAILURE_CODES = [
  'disabled',
  'expired',
  'not-found',
  'not-leader',
  'forbidden',
  'unreachable',
  'other',
] as const;
export type ReplanFailureCode = (typeof REPLAN_FAILURE_CODES)[number];

export interface ReplanFailure {
  code: ReplanFailureCode;
  /** Whether the operator's next step is a fresh preview (the old one cannot be applied any more). */
  previewAgain: boolean;
  message: string;
}

export type ReplanStep = 'preview' | 'apply';

const SERVER_CODES: Record<string, ReplanFailureCode> = {
  'spectrum.disabled': 'disabled',
  'spectrum.plan-expired': 'expired',
  'spectrum.plan-not-found': 'not-found',
  'spectrum.not-leader': 'not-leader',
};

function codeOf(error: unknown): ReplanFailureCode {
  if (!(error instanceof ApiRequestError)) {
    return 'other';
  }
  const known = error.body?.code === undefined ? undefined : SERVER_CODES[error.body.code];
  if (known) {
    return known;
  }
  if (error.kind === 'forbidden') {
    return 'forbidden';
  }
  return error.kind === 'unreachable' ? 'unreachable' : 'other';
}

/** A server message as a sentence of its own, whether or not it ends in a full stop. */
const sentence = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

export function replanFailure(error: unknown, step: ReplanStep): ReplanFailure {
  const code = codeOf(error);
  const nothing = step === 'apply' ? 'Nothing was applied: no radio changed.' : 'No radio was touched.';
  switch (code) {
    case 'disabled':
      return {
        code,
        previewAgain: false,
        message:
          'Spectrum management is off (no white-space database is configured), so there is no plan to re-compute.',
      };
    case 'expired':
      return {
        code,
        previewAgain: true,
        message: `This preview is more than 10 minutes old, and the grants it was computed from may have changed since. ${nothing} Preview again to plan from what the database permits now.`,
      };
    case 'not-found':
      return {
        code,
        previewAgain: true,
        message: `The console no longer knows this preview (it restarted, or another instance answered). ${nothing} Preview again.`,
      };
    case 'not-leader':
      return {
        code,
        previewAgain: true,
        message: `This console instance does not run spectrum management at the moment (another instance does), so it cannot apply a plan. ${nothing} Wait a moment and preview again.`,
      };
    case 'forbidden':
      return { code, previewAgain: false, message: `Only operators may re-plan the fleet. ${nothing}` };
    case 'unreachable':
      return {
        code,
        previewAgain: false,
        message:
          step === 'apply'
            ? 'The console server did not answer, so it is not known whether the plan started. If it did, its progress appears here as soon as the connection is back.'
            : `The console server cannot be reached. ${nothing} Try again when the connection is back.`,
      };
    case 'other':
      return {
        code,
        previewAgain: false,
        message: `${sentence(error instanceof Error ? error.message : String(error))} ${nothing}`,
      };
  }
}
