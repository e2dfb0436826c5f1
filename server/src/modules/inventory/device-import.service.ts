// CSV import with a report per line. Lines are validated one by one and saved in chunks, each chunk in one
// transaction; a chunk the database refuses is redone line by line. A bad line never blocks the good ones,
// and a line with an error is never half-saved.
import { Injectable } from '@nestjs/common';
import { type DeviceCreateDto, DeviceCreateSchema, type DeviceImportReport } from '@wsnoc/shared';
import { parse } from 'csv-parse/sync';
import { classifyDatabaseError } from '@/infra/errors/dependency-errors.js';
import { DomainEvents } from '@/infra/events/domain-events.js';
import { AuditService } from '@/modules/audit/audit.service.js';
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

  async import(csv: string, actor: string): Promise<DeviceImportReport> {
    return this.importLines(this.parse(csv), actor, 'device.import');
  }

  /** Creates or updates many devices already validated (the lab's fleet at enrolment). */
  importDevices(devices: DeviceCreateDto[], actor: string): Promise<DeviceImportReport> {
    return this.importLines(
      devices.map((dto, i) => ({ line: i + 1, name: dto.name, dto, errors: [] })),
      actor,
      'device.enrol',
    );
  }

  private async importLines(lines: Line[], actor: string, action: string): Promise<DeviceImportReport> {
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

  private parse(csv: string): Line[] {
    // Rows as arrays, so each row's own field count is known (the header is just the first row).
    let rows: { record: string[]; info: { lines: number } }[];
    try {
      rows = parse(csv, {
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
        info: true,
        bom: true,
      }) as unknown as typeof rows;
    } catch (err) {
      throw new DeviceError(
        'invalid-csv',
        `the CSV cannot be read: ${(err as Error).message}`,
        {},
        { cause: err },
      );
    }
    const [head, ...body] = rows;
    if (body.length > MAX_LINES) {
      throw new DeviceError(
        'invalid-csv',
        `the CSV holds ${body.length} lines; import at most ${MAX_LINES} at a time`,
      );
    }
    const header = (head?.record ?? []).map((h) => h.trim().toLowerCase());
    const missing = CSV_REQUIRED.filter((c) => !header.includes(c));
    if (body.length && missing.length) {
      throw new DeviceError('invalid-csv', `the CSV header lacks ${missing.join(', ')}`);
    }
    const unknown = header.filter((c) => !(c in COLUMNS));
    if (unknown.length) {
      throw new DeviceError(
        'invalid-csv',
        `unknown CSV columns: ${unknown.join(', ')} (known: ${Object.keys(COLUMNS).join(', ')})`,
      );
    }
    return body.map(({ record, info }) => this.toLine(header, record, info.lines));
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
