// Spectrum management over REST: every base station's grant, one station's schedule, an operator's
// "check now", and the compliance record as JSON or CSV for any period and radio.
import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import {
  type ActionAccepted,
  DeviceIdSchema,
  type FleetPlanPreview,
  type PlanRun,
  type SpectrumRecordList,
  type SpectrumRecordQuery,
  SpectrumRecordQuerySchema,
  type SpectrumStationDetail,
  type SpectrumStationList,
} from '@wsnoc/shared';
import { Roles } from '@/infra/http/access.decorators.js';
import { ZodPipe } from '@/infra/http/zod.pipe.js';
import type { AuthedRequest } from '@/modules/auth/auth.guard.js';
import { SpectrumPlanService } from './spectrum-plan.service.js';
import { SpectrumService } from './spectrum.service.js';

const DeviceId = new ZodPipe(DeviceIdSchema, 'id');
const PlanId = new ZodPipe(z.string().uuid('planId must be a plan id'), 'planId');

@Controller('spectrum')
export class SpectrumController {
  constructor(
    private readonly spectrum: SpectrumService,
    private readonly plans: SpectrumPlanService,
  ) {}

  @Roles('viewer', 'operator')
  @Get('stations')
  stations(): Promise<SpectrumStationList> {
    return this.spectrum.stations();
  }

  @Roles('viewer', 'operator')
  @Get('stations/:id')
  station(@Param('id', DeviceId) id: string): Promise<SpectrumStationDetail> {
    return this.spectrum.station(id);
  }

  @Roles('operator')
  @Post('stations/:id/check')
  @HttpCode(202)
  async check(@Param('id', DeviceId) id: string): Promise<ActionAccepted> {
    await this.spectrum.checkSoon(id);
    return { accepted: true };
  }

  /** Plans the fleet's channels from the grants in force and shows what would change; sends nothing. */
  @Roles('operator')
  @Post('plans')
  @HttpCode(200)
  preview(): Promise<FleetPlanPreview> {
    return this.plans.preview();
  }

  @Roles('operator')
  @Post('plans/:planId/apply')
  @HttpCode(202)
  apply(@Param('planId', PlanId) planId: string, @Req() request: AuthedRequest): PlanRun {
    return this.plans.apply(planId, request.user!.username);
  }

  @Roles('viewer', 'operator')
  @Get('plans/:planId/run')
  run(@Param('planId', PlanId) planId: string): PlanRun {
    return this.plans.run(planId);
  }

  @Roles('viewer', 'operator')
  @Get('records')
  async records(
    @Query(new ZodPipe(SpectrumRecordQuerySchema)) query: SpectrumRecordQuery,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SpectrumRecordList | string> {
    const items = await this.spectrum.records(query);
    if (query.format === 'csv') {
      response.type('text/csv');
      response.setHeader('Content-Disposition', 'attachment; filename="wsnoc-compliance-record.csv"');
      return this.spectrum.csv(items);
    }
    return { items };
  }
}
