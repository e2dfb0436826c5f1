// The devices REST API. Thin: every handler validates its input at the edge (shared zod schemas) and
// hands over to a service; errors are the services' typed ones, answered by the one mapping.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import {
  type ActionAccepted,
  type ConfigChange,
  type ConfigChangeList,
  type ConfigChangeRequest,
  ConfigChangeRequestSchema,
  queryDevices,
  type DeviceCreateDto,
  DeviceCreateSchema,
  DeviceIdSchema,
  type DeviceImportReport,
  type DeviceListQuery,
  DeviceListQuerySchema,
  type DeviceListResponse,
  type DeviceLockResponse,
  type DeviceLive,
  type DeviceResponseDto,
  type DeviceUpdateDto,
  DeviceUpdateSchema,
  type RunningConfigResponse,
  type TelemetryQuery,
  TelemetryQuerySchema,
  type TelemetryResponse,
} from '@wsnoc/shared';
import { actorOf } from '@/infra/http/request-context.js';
import { Roles } from '@/infra/http/access.decorators.js';
import { ZodPipe } from '@/infra/http/zod.pipe.js';
import type { AuthedRequest } from '@/modules/auth/auth.guard.js';
import { CommandService } from '@/modules/commands/command.service.js';
import { DeviceImportService } from '@/modules/inventory/device-import.service.js';
import { DeviceError } from '@/modules/inventory/device.errors.js';
import { DeviceService } from '@/modules/inventory/device.service.js';
import { DeviceLockService } from '@/modules/locks/device-lock.service.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { TelemetryService } from '@/modules/telemetry/telemetry.service.js';

const DeviceId = new ZodPipe(DeviceIdSchema, 'id');
/** Changes listed per device on its page. */
const CHANGES_LISTED = 50;

@Controller('devices')
export class DeviceController {
  constructor(
    private readonly devices: DeviceService,
    private readonly imports: DeviceImportService,
    private readonly commands: CommandService,
    private readonly live: LiveStateService,
    private readonly telemetry: TelemetryService,
    private readonly locks: DeviceLockService,
  ) {}

  /** From the live state (the cache's mirror, joined to the inventory), never a Postgres scan. */
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
    return this.devices.create(body, actorOf(request));
  }

  @Roles('operator')
  @Post('import')
  import(@Body() body: unknown, @Req() request: AuthedRequest): Promise<DeviceImportReport> {
    if (typeof body !== 'string' || !body.trim()) {
      throw new DeviceError('invalid-csv', 'Send the CSV as the request body with content-type text/csv');
    }
    return this.imports.import(body, actorOf(request));
  }

  @Roles('viewer', 'operator')
  @Get(':id')
  get(@Param('id', DeviceId) id: string): Promise<DeviceResponseDto> {
    return this.devices.get(id);
  }

  @Roles('operator')
  @Patch(':id')
  update(
    @Param('id', DeviceId) id: string,
    @Body(new ZodPipe(DeviceUpdateSchema)) body: DeviceUpdateDto,
    @Req() request: AuthedRequest,
  ): Promise<DeviceResponseDto> {
    return this.devices.update(id, body, actorOf(request));
  }

  @Roles('operator')
  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id', DeviceId) id: string, @Req() request: AuthedRequest): Promise<void> {
    return this.devices.remove(id, actorOf(request));
  }

  @Roles('viewer', 'operator')
  @Get(':id/telemetry')
  async history(
    @Param('id', DeviceId) id: string,
    @Query(new ZodPipe(TelemetryQuerySchema)) query: TelemetryQuery,
  ): Promise<TelemetryResponse> {
    await this.devices.require(id);
    return this.telemetry.query(id, query);
  }

  /** Who holds the radio right now, if anyone: the UI shows it before an operator tries an action. */
  @Roles('viewer', 'operator')
  @Get(':id/lock')
  async lock(@Param('id', DeviceId) id: string): Promise<DeviceLockResponse> {
    await this.devices.require(id);
    return { holder: await this.locks.holder(id) };
  }

  @Roles('operator')
  @Get(':id/running-config')
  runningConfig(
    @Param('id', DeviceId) id: string,
    @Req() request: AuthedRequest,
  ): Promise<RunningConfigResponse> {
    return this.commands.runningConfig(id, actorOf(request));
  }

  @Roles('operator')
  @Post(':id/actions/refresh')
  @HttpCode(200)
  refresh(@Param('id', DeviceId) id: string, @Req() request: AuthedRequest): Promise<DeviceLive> {
    return this.commands.refresh(id, actorOf(request));
  }

  @Roles('operator')
  @Post(':id/actions/reboot')
  @HttpCode(202)
  reboot(@Param('id', DeviceId) id: string, @Req() request: AuthedRequest): Promise<ActionAccepted> {
    return this.commands.reboot(id, actorOf(request));
  }

  @Roles('operator')
  @Post(':id/config')
  @HttpCode(200)
  configure(
    @Param('id', DeviceId) id: string,
    @Body(new ZodPipe(ConfigChangeRequestSchema)) body: ConfigChangeRequest,
    @Req() request: AuthedRequest,
  ): Promise<ConfigChange> {
    return this.commands.applyConfig(id, body, actorOf(request));
  }

  @Roles('operator')
  @Post(':id/config/confirm')
  @HttpCode(200)
  confirm(@Param('id', DeviceId) id: string, @Req() request: AuthedRequest): Promise<ConfigChange> {
    return this.commands.confirm(id, actorOf(request));
  }

  @Roles('operator')
  @Post(':id/config/rollback')
  @HttpCode(200)
  rollback(@Param('id', DeviceId) id: string, @Req() request: AuthedRequest): Promise<ConfigChange> {
    return this.commands.rollback(id, actorOf(request));
  }

  @Roles('viewer', 'operator')
  @Get(':id/config/changes')
  async changes(@Param('id', DeviceId) id: string): Promise<ConfigChangeList> {
    return { items: await this.commands.listChanges(id, CHANGES_LISTED) };
  }
}
