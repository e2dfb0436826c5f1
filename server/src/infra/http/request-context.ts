// What the rest of a request's work may need to know about the request without being handed it: the
// client's address, for the audit trail of whatever the request changes. Set once per request by
// middleware and carried through every await by AsyncLocalStorage.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

export interface RequestContext {
  /** The connecting address, or X-Forwarded-For's from a proxy on loopback (`trust proxy`). */
  address: string;
  userAgent: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The request being served, or undefined for the console's own work (polls, schedules, jobs). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

export function requestContext() {
  return (request: Request, _response: Response, next: NextFunction): void => {
    const agent = request.headers['user-agent'];
    storage.run({ address: request.ip ?? 'unknown', userAgent: agent ? agent.slice(0, 256) : null }, next);
  };
}
