// Users over REST, for admins: list, create, change role, disable and re-enable, reset a password, list
// and end sessions. Thin: shared zod schemas at the edge, UsersService behind.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import {
  type PasswordReset,
  PasswordResetSchema,
  type SessionList,
  type SessionsEnded,
  type UserCreate,
  UserCreateSchema,
  type UserList,
  type UserSummary,
  type UserUpdate,
  UserUpdateSchema,
} from '@wsnoc/shared';
import { z } from 'zod';
import { actorOf } from '@/infra/http/request-context.js';
import { Roles } from '@/infra/http/access.decorators.js';
import { ZodPipe } from '@/infra/http/zod.pipe.js';
import type { AuthedRequest } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { UsersService } from './users.service.js';

const UserId = new ZodPipe(z.string().uuid('userId must be a user id (a UUID)'), 'userId');

@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {}

  private actor(request: AuthedRequest) {
    return {
      ...actorOf(request),
      sessionId: request.sessionToken ? this.auth.sessionIdOf(request.sessionToken) : undefined,
    };
  }

  @Roles('admin')
  @Get()
  async list(): Promise<UserList> {
    return { items: await this.users.list() };
  }

  @Roles('admin')
  @Post()
  create(
    @Body(new ZodPipe(UserCreateSchema)) body: UserCreate,
    @Req() request: AuthedRequest,
  ): Promise<UserSummary> {
    return this.users.create(body, this.actor(request));
  }

  @Roles('admin')
  @Patch(':userId')
  update(
    @Param('userId', UserId) userId: string,
    @Body(new ZodPipe(UserUpdateSchema)) body: UserUpdate,
    @Req() request: AuthedRequest,
  ): Promise<UserSummary> {
    return this.users.update(userId, body, this.actor(request));
  }

  @Roles('admin')
  @Post(':userId/password')
  @HttpCode(204)
  async resetPassword(
    @Param('userId', UserId) userId: string,
    @Body(new ZodPipe(PasswordResetSchema)) body: PasswordReset,
    @Req() request: AuthedRequest,
  ): Promise<void> {
    await this.users.resetPassword(userId, body.password, this.actor(request));
  }

  @Roles('admin')
  @Get(':userId/sessions')
  async sessions(
    @Param('userId', UserId) userId: string,
    @Req() request: AuthedRequest,
  ): Promise<SessionList> {
    return { items: await this.users.sessionsOf(userId, this.actor(request)) };
  }

  @Roles('admin')
  @Delete(':userId/sessions')
  async signOutEverywhere(
    @Param('userId', UserId) userId: string,
    @Req() request: AuthedRequest,
  ): Promise<SessionsEnded> {
    return { ended: await this.users.signOutEverywhere(userId, this.actor(request)) };
  }
}
