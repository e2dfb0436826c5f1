// CSV import with a report per line. Each line is validated and saved in its own transaction: a bad line
// never blocks the good ones, and a line with an error is never half-saved.
import { Injectable } from '@nestjs/common';
import { type DeviceCreateDto, DeviceCreateSchema, type DeviceImportReport } from '@wsnoc/shared';
import { parse } from 'csv-parse/sync';
import { DomainEvents } from '@/infra/events/domain-events.js';
import { AuditService } from '@/modules/audit/audit.service.js';
import { DeviceRepository } from './device.repository.js';
import { DeviceInputError, DeviceService } from './device.service.js';

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
    const lines = this.parse(csv);
    // Base stations first, so a CPE may name a parent that appears later in the file.
    const order = [...lines].sort((a, b) => rank(a) - rank(b) || a.line - b.line);
    const changed: string[] = [];
    for (const line of order) {
      if (!line.dto) {
        continue;
      }
      const dto = line.dto;
      try {
        const existing = await this.devices.findByName(dto.name);
        const saved = await this.devices.transaction((m) => this.service.upsert(dto, existing, m));
        changed.push(saved.id);
        line.saved = existing ? 'updated' : 'created';
      } catch (err) {
        line.errors.push(describe(err));
      }
    }
    const report = this.report(lines);
    await this.audit.record({
      actor,
      action: 'device.import',
      outcome: report.failed ? (report.created + report.updated ? 'ok' : 'failed') : 'ok',
      detail: `${report.created} created, ${report.updated} updated, ${report.failed} failed`,
    });
    for (const deviceId of changed) {
      await this.events.emit('device.upserted', { deviceId });
    }
    return report;
  }

  private parse(csv: string): Line[] {
    type Parsed = { record: Record<string, string>; info: { lines: number; invalid_field_length: number } };
    let records: Parsed[];
    try {
      records = parse<Parsed>(csv, {
        columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
        skip_empty_lines: true,
        trim: true,
        relax_column_count: true,
        info: true,
        bom: true,
      });
    } catch (err) {
      throw new DeviceInputError(`the CSV cannot be read: ${(err as Error).message}`, { cause: err });
    }
    if (records.length > MAX_LINES) {
      throw new DeviceInputError(
        `the CSV holds ${records.length} lines; import at most ${MAX_LINES} at a time`,
      );
    }
    const header = records.length ? Object.keys(records[0]!.record) : [];
    const missing = CSV_REQUIRED.filter((c) => !header.includes(c));
    if (records.length && missing.length) {
      throw new DeviceInputError(`the CSV header lacks ${missing.join(', ')}`);
    }
    const unknown = header.filter((c) => !(c in COLUMNS));
    if (unknown.length) {
      throw new DeviceInputError(
        `unknown CSV columns: ${unknown.join(', ')} (known: ${Object.keys(COLUMNS).join(', ')})`,
      );
    }
    return records.map(({ record, info }) =>
      this.toLine(record, info.lines, info.invalid_field_length > 0, header.length),
    );
  }

  private toLine(record: Record<string, string>, line: number, badLength: boolean, columns: number): Line {
    const name = record.name || null;
    if (badLength) {
      return { line, name, errors: [`expected ${columns} fields`] };
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

function rank(line: Line): number {
  return line.dto?.role === 'base-station' ? 0 : 1;
}

function describe(err: unknown): string {
  if (err instanceof DeviceInputError) {
    return err.message;
  }
  if ((err as { code?: string }).code === '23505') {
    return 'another device already uses this host and port';
  }
  return `not saved: ${(err as Error).message}`;
}
