// Wall displays over REST, for admins: list (never a token), create (the token, once), change, revoke.
// Thin: shared zod schemas at the edge, WallDisplayService behind.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import {
  type WallDisplay,
  type WallDisplayCreate,
  type WallDisplayCreated,
  WallDisplayCreateSchema,
  type WallDisplayList,
  type WallDisplayUpdate,
  WallDisplayUpdateSchema,
} from '@wsnoc/shared';
import { z } from 'zod';
import { actorOf } from '@/infra/http/request-context.js';
import { Roles } from '@/infra/http/access.decorators.js';
import { ZodPipe } from '@/infra/http/zod.pipe.js';
import type { AuthedRequest } from '@/modules/auth/auth.guard.js';
import { WallDisplayService } from './wall-display.service.js';

const DisplayId = new ZodPipe(z.string().uuid('id must be a wall display id (a UUID)'), 'id');

@Controller('wall/displays')
export class WallController {
  constructor(private readonly displays: WallDisplayService) {}

  @Roles('admin')
  @Get()
  async list(): Promise<WallDisplayList> {
    return { items: await this.displays.list() };
  }

  @Roles('admin')
  @Post()
  create(
    @Body(new ZodPipe(WallDisplayCreateSchema)) body: WallDisplayCreate,
    @Req() request: AuthedRequest,
  ): Promise<WallDisplayCreated> {
    return this.displays.create(body, actorOf(request));
  }

  @Roles('admin')
  @Patch(':id')
  update(
    @Param('id', DisplayId) id: string,
    @Body(new ZodPipe(WallDisplayUpdateSchema)) body: WallDisplayUpdate,
    @Req() request: AuthedRequest,
  ): Promise<WallDisplay> {
    return this.displays.update(id, body, actorOf(request));
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id', DisplayId) id: string, @Req() request: AuthedRequest): Promise<void> {
    await this.displays.revoke(id, actorOf(request));
  }
}
