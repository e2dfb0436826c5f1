// One Prometheus registry for the process. Feature modules register their own metrics on it.
import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * How often the event-loop lag histogram samples the loop. prom-client's 10 ms default is a timer that
 * wakes the process 100 times a second, which alone cost an idle console 0.6% of a core (more than all
 * its own work); ten samples a second still catch every stall longer than 100 ms.
 */
export const EVENT_LOOP_SAMPLE_MS = 100;

@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'wsnoc_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'wsnoc_http_request_duration_seconds',
    help: 'HTTP request duration by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({
      register: this.registry,
      prefix: 'wsnoc_',
      eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS,
    });
  }
}
