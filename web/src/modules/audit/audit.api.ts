// REST calls of the audit page. The body is parsed with the shared schema at the edge.
import { AuditListResponseSchema, type AuditEntry } from '@wsnoc/shared';
import { apiRequest } from '@/infra/http.client';
import { auditQuery, type AuditViewState } from './audit-view-state';

export async function fetchAuditPage(view: AuditViewState, signal?: AbortSignal): Promise<AuditEntry[]> {
  return (await apiRequest(`/api/audit?${auditQuery(view)}`, { schema: AuditListResponseSchema, signal }))
    .items;
}
