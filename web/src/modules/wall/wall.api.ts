// REST calls for wall displays (admins only). The token comes back once, from create.
import {
  WallDisplayCreatedSchema,
  WallDisplayListSchema,
  WallDisplaySchema,
  type WallDisplay,
  type WallDisplayCreate,
  type WallDisplayCreated,
  type WallDisplayUpdate,
} from '@wsnoc/shared';
import { apiRequest } from '@/infra/http.client';

export interface WallApi {
  list: () => Promise<WallDisplay[]>;
  create: (request: WallDisplayCreate) => Promise<WallDisplayCreated>;
  update: (id: string, change: WallDisplayUpdate) => Promise<WallDisplay>;
  revoke: (id: string) => Promise<void>;
}

export const wallApi: WallApi = {
  list: async () => (await apiRequest('/api/wall/displays', { schema: WallDisplayListSchema })).items,
  create: (request) =>
    apiRequest('/api/wall/displays', { method: 'POST', body: request, schema: WallDisplayCreatedSchema }),
  update: (id, change) =>
    apiRequest(`/api/wall/displays/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body: change,
      schema: WallDisplaySchema,
    }),
  revoke: (id) => apiRequest(`/api/wall/displays/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

/** The link a display opens: the token rides in the fragment, which never reaches a server or a log. */
export function displayLink(origin: string, token: string): string {
  return `${origin}/wall#token=${encodeURIComponent(token)}`;
}
