// Spectrum management over REST: every base station's grant, one station's schedule, an operator's
// "check now", and the compliance record as JSON or CSV for any period and radio.
import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  type ActionAccepted,
  DeviceIdSchema,
  type SpectrumRecordList,
  type SpectrumRecordQuery,
  SpectrumRecordQuerySchema,
  type SpectrumStationDetail,
  type SpectrumStationList,
} from '@wsnoc/shared';
import { Roles } from '@/infra/http/access.decorators.js';
import { ZodPipe } from '@/infra/http/zod.pipe.js';
import { SpectrumService } from './spectrum.service.js';

const DeviceId = new ZodPipe(DeviceIdSchema, 'id');

@Controller('spectrum')
export class SpectrumController {
  constructor(private readonly spectrum: SpectrumService) {}

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
