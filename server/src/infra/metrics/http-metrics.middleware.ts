import type { NextFunction, Request, Response } from 'express';
import type { MetricsService } from './metrics.service.js';

/**
 * Counts and times every HTTP request, including those a guard refuses, by route pattern (never the raw
 * path, which would give unbounded label values).
 */
export function httpMetricsMiddleware(metrics: MetricsService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const started = performance.now();
    response.once('finish', () => {
      const pattern = (request.route as { path?: string } | undefined)?.path;
      const route = pattern
        ? `${request.baseUrl}${pattern}`
        : request.path.startsWith('/api')
          ? 'unmatched'
          : 'static';
      metrics.httpDuration.observe({ method: request.method, route }, (performance.now() - started) / 1000);
      metrics.httpRequests.inc({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
}
