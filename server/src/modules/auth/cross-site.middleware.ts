// The HTTP side of the cross-site policy: a state-changing request sent by another site's page is
// refused with 403 auth.cross-site before anything of it is read or done.
import type { NextFunction, Request, Response } from 'express';
import { AuthError } from './auth.errors.js';
import { changesState, foreignOrigin } from './cross-site.policy.js';

export function refuseCrossSite(allowedOrigins: readonly string[]) {
  return (request: Request, _response: Response, next: NextFunction): void => {
    const foreign = changesState(request.method) ? foreignOrigin(request.headers, allowedOrigins) : null;
    next(foreign === null ? undefined : AuthError.crossSite(foreign));
  };
}
