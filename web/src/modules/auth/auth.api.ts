// REST calls of the auth capability. The session lives in an httpOnly cookie the browser sends for us.
import { UserResponseSchema, type LoginRequest, type UserResponse } from '@wsnoc/shared';
import { ApiRequestError, apiRequest } from '@/infra/http.client';

export interface AuthApi {
  login: (request: LoginRequest) => Promise<UserResponse>;
  logout: () => Promise<void>;
  /** The signed-in user, or null when the session is missing or expired. */
  currentUser: () => Promise<UserResponse | null>;
}

export const authApi: AuthApi = {
  login: (request) =>
    apiRequest('/api/auth/login', { method: 'POST', body: request, schema: UserResponseSchema }),
  logout: () => apiRequest('/api/auth/logout', { method: 'POST' }),
  currentUser: async () => {
    try {
      return await apiRequest('/api/auth/me', { schema: UserResponseSchema });
    } catch (error) {
      if (error instanceof ApiRequestError && error.kind === 'unauthorized') {
        return null;
      }
      throw error;
    }
  },
};
