import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  type ActionAccepted,
  type DeviceCreateDto,
  DeviceCreateSchema,
  type DeviceImportReport,
  type DeviceListQuery,
  DeviceListQuerySchema,
  type DeviceListResponse,
  type DeviceLockResponse,
  type DeviceLive,
  type DeviceResponseDto,
  type DeviceUpdateDto,
  type RunningConfigResponse,
  DeviceUpdateSchema,
  type TelemetryQuery,
  TelemetryQuerySchema,
  type TelemetryResponse,
} from '@wsnoc/shared';
import { Roles } from '@/infra/http/access.decorators.js';
import { ZodPipe } from '@/infra/http/zod.pipe.js';
import type { AuthedRequest } from '@/modules/auth/auth.guard.js';
import { DeviceLockService } from '@/modules/locks/device-lock.service.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { TelemetryService } from '@/modules/telemetry/telemetry.service.js';
import { DeviceActionsService } from './device-actions.service.js';
import { DeviceImportService } from './device-import.service.js';
import { queryDevices } from '@wsnoc/shared';
import { DeviceInputError, DeviceService } from './device.service.js';

const actor = (request: AuthedRequest) => ({ username: request.user!.username });

@Controller('devices')
export class DeviceController {
  constructor(
    private readonly devices: DeviceService,
    private readonly imports: DeviceImportService,
    private readonly actions: DeviceActionsService,
    private readonly live: LiveStateService,
    private readonly telemetry: TelemetryService,
    private readonly locks: DeviceLockService,
  ) {}

  /** From the live state (the cache's mirror), never a Postgres scan. */
  @Roles('viewer', 'operator')
  @Get()
  list(@Query(new ZodPipe(DeviceListQuerySchema)) query: DeviceListQuery): DeviceListResponse {
    return queryDevices(this.live.all(), query);
  }

  @Roles('operator')
  @Post()
  create(
    @Body(new ZodPipe(DeviceCreateSchema)) body: DeviceCreateDto,
    @Req() request: AuthedRequest,
  ): Promise<DeviceResponseDto> {
    return this.devices.create(body, request.user!.username);
  }

  @Roles('operator')
  @Post('import')
  async import(@Body() body: unknown, @Req() request: AuthedRequest): Promise<DeviceImportReport> {
    if (typeof body !== 'string' || !body.trim()) {
      throw new BadRequestException('Send the CSV as the request body with content-type text/csv');
    }
    try {
      return await this.imports.import(body, request.user!.username);
    } catch (err) {
      if (err instanceof DeviceInputError) {
        throw new BadRequestException(err.message);
      }
      throw err;
    }
  }

  @Roles('viewer', 'operator')
  @Get(':id')
  get(@Param('id') id: string): Promise<DeviceResponseDto> {
    return this.devices.get(id);
  }

  @Roles('operator')
  @Patch(':id')
  update(
    @Param('id') id: string,
    @Body(new ZodPipe(DeviceUpdateSchema)) body: DeviceUpdateDto,
    @Req() request: AuthedRequest,
  ): Promise<DeviceResponseDto> {
    return this.devices.update(id, body, request.user!.username);
  }

  @Roles('operator')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id') id: string, @Req() request: AuthedRequest): Promise<void> {
    return this.devices.remove(id, request.user!.username);
  }

  @Roles('viewer', 'operator')
  @Get(':id/telemetry')
  async history(
    @Param('id') id: string,
    @Query(new ZodPipe(TelemetryQuerySchema)) query: TelemetryQuery,
  ): Promise<TelemetryResponse> {
    await this.devices.require(id);
    return this.telemetry.query(id, query);
  }

  /** Who holds the radio right now, if anyone: the UI shows it before an operator tries an action. */
  @Roles('viewer', 'operator')
  @Get(':id/lock')
  async lock(@Param('id') id: string): Promise<DeviceLockResponse> {
    await this.devices.require(id);
    return { holder: await this.locks.holder(id) };
  }

  @Roles('operator')
  @Get(':id/running-config')
  runningConfig(@Param('id') id: string, @Req() request: AuthedRequest): Promise<RunningConfigResponse> {
    return this.actions.runningConfig(id, actor(request));
  }

  @Roles('operator')
  @Post(':id/actions/refresh')
  @HttpCode(200)
  refresh(@Param('id') id: string, @Req() request: AuthedRequest): Promise<DeviceLive> {
    return this.actions.refresh(id, actor(request));
  }

  @Roles('operator')
  @Post(':id/actions/reboot')
  @HttpCode(202)
  reboot(@Param('id') id: string, @Req() request: AuthedRequest): Promise<ActionAccepted> {
    return this.actions.reboot(id, actor(request));
  }
}
