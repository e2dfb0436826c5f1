// REST calls of one's own account: the password and the sessions. Anyone signed in may make them.
import {
  SessionListSchema,
  SessionsEndedSchema,
  type PasswordChange,
  type SessionSummary,
} from '@wsnoc/shared';
import { apiRequest } from '@/infra/http.client';

/** One's own password; one's other sessions end, this one stays. */
export function changeOwnPassword(change: PasswordChange): Promise<void> {
  return apiRequest('/api/auth/password', { method: 'POST', body: change });
}

export async function fetchOwnSessions(signal?: AbortSignal): Promise<SessionSummary[]> {
  return (await apiRequest('/api/auth/sessions', { schema: SessionListSchema, signal })).items;
}

/** Ends every session of one's own, this one included: the caller is signed out afterwards. */
export async function endOwnSessions(): Promise<number> {
  return (await apiRequest('/api/auth/sessions', { method: 'DELETE', schema: SessionsEndedSchema })).ended;
}
