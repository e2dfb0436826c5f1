import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '@/infra/http/access.decorators.js';
import { MetricsService } from '@/infra/metrics/metrics.service.js';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Public()
  @Get()
  async get(@Res({ passthrough: true }) response: Response): Promise<string> {
    response.setHeader('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
