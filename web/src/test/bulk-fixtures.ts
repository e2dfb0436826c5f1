// Small, readable bulk runs, devices of a run and previews for the Configuration page's tests. The
// templates are the real ones from shared/, as GET /api/config-templates lists them.
import {
  CONFIG_TEMPLATES,
  summarizeTemplate,
  type BulkItem,
  type BulkPreview,
  type BulkRun,
  type BulkRunDetail,
  type PreviewItem,
  type RadioConfig,
} from '@wsnoc/shared';

export const BULK_AT = '2026-03-02T18:00:00.000Z';

export const TEMPLATE_LIST = { items: CONFIG_TEMPLATES.map(summarizeTemplate) };

export const RUNNING: RadioConfig = {
  hostname: 'radio',
  channel: 30,
  txPowerDbm: 20,
  enabled: true,
  managementVlan: 10,
  snmpCommunity: 'public',
  ntpServer: 'pool.ntp.org',
};

export function previewItem(
  overrides: Partial<PreviewItem> & { deviceId: string; name: string },
): PreviewItem {
  return {
    values: { ntpServer: 'ntp.example.net', snmpCommunity: 'public' },
    issues: [],
    running: RUNNING,
    diff: [{ field: 'ntpServer', before: 'pool.ntp.org', after: 'ntp.example.net' }],
    readError: null,
    ...overrides,
  };
}

export function bulkPreview(items: PreviewItem[]): BulkPreview {
  return {
    items,
    invalid: items.filter((i) => i.issues.length > 0).length,
    unchanged: items.filter((i) => i.running && !i.issues.length && !i.diff.length).length,
  };
}

export const RUN_ID = '0c6f1b3a-2d4e-4f5a-8b6c-7d8e9f0a1b2c';
export const ROLLBACK_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

export function bulkItem(overrides: Partial<BulkItem> & { deviceId: string; name: string }): BulkItem {
  return {
    id: `item-${overrides.deviceId}`,
    runId: RUN_ID,
    batch: 1,
    status: 'pending',
    values: { ntpServer: 'ntp.example.net', snmpCommunity: 'public' },
    before: null,
    after: null,
    diff: [],
    changeId: null,
    busyRetries: 0,
    detail: null,
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

/** A run whose counts follow its items. */
export function bulkRun(items: readonly BulkItem[], overrides: Partial<BulkRun> = {}): BulkRunDetail {
  const counts = {
    total: items.length,
    pending: 0,
    queued: 0,
    applying: 0,
    succeeded: 0,
    unchanged: 0,
    failed: 0,
    reverted: 0,
    cancelled: 0,
  };
  for (const item of items) {
    counts[item.status] += 1;
  }
  return {
    id: RUN_ID,
    name: `NTP and SNMP baseline, ${items.length} devices`,
    kind: 'apply',
    rollbackOf: null,
    rolledBackBy: null,
    actor: 'admin',
    template: 'ntp-snmp-baseline',
    variables: { ntpServer: 'ntp.example.net', snmpCommunity: 'public' },
    rollout: {
      canarySize: 1,
      batchSize: 5,
      concurrency: 10,
      failureThresholdPercent: 10,
      pauseBetweenBatchesSec: 0,
      confirmMinutes: 5,
    },
    status: 'running',
    pauseReason: null,
    currentBatch: 0,
    batches: Math.max(...items.map((i) => i.batch), 0) + 1,
    counts,
    createdAt: BULK_AT,
    startAt: BULK_AT,
    startedAt: BULK_AT,
    finishedAt: null,
    items: [...items],
    ...overrides,
  };
}

/** The run without its items, as a feed event carries it. */
export function runOnly(detail: BulkRunDetail): BulkRun {
  const { items: _items, ...run } = detail;
  return run;
}
