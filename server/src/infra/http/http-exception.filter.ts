// Every error leaves the API in the shared ApiError shape. Typed errors get the answer the one mapping
// gives them (src/error-answers.ts, passed in so infra knows no feature); Nest's own exceptions (from
// pipes and the router) pass through; anything else is logged and answered 500 without detail.
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
      const { statusCode: _s, error: _e, message: _m, ...extra } = fields;
      return { ...extra, statusCode, error, message };
    }
    return { statusCode: 500, error: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
  }
}
