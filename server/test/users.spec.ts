// People, roles, sessions and the audit trail, against the real server, Postgres, Redis and Socket.IO:
// an admin creates, disables, re-enables, re-roles and resets users; disabling ends their sessions and
// their live-feed sockets at once; users change their own password; the password policy names what is
// wrong; the last admin cannot be removed; sign-ins are audited with the address; the audit trail
// filters, exports as CSV, and the database refuses to change or delete it.
import { randomBytes } from 'node:crypto';
import { OPS_NAMESPACE } from '@wsnoc/shared';
import pg from 'pg';
import { io } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningServer } from '@/bootstrap.js';
import { databaseOptions } from '@/infra/database/database.options.js';
import { AuditService } from '@/modules/audit/audit.service.js';
import { signIn, startTestServer } from './start-test-server.js';
import { waitFor } from './wait-for.js';

let server: RunningServer;
let admin: string;

/** The fields these tests read from the answers, whichever route gave them. */
interface Item {
  id: string;
  username: string;
  action: string;
  actor: string;
  target: string;
  address: string;
  outcome: string;
  detail: string;
  current: boolean;
}
interface Body {
  code: string;
  id: string;
  role: string;
  disabled: boolean;
  sessions: number;
  ended: number;
  issues: { path: string; message: string }[];
  items: Item[];
}

async function api(
  method: string,
  path: string,
  cookie: string | undefined,
  body?: unknown,
): Promise<{ status: number; json: Body; text: string }> {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = {} as Body;
  try {
    json = JSON.parse(text) as Body;
  } catch {
    // CSV or empty
  }
  return { status: response.status, json, text };
}

async function createUser(username: string, role: string, password: string): Promise<string> {
  const created = await api('POST', '/users', admin, { username, role, password });
  expect(created.status, created.text).toBe(201);
  return created.json.id;
}

async function login(username: string, password: string): Promise<{ status: number; code?: string }> {
  const answer = await api('POST', '/auth/login', undefined, { username, password });
  return { status: answer.status, code: answer.json.code };
}

beforeAll(async () => {
  server = await startTestServer({ FEED_SESSION_CHECK_MS: '60000' });
  admin = await signIn(server.url);
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe('users', () => {
  it('refuses a weak, malformed or taken user, naming the field, and creates nothing', async () => {
    const weak = await api('POST', '/users', admin, {
      username: 'dora',
      role: 'operator',
      password: 'password123',
    });
    expect(weak.status).toBe(400);
    expect(weak.json.code).toBe('auth.weak-password');
    expect(weak.json.issues).toHaveLength(1);
    expect(weak.json.issues[0]!.path).toBe('password');
    expect(weak.json.issues[0]!.message).toMatch(/most common/);
    const short = await api('POST', '/users', admin, {
      username: 'dora',
      role: 'operator',
      password: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.json.issues[0]!.path).toBe('password');
    const badName = await api('POST', '/users', admin, {
      username: 'Dora Smith',
      role: 'operator',
      password: 'long-enough-words',
    });
    expect(badName.json.issues[0]!.path).toBe('username');
    const badRole = await api('POST', '/users', admin, {
      username: 'dora',
      role: 'root',
      password: 'long-enough-words',
    });
    expect(badRole.json.issues[0]!.path).toBe('role');
    const list = await api('GET', '/users', admin);
    expect(list.json.items.map((u) => u.username)).toEqual(['admin']);

    await createUser('dora', 'operator', 'slate-harbour-42');
    const taken = await api('POST', '/users', admin, {
      username: 'dora',
      role: 'viewer',
      password: 'other-long-phrase',
    });
    expect(taken.status).toBe(409);
    expect(taken.json.code).toBe('auth.username-taken');
  });

  it('disabling a user ends their sessions and live feed at once; re-enabled, they sign in again', async () => {
    const id = await createUser('erin', 'operator', 'lantern-field-77');
    const cookie = await signIn(server.url, 'erin', 'lantern-field-77');
    const socket = io(`${server.url}${OPS_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { cookie },
    });
    let snapshot = false;
    let closed: string | undefined;
    socket.on('devices:snapshot', () => (snapshot = true));
    socket.on('disconnect', (reason) => (closed = reason));
    try {
      await waitFor(() => snapshot, 5_000, 'the feed snapshot');
      expect((await api('GET', '/auth/me', cookie)).status).toBe(200);

      const disabled = await api('PATCH', `/users/${id}`, admin, { disabled: true });
      expect(disabled.status, disabled.text).toBe(200);
      expect(disabled.json).toMatchObject({ username: 'erin', disabled: true, sessions: 0 });
      // Well inside the feed's own session check (60 s): the sign-out announcement closed it.
      await waitFor(() => closed !== undefined, 3_000, 'the disabled user’s socket closed');
      expect(closed).toBe('io server disconnect');
      expect((await api('GET', '/auth/me', cookie)).status).toBe(401);
      expect(await login('erin', 'lantern-field-77')).toEqual({ status: 403, code: 'auth.disabled' });
      // A wrong password for a disabled account says only that it is wrong.
      expect(await login('erin', 'not-her-password')).toEqual({
        status: 401,
        code: 'auth.wrong-credentials',
      });

      expect((await api('PATCH', `/users/${id}`, admin, { disabled: false })).json.disabled).toBe(false);
      expect((await login('erin', 'lantern-field-77')).status).toBe(200);
    } finally {
      socket.close();
    }
  });

  it('a new role takes effect on open sessions at once', async () => {
    const id = await createUser('fred', 'viewer', 'orchard-river-5');
    const cookie = await signIn(server.url, 'fred', 'orchard-river-5');
    expect((await api('POST', '/devices', cookie, {})).status).toBe(403);
    expect((await api('PATCH', `/users/${id}`, admin, { role: 'operator' })).json.role).toBe('operator');
    // Past the guard now: the empty body is refused for what it is.
    expect((await api('POST', '/devices', cookie, {})).status).toBe(400);
    expect((await api('GET', '/auth/me', cookie)).json.role).toBe('operator');
    expect((await api('PATCH', `/users/${id}`, admin, {})).json.issues[0]!.message).toMatch(
      /role or disabled/,
    );
  });

  it('lists sessions, signs out everywhere, and resets a password', async () => {
    const id = await createUser('gwen', 'viewer', 'meadow-stone-31');
    const first = await signIn(server.url, 'gwen', 'meadow-stone-31');
    const second = await signIn(server.url, 'gwen', 'meadow-stone-31');
    const own = await api('GET', '/auth/sessions', second);
    expect(own.json.items).toHaveLength(2);
    expect(own.json.items.filter((s) => s.current)).toHaveLength(1);
    expect(own.json.items[0]!.address).toMatch(/127\.0\.0\.1/);
    expect((await api('GET', `/users/${id}/sessions`, admin)).json.items).toHaveLength(2);

    expect((await api('DELETE', `/users/${id}/sessions`, admin)).json).toEqual({ ended: 2 });
    expect((await api('GET', '/auth/me', first)).status).toBe(401);
    expect((await api('GET', '/auth/me', second)).status).toBe(401);

    const again = await signIn(server.url, 'gwen', 'meadow-stone-31');
    const weak = await api('POST', `/users/${id}/password`, admin, { password: 'gwen-gwen-gwen' });
    expect(weak.json.issues[0]!.message).toMatch(/username/);
    expect((await api('POST', `/users/${id}/password`, admin, { password: 'new-pasture-gate' })).status).toBe(
      204,
    );
    expect((await api('GET', '/auth/me', again)).status).toBe(401);
    expect((await login('gwen', 'meadow-stone-31')).status).toBe(401);
    expect((await login('gwen', 'new-pasture-gate')).status).toBe(200);
    expect(
      (await api('PATCH', `/users/00000000-0000-4000-8000-000000000000`, admin, { disabled: true })).status,
    ).toBe(404);
  });

  it('changing one’s own password needs the current one, and ends the other sessions only', async () => {
    await createUser('hana', 'viewer', 'willow-bridge-8');
    const other = await signIn(server.url, 'hana', 'willow-bridge-8');
    const here = await signIn(server.url, 'hana', 'willow-bridge-8');
    const wrong = await api('POST', '/auth/password', here, {
      currentPassword: 'nope',
      newPassword: 'quiet-valley-road',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json.issues).toEqual([{ path: 'currentPassword', message: 'currentPassword is wrong' }]);
    const weak = await api('POST', '/auth/password', here, {
      currentPassword: 'willow-bridge-8',
      newPassword: 'qwertyuiop',
    });
    expect(weak.json.issues[0]!.path).toBe('newPassword');
    expect((await login('hana', 'willow-bridge-8')).status).toBe(200);

    const changed = await api('POST', '/auth/password', here, {
      currentPassword: 'willow-bridge-8',
      newPassword: 'quiet-valley-road',
    });
    expect(changed.status, changed.text).toBe(204);
    expect((await api('GET', '/auth/me', here)).status).toBe(200);
    expect((await api('GET', '/auth/me', other)).status).toBe(401);
    expect((await login('hana', 'quiet-valley-road')).status).toBe(200);
  });

  it('never leaves the console without an enabled admin', async () => {
    const me = (await api('GET', '/auth/me', admin)).json.id;
    const demote = await api('PATCH', `/users/${me}`, admin, { role: 'operator' });
    expect(demote.status).toBe(409);
    expect(demote.json.code).toBe('auth.last-admin');
    expect((await api('PATCH', `/users/${me}`, admin, { disabled: true })).status).toBe(409);
    expect((await api('GET', '/auth/me', admin)).json.role).toBe('admin');
  });

  it('lets only one of two admins demoting each other at the same moment succeed', async () => {
    const me = (await api('GET', '/auth/me', admin)).json.id;
    const ivo = await createUser('ivo', 'admin', 'granite-harbour-71');
    let ivoSession = await signIn(server.url, 'ivo', 'granite-harbour-71');
    const enabledAdmins = async () =>
      (await api('GET', '/users', admin)).json.items.filter(
        (u) =>
          (u as { role?: string; disabled?: boolean }).role === 'admin' &&
          !(u as { disabled?: boolean }).disabled,
      ).length;
    for (let round = 0; round < 5; round += 1) {
      const [byAdmin, byIvo] = await Promise.all([
        api('PATCH', `/users/${ivo}`, admin, round % 2 ? { disabled: true } : { role: 'operator' }),
        api('PATCH', `/users/${me}`, ivoSession, round % 2 ? { disabled: true } : { role: 'operator' }),
      ]);
      const succeeded = [byAdmin, byIvo].filter((a) => a.status === 200);
      expect(
        succeeded,
        `round ${round}: ${byAdmin.status} ${byAdmin.text} / ${byIvo.status} ${byIvo.text}`,
      ).toHaveLength(1);
      expect([byAdmin, byIvo].find((a) => a.status !== 200)!.status).toBeOneOf([401, 403, 409]);
      // Put both back as enabled admins for the next round, through whoever is still one.
      const [keeper, loser, loserId] =
        byAdmin.status === 200 ? [admin, 'ivo', ivo] : [ivoSession, 'admin', me];
      const restored = await api('PATCH', `/users/${loserId}`, keeper, { role: 'admin', disabled: false });
      expect(restored.status, `restore ${loser}: ${restored.text}`).toBe(200);
      // A disabled user's sessions ended with the disable.
      if (loserId === me) {
        admin = await signIn(server.url);
      } else {
        ivoSession = await signIn(server.url, 'ivo', 'granite-harbour-71');
      }
      expect(await enabledAdmins()).toBeGreaterThanOrEqual(2);
    }
    expect((await api('PATCH', `/users/${ivo}`, admin, { disabled: true })).status).toBe(200);
  });
});

describe('audit trail', () => {
  it('records sign-ins, failures and user changes with who, whom and the address; filters and exports', async () => {
    await login('nobody', 'wrong-password');
    const failed = await api('GET', '/audit?action=auth.sign-in&outcome=failed&actor=nobody', admin);
    expect(failed.json.items).toHaveLength(1);
    expect(failed.json.items[0]).toMatchObject({ actor: 'nobody', outcome: 'failed', target: 'user:nobody' });
    expect(failed.json.items[0]!.address).toMatch(/127\.0\.0\.1/);

    const created = await api('GET', '/audit?action=user.&actor=admin', admin);
    const actions = created.json.items.map((e) => `${e.action} ${e.target}`);
    expect(actions).toContain('user.create user:dora');
    expect(actions).toContain('user.disable user:erin');
    expect(actions).toContain('user.enable user:erin');
    expect(actions).toContain('user.role user:fred');
    expect(created.json.items.every((e) => /127\.0\.0\.1/.test(e.address))).toBe(true);
    const refused = await api('GET', '/audit?action=user.role&outcome=refused', admin);
    expect(refused.json.items[0]!.detail).toMatch(/no enabled admin/);

    const future = await api('GET', `/audit?from=${new Date(Date.now() + 3_600_000).toISOString()}`, admin);
    expect(future.json.items).toEqual([]);
    const backwards = await api('GET', '/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', admin);
    expect(backwards.status).toBe(400);
    expect(backwards.json.issues[0]!.path).toBe('from');

    const page = await api('GET', '/audit?limit=2', admin);
    const next = await api('GET', `/audit?limit=2&before=${page.json.items[1]!.id}`, admin);
    expect(BigInt(next.json.items[0]!.id)).toBeLessThan(BigInt(page.json.items[1]!.id));

    const csv = await api('GET', '/audit?format=csv&action=user.create', admin);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,at,actor,action,deviceId,target,address,outcome,detail,before,after,durationMs',
    );
    expect(lines.slice(1).some((l) => l.includes('user:dora'))).toBe(true);
  });

  it('exports the whole filtered period as CSV, past one page, with formulas defused', async () => {
    const audit = server.app.get(AuditService);
    const actor = `exporter-${randomBytes(3).toString('hex')}`;
    const total = 1_205;
    for (let i = 0; i < total; i += 1) {
      await audit.record({
        actor,
        action: 'device.reboot',
        outcome: 'ok',
        detail: i === 0 ? '=HYPERLINK("http://evil.example","open")' : `entry ${i}`,
      });
    }
    const csv = await api('GET', `/audit?format=csv&actor=${actor}`, admin);
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split('\r\n');
    expect(lines).toHaveLength(total + 1);
    const ids = lines.slice(1).map((line) => BigInt(line.split(',')[0]!));
    expect(new Set(ids).size).toBe(total);
    expect(ids.every((id, i) => i === 0 || id < ids[i - 1]!)).toBe(true);
    // The oldest entry is the hostile one: a spreadsheet must read it as text, not run it.
    expect(lines[total]).toContain(`"'=HYPERLINK(""http://evil.example"",""open"")"`);
    expect(lines.some((line) => /,=HYPERLINK|,"=HYPERLINK/.test(line))).toBe(false);
  }, 120_000);

  it('cannot be changed or deleted, not even by the role the application connects as', async () => {
    const db = server.app.get(DataSource);
    const [{ count }] = await db.query<[{ count: number }]>(`SELECT count(*)::int AS count FROM audit_log`);
    expect(count).toBeGreaterThan(0);
    await expect(db.query(`UPDATE audit_log SET actor = 'someone-else'`)).rejects.toThrow(
      /append-only|permission/,
    );
    await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only|permission/);
    await expect(db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only|permission/);
    const [{ after }] = await db.query<[{ after: number }]>(`SELECT count(*)::int AS after FROM audit_log`);
    expect(after).toBe(count);
  });
});

describe('audit trail under a role that is not a superuser', () => {
  it('the role that ran the migrations holds no UPDATE, DELETE or TRUNCATE on it', async () => {
    const base = new URL(inject('databaseUrl'));
    const suffix = randomBytes(3).toString('hex');
    const role = `${base.pathname.slice(1)}_app_${suffix}`;
    const database = `${base.pathname.slice(1)}_${suffix}`;
    const adminClient = new pg.Client({ connectionString: inject('databaseAdminUrl') });
    await adminClient.connect();
    let db: DataSource | undefined;
    try {
      await adminClient.query(`CREATE ROLE ${role} LOGIN NOSUPERUSER`);
      await adminClient.query(`CREATE DATABASE ${database} OWNER ${role}`);
      const url = new URL(base);
      url.username = role;
      url.password = '';
      url.pathname = `/${database}`;
      db = await new DataSource(databaseOptions(url.toString())).initialize();
      await db.query(`INSERT INTO audit_log (actor, action, outcome) VALUES ('probe', 'probe', 'ok')`);
      const [privileges] = await db.query<
        [Record<string, boolean>]
      >(`SELECT has_table_privilege(current_user, 'audit_log', 'UPDATE') AS "update",
                has_table_privilege(current_user, 'audit_log', 'DELETE') AS "delete",
                has_table_privilege(current_user, 'audit_log', 'TRUNCATE') AS "truncate",
                has_table_privilege(current_user, 'audit_log', 'INSERT') AS "insert"`);
      expect(privileges).toEqual({ update: false, delete: false, truncate: false, insert: true });
      await expect(db.query(`UPDATE audit_log SET actor = 'x'`)).rejects.toThrow(/permission denied/);
      await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied/);
      const [{ count }] = await db.query<[{ count: number }]>(`SELECT count(*)::int AS count FROM audit_log`);
      expect(count).toBe(1);
    } finally {
      await db?.destroy();
      await adminClient.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await adminClient.query(`DROP ROLE IF EXISTS ${role}`);
      await adminClient.end();
    }
  });
});
