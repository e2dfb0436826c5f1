// Who a request acts as, and from where, for the audit trail of whatever it changes: controllers hand
// this actor to the services they call. Passed explicitly rather than carried by AsyncLocalStorage,
// whose promise hook (enabled for the whole process by the first request) cost every poll a fifth of its
// CPU: each promise anywhere, a telnet read or a Redis reply, paid for propagating a context that only
// requests use.
import type { Request } from 'express';

export interface RequestActor {
  username: string;
  /** The connecting address, or X-Forwarded-For's from a proxy on loopback (`trust proxy`). */
  address: string | null;
}

/** The signed-in user of a request (the auth guard has set `request.user`) and the request's address. */
export function actorOf(request: Request & { user?: { username: string } }): RequestActor {
  if (!request.user) {
    throw new Error('actorOf: the request has no signed-in user (is the route guarded?)');
  }
  return { username: request.user.username, address: request.ip ?? null };
}
