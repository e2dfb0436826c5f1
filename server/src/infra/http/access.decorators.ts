// Access marking for route handlers. The global AuthGuard denies by default: a handler is reachable only
// if it is @Public() or the user's role is allowed by @Roles(...). Lint requires one of them on every handler.
import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '@wsnoc/shared';

export const PUBLIC_KEY = 'wsnoc:public';
export const ROLES_KEY = 'wsnoc:roles';

/** Open to anyone, signed in or not. Only health, metrics, docs and login should carry it. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Signed-in users with one of these roles. Admins may always pass: they may do everything. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES_KEY, roles);
