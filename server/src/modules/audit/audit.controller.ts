import { Readable } from 'node:stream';
import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
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
  ): Promise<AuditListResponse | StreamableFile> {
    if (query.format === 'csv') {
      // The whole filtered period, streamed page by page; `limit` sizes the JSON list's pages only.
      response.setHeader('Content-Disposition', 'attachment; filename="wsnoc-audit.csv"');
      return new StreamableFile(Readable.from(this.audit.csvExport(query)), {
        type: 'text/csv; charset=utf-8',
      });
    }
    return { items: await this.audit.list(query) };
  }
}
