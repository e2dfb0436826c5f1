// GET /api/incidents pages by keyset: each page carries a cursor to the next, paging through the history
// lists every incident exactly once in the list's order (newest first, ties on opened_at broken by id),
// also when incidents share one opened_at and when a page boundary falls inside such a tie. A bad limit or
// cursor is a 400 naming the parameter. Incidents are written straight into the real Postgres: the list is
// what is under test here, not how the engine opens them (test/alerts.spec.ts does that).
import { INCIDENT_LIST_DEFAULT, INCIDENT_LIST_MAX, type IncidentList } from '@wsnoc/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { signIn, startTestServer } from './start-test-server.js';

const RESOLVED = 23;
const OPEN = 4;
const BASE = Date.parse('2026-03-01T00:00:00.000Z');

let server: RunningServer;
let db: pg.Client;
let cookie: string;

async function list(query: string): Promise<{
  status: number;
  body: IncidentList & { issues?: { path: string; message: string }[]; code?: string };
}> {
  const response = await fetch(`${server.url}/api/incidents?${query}`, { headers: { cookie } });
  return { status: response.status, body: (await response.json()) as never };
}

/** Every page of a query, in order, with the limit given. */
async function pageThrough(query: string, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const answer = await list(
      `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.incidents.length).toBeLessThanOrEqual(limit);
    pages.push(answer.body.incidents.map((incident) => incident.id));
    cursor = answer.body.nextCursor;
    expect(pages.length).toBeLessThan(100);
  } while (cursor !== undefined);
  return pages;
}

/** What Postgres says the order is, for the same states. */
async function expected(states: string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM incidents WHERE state = ANY($1) ORDER BY opened_at DESC, id DESC`,
    [states],
  );
  return rows.map((row) => row.id);
}

beforeAll(async () => {
  server = await startTestServer();
  cookie = await signIn(server.url);
  db = new pg.Client({ connectionString: server.config.env.DATABASE_URL });
  await db.connect();
  // Groups of three share one opened_at, so ties straddle page boundaries for most limits.
  for (let n = 0; n < RESOLVED + OPEN; n += 1) {
    const resolved = n < RESOLVED;
    const opened = new Date(BASE + Math.floor(n / 3) * 60_000);
    await db.query(
      `INSERT INTO incidents (dedup_key, rule_id, rule_name, kind, severity, state, scope_type, site, title,
         summary, opened_at, resolved_at, updated_at)
       VALUES ($1, 'rule', 'Paging', 'threshold', 'minor', $2, 'site', 'north', $3, 'paging test', $4, $5, $4)`,
      [`paging:${n}`, resolved ? 'resolved' : 'open', `incident ${n}`, opened, resolved ? opened : null],
    );
  }
});

afterAll(async () => {
  await db?.end();
  await server?.close();
});

describe('GET /api/incidents paging', () => {
  it.each([1, 2, 3, 5, 7, 23, 30])(
    'lists every resolved incident exactly once, in order, %i per page',
    async (limit) => {
      const pages = await pageThrough('state=resolved', limit);
      expect(pages.flat()).toEqual(await expected(['resolved']));
      expect(pages.length).toBe(Math.max(1, Math.ceil(RESOLVED / limit)));
      // A full last page says so with no cursor: never an empty page to end on.
      expect(pages.at(-1)!.length).toBeGreaterThan(0);
    },
  );

  it('pages across states with the filters kept, and lists a short one on one page without a cursor', async () => {
    const all = await pageThrough('state=open,acknowledged,resolved&site=north', 4);
    expect(all.flat()).toEqual(await expected(['open', 'acknowledged', 'resolved']));
    const open = await list('state=open');
    expect(open.status).toBe(200);
    expect(open.body.incidents.map((incident) => incident.id)).toEqual(await expected(['open']));
    expect(open.body.nextCursor).toBeUndefined();
  });

  it(`takes ${INCIDENT_LIST_DEFAULT} per page when no limit is given`, async () => {
    const answer = await list('state=resolved');
    expect(answer.status).toBe(200);
    expect(answer.body.incidents).toHaveLength(Math.min(RESOLVED, INCIDENT_LIST_DEFAULT));
  });

  it.each([
    ['0', 'limit is at least 1'],
    [String(INCIDENT_LIST_MAX + 1), `limit is at most ${INCIDENT_LIST_MAX}`],
    ['abc', 'limit'],
    ['2.5', 'limit must be a whole number'],
  ])('refuses limit=%s with a 400 naming limit', async (limit, message) => {
    const answer = await list(`state=resolved&limit=${limit}`);
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('request.invalid');
    expect(answer.body.issues).toEqual([expect.objectContaining({ path: 'limit' })]);
    expect(answer.body.issues![0]!.message).toContain(message);
  });

  it.each([
    ['not base64', 'not%20a%20cursor'],
    ['base64 of something else', Buffer.from('hello').toString('base64url')],
    ['a cursor without an id', Buffer.from(`${BASE}:`).toString('base64url')],
    ['a cursor with a bad id', Buffer.from(`${BASE}:x'; DROP TABLE incidents`).toString('base64url')],
    ['an empty cursor', ''],
    ['a repeated cursor', 'a&cursor=b'],
  ])('refuses %s with a 400 naming cursor', async (_what, cursor) => {
    const answer = await list(`state=resolved&cursor=${cursor}`);
    expect(answer.status).toBe(400);
    expect(answer.body.issues?.map((issue) => issue.path)).toEqual(['cursor']);
    const { rows } = await db.query<{ count: string }>(`SELECT count(*) FROM incidents`);
    expect(Number(rows[0]!.count)).toBe(RESOLVED + OPEN);
  });
});
