// CSV import with a report per line. Lines are validated one by one and saved in chunks, each chunk in one
// transaction; a chunk the database refuses is redone line by line. A bad line never blocks the good ones,
// and a line with an error is never half-saved. A file with a header the import does not understand (an
// unknown or repeated column) is refused whole. The text (up to 20 MB) is parsed and checked in slices
// that give the event loop back between them, and parsing stops at the first record past the line limit,
// so one large file never stalls every other request.
import { Injectable } from '@nestjs/common';
import { type DeviceCreateDto, DeviceCreateSchema, type DeviceImportReport } from '@wsnoc/shared';
import { parse } from 'csv-parse';
import { classifyDatabaseError } from '@/infra/errors/dependency-errors.js';
import { DomainEvents } from '@/infra/events/domain-events.js';
import { type AuditActor, AuditService } from '@/modules/audit/audit.service.js';
import type { DeviceEntity } from './device.entity.js';
import { DeviceRepository } from './device.repository.js';
import { DeviceError } from './device.errors.js';
import { DeviceService, uniqueViolation } from './device.service.js';

/** CSV column -> DTO field. Tags are separated by `;` inside their cell. */
const COLUMNS: Record<string, keyof DeviceCreateDto> = {
  name: 'name',
  role: 'role',
  host: 'host',
  port: 'port',
  username: 'username',
  password: 'password',
  site: 'site',
  lat: 'lat',
  lon: 'lon',
  antenna_height_m: 'antennaHeightM',
  parent: 'parent',
  tags: 'tags',
};
export const CSV_REQUIRED = ['name', 'role', 'host', 'username', 'password'];
const MAX_LINES = 20_000;
/**
 * Characters handed to the parser at a time (about 200 lines, 10 ms of parsing), and lines checked at a
 * time, before yielding to the event loop.
 */
const PARSE_SLICE_CHARS = 16 * 1024;
const CHECK_SLICE_LINES = 1_000;
/** No device line comes near this; a longer record is a broken file (an unclosed quote) or a hostile one. */
const MAX_RECORD_BYTES = 64 * 1024;
/** Header names quoted back in an error, each cut to this length. */
const QUOTED_COLUMN_CHARS = 40;
/** Lines saved per statement: large enough to be fast, small enough that a refused chunk is cheap to redo. */
const CHUNK = 500;

type Line = {
  line: number;
  name: string | null;
  dto?: DeviceCreateDto;
  errors: string[];
  saved?: 'created' | 'updated';
};

@Injectable()
export class DeviceImportService {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly service: DeviceService,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
  ) {}

  async import(csv: string, actor: string | AuditActor): Promise<DeviceImportReport> {
    return this.importLines(await this.parse(csv), actor, 'device.import');
  }

  /** Creates or updates many devices already validated (the lab's fleet at enrolment). */
  importDevices(devices: DeviceCreateDto[], actor: string | AuditActor): Promise<DeviceImportReport> {
    return this.importLines(
      devices.map((dto, i) => ({ line: i + 1, name: dto.name, dto, errors: [] })),
      actor,
      'device.enrol',
    );
  }

  private async importLines(
    lines: Line[],
    actor: string | AuditActor,
    action: string,
  ): Promise<DeviceImportReport> {
    const valid = lines.filter((l): l is Line & { dto: DeviceCreateDto } => l.dto !== undefined);
    const index = await this.devices.index([
      ...new Set(valid.flatMap((l) => [l.dto.name, ...(l.dto.parent ? [l.dto.parent] : [])])),
    ]);
    const existed = new Set(index.keys());
    const sites = await this.devices.ensureSites([
      ...new Set(valid.flatMap((l) => (l.dto.site ? [l.dto.site] : []))),
    ]);
    // Base stations first, so a CPE may name a parent that appears later in the file.
    const stations = valid.filter((l) => l.dto.role === 'base-station');
    const cpes = valid.filter((l) => l.dto.role === 'cpe');
    for (const line of stations) {
      index.set(line.dto.name, { id: '', role: 'base-station' });
    }
    const changed: string[] = [];
    for (const group of [stations, cpes]) {
      const ready = group.filter((line) => this.checkParent(line, index));
      for (let i = 0; i < ready.length; i += CHUNK) {
        changed.push(...(await this.save(ready.slice(i, i + CHUNK), index, sites, existed)));
      }
    }
    const report = this.report(lines);
    await this.audit.record({
      actor,
      action,
      outcome: report.failed ? (report.created + report.updated ? 'ok' : 'failed') : 'ok',
      detail: `${report.created} created, ${report.updated} updated, ${report.failed} failed`,
    });
    await this.events.emit('devices.upserted', { deviceIds: changed });
    return report;
  }

  private checkParent(
    line: Line & { dto: DeviceCreateDto },
    index: Map<string, { id: string; role: string }>,
  ): boolean {
    const parent = line.dto.parent;
    if (!parent) {
      return true;
    }
    const found = index.get(parent);
    const problem =
      line.dto.role === 'base-station'
        ? 'parent: only a CPE hangs off a base station'
        : !found
          ? `parent: no device named ${parent}`
          : found.role !== 'base-station'
            ? `parent: ${parent} is not a base station`
            : undefined;
    if (problem) {
      line.errors.push(problem);
    }
    return !problem;
  }

  /**
   * Saves a chunk in one statement. If the database refuses it (say, two devices on one host and port),
   * the chunk is saved line by line instead, so only the offending lines fail.
   */
  private async save(
    chunk: (Line & { dto: DeviceCreateDto })[],
    index: Map<string, { id: string; role: DeviceEntity['role'] }>,
    sites: Map<string, string>,
    existed: Set<string>,
  ): Promise<string[]> {
    try {
      const ids = await this.devices.transaction((m) =>
        this.devices.upsertMany(
          chunk.map(({ dto }) => ({
            name: dto.name,
            role: dto.role,
            host: dto.host,
            port: dto.port,
            username: dto.username,
            passwordEnc: this.service.seal(dto.password),
            siteId: dto.site ? (sites.get(dto.site) ?? null) : null,
            lat: dto.lat ?? null,
            lon: dto.lon ?? null,
            antennaHeightM: dto.antennaHeightM ?? null,
            parentId: dto.parent ? (index.get(dto.parent)?.id ?? null) : null,
            tags: [...new Set(dto.tags)],
          })),
          m,
        ),
      );
      for (const line of chunk) {
        line.saved = existed.has(line.dto.name) ? 'updated' : 'created';
        index.set(line.dto.name, { id: ids.get(line.dto.name)!, role: line.dto.role });
      }
      return [...ids.values()];
    } catch {
      const saved: string[] = [];
      for (const line of chunk) {
        try {
          const existing = await this.devices.findByName(line.dto.name);
          const device = await this.devices.transaction((m) => this.service.upsert(line.dto, existing, m));
          line.saved = existing ? 'updated' : 'created';
          index.set(device.name, { id: device.id, role: device.role });
          saved.push(device.id);
        } catch (err) {
          if (classifyDatabaseError(err) === 'unavailable') {
            // An outage is not this line's fault: stop, and let the caller see 503 and import again.
            throw err;
          }
          line.errors.push(describe(err));
        }
      }
      return saved;
    }
  }

  private async parse(csv: string): Promise<Line[]> {
    const rows = await readRecords(csv);
    const [head, ...body] = rows;
    const header = (head?.record ?? []).map((h) => h.trim().toLowerCase());
    // Own keys only: `constructor` or `__proto__` are no columns, whatever Object.prototype holds.
    const unknown = header.filter((c) => !Object.hasOwn(COLUMNS, c));
    if (unknown.length) {
      throw new DeviceError(
        'invalid-csv',
        `unknown CSV columns: ${quoteColumns(unknown)} (known: ${Object.keys(COLUMNS).join(', ')})`,
      );
    }
    const repeated = header.filter((c, i) => header.indexOf(c) !== i);
    if (repeated.length) {
      throw new DeviceError(
        'invalid-csv',
        `CSV columns named more than once: ${quoteColumns([...new Set(repeated)])}; name each column once`,
      );
    }
    const missing = CSV_REQUIRED.filter((c) => !header.includes(c));
    if (body.length && missing.length) {
      throw new DeviceError('invalid-csv', `the CSV header lacks ${missing.join(', ')}`);
    }
    const lines: Line[] = [];
    for (let i = 0; i < body.length; i += CHECK_SLICE_LINES) {
      for (const { record, info } of body.slice(i, i + CHECK_SLICE_LINES)) {
        lines.push(this.toLine(header, record, info.lines));
      }
      await yieldToEventLoop();
    }
    return lines;
  }

  private toLine(header: string[], fields: string[], line: number): Line {
    const record = Object.fromEntries(header.map((column, i) => [column, fields[i] ?? '']));
    const name = record.name || null;
    // Fewer fields than the header is common (trailing empty cells left out) and means empty values;
    // more fields than the header means a misplaced comma, and guessing which value moved is unsafe.
    if (fields.length > header.length) {
      return {
        line,
        name,
        errors: [`more fields than the header's ${header.length}: quote values that contain commas`],
      };
    }
    const input: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(record)) {
      const field = COLUMNS[column];
      if (field && value !== '') {
        input[field] =
          field === 'tags'
            ? value
                .split(';')
                .map((t) => t.trim())
                .filter(Boolean)
            : value;
      }
    }
    const parsed = DeviceCreateSchema.safeParse(input);
    if (!parsed.success) {
      return {
        line,
        name,
        errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`),
      };
    }
    return { line, name, dto: parsed.data, errors: [] };
  }

  private report(lines: Line[]): DeviceImportReport {
    const rows = lines.map((l) => ({
      line: l.line,
      name: l.name,
      outcome: l.saved ?? ('error' as const),
      errors: l.errors,
    }));
    return {
      created: rows.filter((r) => r.outcome === 'created').length,
      updated: rows.filter((r) => r.outcome === 'updated').length,
      failed: rows.filter((r) => r.outcome === 'error').length,
      lines: rows,
    };
  }
}

type Row = { record: string[]; info: { lines: number } };

/**
 * Parses the CSV in slices, yielding between them; refuses (invalid-csv) a file that cannot be read, a
 * record longer than MAX_RECORD_BYTES, or more than MAX_LINES lines, stopping as soon as it knows.
 */
async function readRecords(csv: string): Promise<Row[]> {
  const rows: Row[] = [];
  let failure: Error | undefined;
  const parser = parse({
    skip_empty_lines: true,
    trim: true,
    relax_column_count: true,
    info: true,
    bom: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  parser.on('readable', () => {
    let row: Row | null;
    while ((row = parser.read() as Row | null) !== null) {
      rows.push(row);
    }
  });
  parser.on('error', (err) => (failure ??= err));
  const ended = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('error', () => resolve());
  });
  const tooMany = () => rows.length > MAX_LINES + 1;
  for (let at = 0; at < csv.length && !failure && !tooMany();) {
    let end = Math.min(at + PARSE_SLICE_CHARS, csv.length);
    if (end < csv.length && isHighSurrogate(csv.charCodeAt(end - 1))) {
      end--; // never split a character written as a surrogate pair
    }
    parser.write(csv.slice(at, end));
    at = end;
    await yieldToEventLoop();
  }
  if (tooMany()) {
    parser.destroy();
    throw new DeviceError(
      'invalid-csv',
      `the CSV holds more than ${MAX_LINES} lines; import at most ${MAX_LINES} at a time`,
    );
  }
  if (!failure) {
    parser.end();
    await ended;
  }
  if (failure) {
    throw new DeviceError(
      'invalid-csv',
      `the CSV cannot be read: ${failure.message.slice(0, 300)}`,
      {},
      { cause: failure },
    );
  }
  return rows;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function quoteColumns(columns: string[]): string {
  const shown = columns
    .slice(0, 10)
    .map((c) => JSON.stringify(c.length > QUOTED_COLUMN_CHARS ? `${c.slice(0, QUOTED_COLUMN_CHARS)}…` : c));
  return `${shown.join(', ')}${columns.length > 10 ? ` and ${columns.length - 10} more` : ''}`;
}

function describe(err: unknown): string {
  if (err instanceof DeviceError) {
    return err.message;
  }
  if (classifyDatabaseError(err) === 'unique-violation') {
    return uniqueViolation(err).code === 'address-taken'
      ? 'another device already uses this host and port'
      : 'another device already uses this name';
  }
  return `not saved: ${(err as Error).message}`;
}
