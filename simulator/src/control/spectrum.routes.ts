// Control API for the simulated white-space database (docs/simulator.md, "Control API: spectrum"):
// withdraw channels, break the database on purpose, change its timers, and read its truth, the
// compliance log and the count of PAWS requests it answered. Thin: parsing here, behaviour in src/paws.
import {
  AvailabilityQuerySchema,
  PawsFaultDtoSchema,
  SpectrumSettingsDtoSchema,
  WithdrawalCreateDtoSchema,
  type AvailabilityResponseDto,
  type ComplianceLogResponseDto,
  type PawsStatsResponseDto,
} from '@wsnoc/shared';
import type { PawsHandle } from '../paws/index.js';
import { mapReservation } from '../paws/incumbent.model.js';
import type { DeviceClass } from '../paws/ruleset.config.js';
import { ControlHttpError, parseBody, type ControlRouter } from './router.js';

export function registerSpectrumRoutes(router: ControlRouter, paws: PawsHandle): void {
  const { model, settings, faults, judge, stats } = paws;

  router.add('POST', '/spectrum/withdrawals', ({ body }) => {
    const dto = parseBody(WithdrawalCreateDtoSchema, body);
    const r = model.addReservation(
      {
        label: dto.label ?? 'Withdrawal by control API',
        area: dto.area,
        channels: dto.channels,
        fromMs: Date.parse(dto.from),
        toMs: dto.to === undefined ? null : Date.parse(dto.to),
        source: 'control',
      },
      paws.clock(),
    );
    judge.tick(); // a withdrawal starting now starts the grace clock of radios on it now
    return mapReservation(r);
  });

  router.add('GET', '/spectrum/withdrawals', () => model.listReservations().map(mapReservation));

  router.add('DELETE', '/spectrum/withdrawals/:id', ({ params }) => {
    const id = params.id ?? '';
    if (!model.removeReservation(id)) {
      throw new ControlHttpError(404, `No withdrawal ${id}`);
    }
    judge.tick();
    return { ok: true, id };
  });

  router.add('POST', '/spectrum/fault', ({ body }) => {
    faults.set(parseBody(PawsFaultDtoSchema, body));
    judge.tick(); // an outage starts (or ends) the judge's clock now
    return faults.toDto();
  });

  router.add('GET', '/spectrum/fault', () => faults.toDto());

  router.add('PUT', '/spectrum/settings', ({ body }) => {
    settings.update(parseBody(SpectrumSettingsDtoSchema, body));
    return settings.toDto();
  });

  router.add('GET', '/spectrum/settings', () => settings.toDto());

  router.add('GET', '/spectrum/availability', ({ query }): AvailabilityResponseDto => {
    const q = parseBody(AvailabilityQuerySchema, Object.fromEntries(query));
    const atMs = q.at === undefined ? paws.clock() : Date.parse(q.at);
    const cls = deviceClassFor(paws, q.deviceType, q.emissionsClass);
    return {
      at: new Date(atMs).toISOString(),
      lat: q.lat,
      lon: q.lon,
      insideCoverage: model.insideCoverage(q.lat, q.lon),
      deviceType: cls.ruleset === 'etsi' ? `${cls.type}/class ${cls.emissionsClass}` : cls.type,
      channels: model.permissions(q.lat, q.lon, atMs, cls),
    };
  });

  router.add('GET', '/spectrum/notifications', () => paws.service.notifications);

  router.add('GET', '/paws/stats', (): PawsStatsResponseDto => stats.toDto());

  router.add('GET', '/compliance', ({ query }): ComplianceLogResponseDto => {
    const all = judge.violations();
    const openOnly = query.get('open') === 'true';
    const radioId = query.get('radioId');
    const violations = all.filter(
      (v) => (!openOnly || v.to === null) && (radioId === null || v.radioId === radioId),
    );
    return {
      at: new Date(paws.clock()).toISOString(),
      open: all.filter((v) => v.to === null).length,
      total: all.length,
      violations,
    };
  });
}

function deviceClassFor(
  paws: PawsHandle,
  type: string | undefined,
  emissionsClass: string | undefined,
): DeviceClass {
  const params = paws.model.params;
  if (params.ruleset === 'etsi') {
    if (type !== undefined && type !== 'A' && type !== 'B') {
      throw new ControlHttpError(400, `deviceType: ${type} is not an ETSI device type (A or B)`);
    }
    return {
      ruleset: 'etsi',
      type: type ?? 'A',
      emissionsClass: Number(emissionsClass ?? '1') as 1 | 2 | 3 | 4 | 5,
      slave: false,
    };
  }
  if (type !== undefined && type !== 'FIXED' && type !== 'MODE_1' && type !== 'MODE_2') {
    throw new ControlHttpError(400, `deviceType: ${type} is not an FCC device type (FIXED, MODE_1, MODE_2)`);
  }
  return { ruleset: 'fcc', type: type ?? 'FIXED', slave: type === 'MODE_1' };
}
