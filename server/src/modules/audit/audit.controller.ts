import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { type AuditListQuery, AuditListQuerySchema, type AuditListResponse } from '@wsnoc/shared';
import { Roles } from '@/infra/http/access.decorators.js';
import { ZodPipe } from '@/infra/http/zod.pipe.js';
import { AuditService } from './audit.service.js';

@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Roles('viewer', 'operator')
  @Get()
  async list(
    @Query(new ZodPipe(AuditListQuerySchema)) query: AuditListQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuditListResponse | string> {
    const items = await this.audit.list(query);
    if (query.format === 'csv') {
      response.type('text/csv');
      response.setHeader('Content-Disposition', 'attachment; filename="wsnoc-audit.csv"');
      return this.audit.csv(items);
    }
    return { items };
  }
}
