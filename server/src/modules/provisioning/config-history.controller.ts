// A device's configuration history over REST: its versions, one version's lines, a version taken now, a
// version restored with the safe apply, and its drift from the desired configuration.
import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  type ConfigChange,
  type ConfigVersion,
  type ConfigVersionList,
  type DeviceDrift,
  DeviceIdSchema,
} from '@wsnoc/shared';
import { z } from 'zod';
import { actorOf } from '@/infra/http/request-context.js';
import { Roles } from '@/infra/http/access.decorators.js';
import { ZodPipe } from '@/infra/http/zod.pipe.js';
import type { AuthedRequest } from '@/modules/auth/auth.guard.js';
import { ConfigHistoryService } from './config-history.service.js';
import { DriftService } from './drift.service.js';

const DeviceId = new ZodPipe(DeviceIdSchema, 'id');
const VersionId = new ZodPipe(z.string().uuid('versionId must be a version id (a UUID)'), 'versionId');
const VERSIONS_LISTED = 200;

@Controller('devices')
export class ConfigHistoryController {
  constructor(
    private readonly history: ConfigHistoryService,
    private readonly drift: DriftService,
  ) {}

  @Roles('viewer', 'operator')
  @Get(':id/config/versions')
  async versions(@Param('id', DeviceId) id: string): Promise<ConfigVersionList> {
    return { items: await this.history.list(id, VERSIONS_LISTED) };
  }

  @Roles('operator')
  @Post(':id/config/versions')
  @HttpCode(201)
  take(@Param('id', DeviceId) id: string, @Req() request: AuthedRequest): Promise<ConfigVersion> {
    return this.history.takeNow(id, actorOf(request));
  }

  @Roles('viewer', 'operator')
  @Get(':id/config/versions/:versionId')
  version(
    @Param('id', DeviceId) id: string,
    @Param('versionId', VersionId) versionId: string,
  ): Promise<ConfigVersion> {
    return this.history.get(id, versionId);
  }

  @Roles('operator')
  @Post(':id/config/versions/:versionId/restore')
  @HttpCode(200)
  restore(
    @Param('id', DeviceId) id: string,
    @Param('versionId', VersionId) versionId: string,
    @Req() request: AuthedRequest,
  ): Promise<ConfigChange> {
    return this.history.restore(id, versionId, actorOf(request));
  }

  @Roles('viewer', 'operator')
  @Get(':id/config/drift')
  deviceDrift(@Param('id', DeviceId) id: string): Promise<DeviceDrift> {
    return this.drift.forDevice(id);
  }
}
