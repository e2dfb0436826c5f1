import { describe, expect, it } from 'vitest';
import {
  auditCsvHref,
  auditQuery,
  auditViewParams,
  isoFromLocalInput,
  parseAuditView,
} from './audit-view-state';

const DEVICE = '0b6a5c1e-7d3f-4a2b-9c8d-1e2f3a4b5c6d';

describe('parseAuditView', () => {
  it('reads every filter and the cursor under the names the API takes', () => {
    const view = parseAuditView(
      new URLSearchParams(
        `actor=bob&action=device.&deviceId=${DEVICE}&outcome=failed&from=2025-01-01T00:00:00.000Z&to=2025-01-02T00:00:00.000Z&before=42`,
      ),
    );
    expect(view).toEqual({
      filters: {
        actor: 'bob',
        action: 'device.',
        deviceId: DEVICE,
        outcome: 'failed',
        from: '2025-01-01T00:00:00.000Z',
        to: '2025-01-02T00:00:00.000Z',
      },
      before: '42',
    });
    // The address is the view: written back, it reads the same.
    expect(parseAuditView(auditViewParams(view))).toEqual(view);
  });

  it('drops what the API would refuse instead of failing the page', () => {
    const view = parseAuditView(
      new URLSearchParams(
        'actor=%00x&deviceId=not-a-uuid&outcome=maybe&from=yesterday&before=abc&action=device.reboot',
      ),
    );
    expect(view).toEqual({ filters: { action: 'device.reboot' }, before: undefined });
  });

  it('keeps only the start of a range that ends before it begins', () => {
    const view = parseAuditView(
      new URLSearchParams('from=2025-02-01T00:00:00.000Z&to=2025-01-01T00:00:00.000Z'),
    );
    expect(view.filters).toEqual({ from: '2025-02-01T00:00:00.000Z' });
  });
});

describe('auditQuery and auditCsvHref', () => {
  it('asks a page of 100 from the cursor, and exports the same filters from the newest entry', () => {
    const view = { filters: { actor: 'bob', outcome: 'ok' as const }, before: '42' };
    expect(auditQuery(view)).toBe('actor=bob&outcome=ok&before=42&limit=100');
    expect(auditCsvHref(view.filters)).toBe('/api/audit?actor=bob&outcome=ok&format=csv');
  });
});

describe('isoFromLocalInput', () => {
  it('reads a datetime-local value as UTC, and refuses anything else', () => {
    expect(isoFromLocalInput('2025-03-04T05:06')).toBe('2025-03-04T05:06:00.000Z');
    expect(isoFromLocalInput('soon')).toBeUndefined();
  });
});
