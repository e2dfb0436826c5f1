// REST calls of the Configuration page's bulk runs. Every body is parsed at the edge with the shared
// schemas; the CSV report is a plain link, so the browser downloads what the server wrote.
import {
  BulkPreviewSchema,
  BulkRunDetailSchema,
  BulkRunListSchema,
  TemplateListSchema,
  type BulkChange,
  type BulkPreview,
  type BulkResume,
  type BulkRun,
  type BulkRunCreate,
  type BulkRunDetail,
  type TemplateSummary,
} from '@wsnoc/shared';
import { apiRequest } from '@/infra/http.client';

const RUNS = '/api/bulk-runs';

const runPath = (runId: string, rest = ''): string => `${RUNS}/${encodeURIComponent(runId)}${rest}`;

export async function fetchTemplates(signal?: AbortSignal): Promise<TemplateSummary[]> {
  return (await apiRequest('/api/config-templates', { schema: TemplateListSchema, signal })).items;
}

/** The dry run: per device its values, its problems and the diff read live from the radio. */
export function previewChange(change: BulkChange): Promise<BulkPreview> {
  return apiRequest(`${RUNS}/preview`, { method: 'POST', body: change, schema: BulkPreviewSchema });
}

/** Starts (or schedules) a run; refused whole (400, `issues` per device) when any device has a problem. */
export function createRun(request: BulkRunCreate): Promise<BulkRunDetail> {
  return apiRequest(RUNS, { method: 'POST', body: request, schema: BulkRunDetailSchema });
}

export async function fetchRuns(signal?: AbortSignal): Promise<BulkRun[]> {
  return (await apiRequest(RUNS, { schema: BulkRunListSchema, signal })).items;
}

export function fetchRun(runId: string, signal?: AbortSignal): Promise<BulkRunDetail> {
  return apiRequest(runPath(runId), { schema: BulkRunDetailSchema, signal });
}

export type RunAction = 'pause' | 'resume' | 'cancel' | 'rollback';

/** pause, resume (optionally at a new threshold), cancel; rollback answers the new rollback run. */
export function runAction(runId: string, action: RunAction, body: BulkResume = {}): Promise<BulkRunDetail> {
  return apiRequest(runPath(runId, `/${action}`), {
    method: 'POST',
    body: action === 'resume' ? body : {},
    schema: BulkRunDetailSchema,
  });
}

/** The run's CSV report (one line per device), for a download link. */
export const runReportHref = (runId: string): string => runPath(runId, '/report');
