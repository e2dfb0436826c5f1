import { Controller, Get, Query } from '@nestjs/common';
import { type AuditListQuery, AuditListQuerySchema, type AuditListResponse } from '@wsnoc/shared';
import { Roles } from '@/infra/http/access.decorators.js';
import { ZodPipe } from '@/infra/http/zod.pipe.js';
import { AuditService } from './audit.service.js';

@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Roles('viewer', 'operator')
  @Get()
  async list(@Query(new ZodPipe(AuditListQuerySchema)) query: AuditListQuery): Promise<AuditListResponse> {
    return { items: await this.audit.list(query) };
  }
}
