// Every error leaves the API in the shared ApiError shape. Unexpected errors are logged, never leaked.
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { ApiError } from '@wsnoc/shared';
import type { AppLogger } from '../logger/logger.js';

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toApiError(exception);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception }, 'unhandled error');
    }
    if (!response.headersSent) {
      response.status(body.statusCode).json(body);
    }
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
      // Extra fields a service attached (issues naming bad fields, the holder of a busy radio) pass through.
      const { statusCode: _s, error: _e, message: _m, ...extra } = fields;
      return { ...extra, statusCode, error, message };
    }
    return { statusCode: 500, error: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
  }
}
