// The fleet's drift for the device table: only which devices drifted, as a set of ids, because a row
// needs a yes or no and the table holds 10,000 of them. The fields are on each device's page.
import { DriftListSchema } from '@wsnoc/shared';
import { apiRequest } from '@/infra/http.client';

export async function fetchDriftedIds(signal?: AbortSignal): Promise<ReadonlySet<string>> {
  const { items } = await apiRequest('/api/config-drift', { schema: DriftListSchema, signal });
  return new Set(items.filter((item) => item.drift.length > 0).map((item) => item.deviceId));
}
