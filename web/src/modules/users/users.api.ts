// REST calls of the users screen (admins) and of one's own account (everyone). Bodies are parsed at the
// edge with the shared schemas; failures stay ApiRequestErrors so forms can place `issues` by field.
import {
  SessionListSchema,
  SessionsEndedSchema,
  UserListSchema,
  UserSummarySchema,
  type SessionSummary,
  type UserCreate,
  type UserSummary,
  type UserUpdate,
} from '@wsnoc/shared';
import { apiRequest } from '@/infra/http.client';

const userPath = (id: string, rest = ''): string => `/api/users/${encodeURIComponent(id)}${rest}`;

export async function fetchUsers(signal?: AbortSignal): Promise<UserSummary[]> {
  return (await apiRequest('/api/users', { schema: UserListSchema, signal })).items;
}

export function createUser(request: UserCreate): Promise<UserSummary> {
  return apiRequest('/api/users', { method: 'POST', body: request, schema: UserSummarySchema });
}

/** A new role, or disabled / re-enabled; 409 `auth.last-admin` when no enabled admin would be left. */
export function updateUser(id: string, change: UserUpdate): Promise<UserSummary> {
  return apiRequest(userPath(id), { method: 'PATCH', body: change, schema: UserSummarySchema });
}

/** The user's sessions end with it. */
export function resetPassword(id: string, password: string): Promise<void> {
  return apiRequest(userPath(id, '/password'), { method: 'POST', body: { password } });
}

export async function fetchUserSessions(id: string, signal?: AbortSignal): Promise<SessionSummary[]> {
  return (await apiRequest(userPath(id, '/sessions'), { schema: SessionListSchema, signal })).items;
}

/** How many sessions ended. */
export async function endUserSessions(id: string): Promise<number> {
  return (await apiRequest(userPath(id, '/sessions'), { method: 'DELETE', schema: SessionsEndedSchema }))
    .ended;
}
