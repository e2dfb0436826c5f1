// Every error leaves the API in the shared ApiError shape. Typed errors get the answer the one mapping
// gives them (src/error-answers.ts, passed in so infra knows no feature); Nest's own exceptions (from
// pipes, body readers and the router) keep their status and message and get a code by status when they
// carry none (`request.invalid`, `request.not-found`, `http.<status>`...), so a client can always branch
// on `code`; anything else is logged and answered 500 without detail.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { ApiError } from '@wsnoc/shared';
import type { AppLogger } from '../logger/logger.js';

/** How a typed error is answered. */
export interface ErrorAnswer {
  status: number;
  /** `feature.code`, e.g. `devices.not-found`: stable for clients to branch on. */
  code: string;
  message: string;
  /** Extra fields for the body: `issues`, the holder of a busy radio. */
  details: Record<string, unknown>;
  /** Sent as the Retry-After header. */
  retryAfterSeconds?: number;
}

export type ErrorAnswerResolver = (err: unknown) => ErrorAnswer | undefined;

/** The code of a Nest exception that names none, by its status. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'request.invalid',
  401: 'auth.unauthenticated',
  403: 'auth.forbidden',
  404: 'request.not-found',
  405: 'request.method-not-allowed',
  406: 'request.not-acceptable',
  408: 'request.timeout',
  409: 'request.conflict',
  413: 'request.too-large',
  415: 'request.unsupported-media-type',
  422: 'request.unprocessable',
  429: 'request.throttled',
};

export function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? `http.${status}`;
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly logger: AppLogger,
    private readonly resolve: ErrorAnswerResolver,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const answer = this.resolve(exception);
    const body = answer ? this.fromAnswer(answer) : this.toApiError(exception);
    if (body.statusCode >= 500 && !answer) {
      this.logger.error({ err: exception }, 'unhandled error');
    } else if (answer && answer.status >= 500) {
      this.logger.warn({ code: answer.code, err: (exception as Error).message }, 'request failed');
    }
    if (response.headersSent) {
      return;
    }
    if (answer?.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(Math.max(1, Math.ceil(answer.retryAfterSeconds))));
    }
    response.status(body.statusCode).json(body);
  }

  private fromAnswer(answer: ErrorAnswer): ApiError {
    const error = HttpStatus[answer.status]?.toString() ?? 'Error';
    return {
      ...answer.details,
      statusCode: answer.status,
      error,
      code: answer.code,
      message: answer.message,
    };
  }

  private toApiError(exception: unknown): ApiError {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      const fields = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
      const message =
        typeof raw === 'string'
          ? raw
          : typeof fields.message === 'string'
            ? fields.message
            : exception.message;
      const error = HttpStatus[statusCode]?.toString() ?? 'Error';
      // Extra fields a pipe attached (issues naming bad fields) pass through.
      const { statusCode: _s, error: _e, message: _m, code: given, ...extra } = fields;
      const code = typeof given === 'string' ? given : codeForStatus(statusCode);
      return { ...extra, statusCode, error, code, message };
    }
    return {
      statusCode: 500,
      error: 'INTERNAL_SERVER_ERROR',
      code: 'server.internal',
      message: 'Internal server error',
    };
  }
}
