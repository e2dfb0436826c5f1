// The global guard: default-deny. A handler needs @Public() or a signed-in user whose role @Roles allows.
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { SESSION_COOKIE, type UserRole } from '@wsnoc/shared';
import { PUBLIC_KEY, ROLES_KEY } from '@/infra/http/access.decorators.js';
import { AuthError } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import { readCookie } from './cookie.js';
import type { SessionUser } from './session.repository.js';

export interface AuthedRequest extends Request {
  user?: SessionUser;
  sessionToken?: string;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') {
      return true;
    }
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    const user = token ? await this.auth.resolveSession(token) : null;
    if (!user || !token) {
      throw new AuthError('unauthenticated', 'Sign in first');
    }
    request.user = user;
    request.sessionToken = token;
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, targets);
    if (!roles) {
      // Unmarked handlers are closed: lint catches them, and this makes sure nothing slips through.
      throw new AuthError('unmarked-route', 'This route has no access marking');
    }
    if (user.role !== 'admin' && !roles.includes(user.role)) {
      throw new AuthError('forbidden', `Requires role ${roles.join(' or ')}; you are ${user.role}`);
    }
    return true;
  }
}
