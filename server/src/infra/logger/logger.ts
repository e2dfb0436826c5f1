// Structured logs: one pino instance for the process, with Nest's own logging routed into it.
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

export type AppLogger = Logger;

export function createLogger(level: string): AppLogger {
  return pino({
    level,
    base: { service: 'wsnoc' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Secrets never reach logs, whatever a caller passes in.
    redact: {
      paths: [
        'password',
        '*.password',
        'req.headers.cookie',
        'headers.cookie',
        'credentials',
        '*.credentials',
      ],
      censor: '[redacted]',
    },
  });
}

/** Adapts pino to Nest's LoggerService so framework messages share the same structured stream. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: AppLogger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
