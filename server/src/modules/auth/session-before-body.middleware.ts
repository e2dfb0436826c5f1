// For a route that takes a large body (the CSV import, up to 20 MB): the session is resolved before a byte
// of the body is read, so an anonymous client cannot make the server buffer megabytes to be told 401.
// Without a session the answer is 401 at once and the connection is closed, dropping the unread body.
// The guard still decides access afterwards, as for every route.
import type { NextFunction, Request, Response } from 'express';
import { SESSION_COOKIE } from '@wsnoc/shared';
import { AuthError } from './auth.errors.js';
import type { AuthService } from './auth.service.js';
import { readCookie } from './cookie.js';

export function sessionBeforeBody(auth: AuthService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    (token ? auth.resolveSession(token) : Promise.resolve(null)).then(
      (user) => {
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
