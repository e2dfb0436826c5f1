// Bulk configuration over REST: the templates, a dry-run preview, runs (start, list, detail, CSV report,
// pause, resume, cancel, roll back) and the fleet's drift. Thin: shared zod schemas at the edge, the
// services behind.
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  type BulkChange,
  BulkChangeSchema,
  type BulkPreview,
  type BulkResume,
  BulkResumeSchema,
  type BulkRunCreate,
  BulkRunCreateSchema,
  type BulkRunDetail,
  type BulkRunList,
  CONFIG_TEMPLATES,
  type DriftList,
  summarizeTemplate,
  type TemplateList,
} from '@wsnoc/shared';
import { z } from 'zod';
import { csvTable } from '@/infra/csv/csv.js';
import { actorOf } from '@/infra/http/request-context.js';
import { Roles } from '@/infra/http/access.decorators.js';
import { ZodPipe } from '@/infra/http/zod.pipe.js';
import type { AuthedRequest } from '@/modules/auth/auth.guard.js';
import { BulkRunService } from './bulk-run.service.js';
import { DriftService } from './drift.service.js';

const RunId = new ZodPipe(z.string().uuid('runId must be a run id (a UUID)'), 'runId');
const REPORT_COLUMNS = ['device', 'batch', 'status', 'detail', 'changed', 'startedAt', 'finishedAt'];

@Controller()
export class BulkRunController {
  constructor(
    private readonly runs: BulkRunService,
    private readonly drift: DriftService,
  ) {}

  @Roles('viewer', 'operator')
  @Get('config-templates')
  templates(): TemplateList {
    return { items: CONFIG_TEMPLATES.map(summarizeTemplate) };
  }

  @Roles('viewer', 'operator')
  @Get('config-drift')
  async fleetDrift(): Promise<DriftList> {
    return { items: await this.drift.all() };
  }

  @Roles('operator')
  @Post('bulk-runs/preview')
  @HttpCode(200)
  preview(
    @Body(new ZodPipe(BulkChangeSchema)) body: BulkChange,
    @Req() request: AuthedRequest,
  ): Promise<BulkPreview> {
    return this.runs.preview(body, actorOf(request));
  }

  @Roles('operator')
  @Post('bulk-runs')
  @HttpCode(201)
  create(
    @Body(new ZodPipe(BulkRunCreateSchema)) body: BulkRunCreate,
    @Req() request: AuthedRequest,
  ): Promise<BulkRunDetail> {
    return this.runs.create(body, actorOf(request));
  }

  @Roles('viewer', 'operator')
  @Get('bulk-runs')
  async list(): Promise<BulkRunList> {
    return { items: await this.runs.list() };
  }

  @Roles('viewer', 'operator')
  @Get('bulk-runs/:runId')
  detail(@Param('runId', RunId) runId: string): Promise<BulkRunDetail> {
    return this.runs.detail(runId);
  }

  @Roles('viewer', 'operator')
  @Get('bulk-runs/:runId/report')
  async report(
    @Param('runId', RunId) runId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const run = await this.runs.detail(runId);
    response.type('text/csv');
    response.setHeader('Content-Disposition', `attachment; filename="wsnoc-bulk-run-${run.id}.csv"`);
    return csvTable(
      REPORT_COLUMNS,
      run.items.map((i) => [
        i.name,
        i.batch,
        i.status,
        i.detail,
        i.diff.map((d) => `${d.field} ${String(d.before)} -> ${String(d.after)}`).join('; '),
        i.startedAt,
        i.finishedAt,
      ]),
    );
  }

  @Roles('operator')
  @Post('bulk-runs/:runId/pause')
  @HttpCode(200)
  pause(@Param('runId', RunId) runId: string, @Req() request: AuthedRequest): Promise<BulkRunDetail> {
    return this.runs.pause(runId, actorOf(request));
  }

  @Roles('operator')
  @Post('bulk-runs/:runId/resume')
  @HttpCode(200)
  resume(
    @Param('runId', RunId) runId: string,
    @Body(new ZodPipe(BulkResumeSchema)) body: BulkResume,
    @Req() request: AuthedRequest,
  ): Promise<BulkRunDetail> {
    return this.runs.resume(runId, body, actorOf(request));
  }

  @Roles('operator')
  @Post('bulk-runs/:runId/cancel')
  @HttpCode(200)
  cancel(@Param('runId', RunId) runId: string, @Req() request: AuthedRequest): Promise<BulkRunDetail> {
    return this.runs.cancel(runId, actorOf(request));
  }

  @Roles('operator')
  @Post('bulk-runs/:runId/rollback')
  @HttpCode(201)
  rollback(@Param('runId', RunId) runId: string, @Req() request: AuthedRequest): Promise<BulkRunDetail> {
    return this.runs.rollback(runId, actorOf(request));
  }
}
