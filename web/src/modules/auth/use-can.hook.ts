// What the signed-in user's role lets them do, asked one way everywhere: `useCan('operator')`. Roles are
// ranked (viewer < operator < admin, ROLE_RANK in shared), so a screen names the least role an action
// needs, exactly as the route table does. The server still checks every request; this only keeps the UI
// from offering what would be refused.
import { ROLE_RANK, type UserRole } from '@wsnoc/shared';
import { useAuthState } from './auth.context';

/** Whether a user of `role` may do what `least` may. */
export function roleAllows(role: UserRole, least: UserRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[least];
}

/** False while nobody is signed in, so nothing is offered before the session is known. */
export function useCan(least: UserRole): boolean {
  const auth = useAuthState();
  return auth.status === 'signed-in' && roleAllows(auth.user.role, least);
}
