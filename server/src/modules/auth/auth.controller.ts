import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  type LoginRequest,
  LoginRequestSchema,
  type PasswordChange,
  PasswordChangeSchema,
  SESSION_COOKIE,
  type SessionList,
  type SessionsEnded,
  type UserResponse,
} from '@wsnoc/shared';
import { AppConfig } from '@/infra/config/config.js';
import { actorOf } from '@/infra/http/request-context.js';
import { Public, Roles } from '@/infra/http/access.decorators.js';
import { ZodPipe } from '@/infra/http/zod.pipe.js';
import type { AuthedRequest } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { UsersService } from './users.service.js';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(
    @Body(new ZodPipe(LoginRequestSchema)) body: LoginRequest,
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserResponse> {
    const agent = request.headers['user-agent'];
    const { user, token } = await this.auth.login(
      body,
      request.ip ?? 'unknown',
      agent ? agent.slice(0, 256) : null,
    );
    response.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.env.NODE_ENV === 'production' && request.secure,
      path: '/',
      maxAge: this.config.env.SESSION_TTL_HOURS * 3_600_000,
    });
    return user;
  }

  @Roles('viewer', 'operator')
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: AuthedRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (request.sessionToken) {
      await this.auth.logout(request.sessionToken);
    }
    response.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
  }

  @Roles('viewer', 'operator')
  @Get('me')
  me(@Req() request: AuthedRequest): UserResponse {
    // The guard has set the user: this route is not public.
    const { id, username, role } = request.user!;
    return { id, username, role };
  }

  @Roles('viewer', 'operator')
  @Post('password')
  @HttpCode(204)
  async changePassword(
    @Body(new ZodPipe(PasswordChangeSchema)) body: PasswordChange,
    @Req() request: AuthedRequest,
  ): Promise<void> {
    await this.users.changeOwnPassword(request.user!, body, request.sessionToken!, request.ip ?? null);
  }

  @Roles('viewer', 'operator')
  @Get('sessions')
  async sessions(@Req() request: AuthedRequest): Promise<SessionList> {
    const self = request.user!;
    return {
      items: await this.users.sessionsOf(self.id, {
        ...actorOf(request),
        sessionId: this.auth.sessionIdOf(request.sessionToken!),
      }),
    };
  }

  /** Sign out everywhere: every session of this user ends, the one this request came with included. */
  @Roles('viewer', 'operator')
  @Delete('sessions')
  async signOutEverywhere(
    @Req() request: AuthedRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<SessionsEnded> {
    const self = request.user!;
    const ended = await this.users.signOutEverywhere(self.id, actorOf(request));
    response.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict' });
    return { ended };
  }
}
