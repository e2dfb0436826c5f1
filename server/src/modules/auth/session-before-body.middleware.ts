// For a route that takes a large body (the CSV import, up to 20 MB): the session is resolved before a byte
// of the body is read, so an anonymous client cannot make the server buffer megabytes to be told 401.
// Without a session the answer is 401 at once and the connection is closed, dropping the unread body.
// A role the route does not allow is refused here too (403), before the body; the guard still decides
// access afterwards, as for every route.
import type { NextFunction, Request, Response } from 'express';
import { SESSION_COOKIE, type UserRole } from '@wsnoc/shared';
import { AuthError } from './auth.errors.js';
import type { AuthService } from './auth.service.js';
import { readCookie } from './cookie.js';

/** `roles`: the roles the route allows besides admin, as its @Roles marking says. */
export function sessionBeforeBody(auth: AuthService, roles: readonly UserRole[]) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    (token ? auth.resolveSession(token) : Promise.resolve(null)).then(
      (user) => {
        if (user && user.role !== 'admin' && !roles.includes(user.role)) {
          response.setHeader('Connection', 'close');
          next(new AuthError('forbidden', `Requires role ${roles.join(' or ')}; you are ${user.role}`));
          return;
        }
        if (user) {
          next();
          return;
        }
        response.setHeader('Connection', 'close');
        next(new AuthError('unauthenticated', 'Sign in first'));
      },
      (err: unknown) => next(err),
    );
  };
}
