// The six PAWS methods (RFC 7545 section 4) over the incumbent model. Requests arrive already parsed;
// this file applies the ruleset's rules: which descriptor fields it requires, who must register, where
// the database has coverage and what a device may transmit.
import {
  EtsiDeviceDescriptorSchema,
  FccDeviceDescriptorSchema,
  PAWS_ERROR,
  PAWS_VERSION,
  distanceM,
  type AvailSpectrumBatchReq,
  type AvailSpectrumBatchResp,
  type AvailSpectrumReq,
  type AvailSpectrumResp,
  type DevValidReq,
  type DevValidResp,
  type DeviceDescriptor,
  type GeoLocation,
  type InitReq,
  type InitResp,
  type RegistrationReq,
  type RegistrationResp,
  type SpectrumUseNotify,
  type SpectrumUseResp,
} from '@wsnoc/shared';
import { pawsTime } from './geo.util.js';
import type { IncumbentModel } from './incumbent.model.js';
import { PawsError, dotted, issuesToPawsError } from './paws-request.validator.js';
import type { PawsSettings } from './paws.settings.js';
import type { DeviceClass } from './ruleset.config.js';
import { buildSpectrumSpec, combinedPermissions, type GeoPoint } from './spectrum-schedule.builder.js';

interface Registration {
  deviceDesc: DeviceDescriptor;
  point: GeoPoint;
  atMs: number;
}

export interface SpectrumUseRecord {
  serialNumber: string;
  at: string;
  lat: number;
  lon: number;
  channels: number[];
}

const MAX_NOTIFICATIONS = 1_000;

/** The points a GeoLocation stands for: a point's centre, or every vertex of a region. */
export function locationPoints(loc: GeoLocation): GeoPoint[] {
  if (loc.point) {
    return [{ lat: loc.point.center.latitude, lon: loc.point.center.longitude }];
  }
  return (loc.region?.exterior ?? []).slice(0, -1).map((p) => ({ lat: p.latitude, lon: p.longitude }));
}

export class PawsService {
  private readonly registrations = new Map<string, Registration>();
  readonly notifications: SpectrumUseRecord[] = [];

  constructor(
    readonly model: IncumbentModel,
    readonly settings: PawsSettings,
    private readonly clock: () => number,
  ) {}

  init(req: InitReq): InitResp {
    this.checkDevice(req.deviceDesc, ['deviceDesc']);
    this.pointsInCoverage(req.location);
    return { type: 'INIT_RESP', version: PAWS_VERSION, rulesetInfos: [this.settings.rulesetInfo()] };
  }

  register(req: RegistrationReq): RegistrationResp {
    const cls = this.checkDevice(req.deviceDesc, ['deviceDesc']);
    const points = this.pointsInCoverage(req.location);
    // FCC fixed devices are registered with their owner and operator (47 CFR 15.713(f)).
    if (cls.ruleset === 'fcc' && cls.type === 'FIXED') {
      const missing = [
        ...(req.deviceOwner ? [] : ['deviceOwner.owner']),
        ...(req.deviceOwner?.operator ? [] : ['deviceOwner.operator']),
      ];
      if (missing.length > 0) {
        throw new PawsError(
          PAWS_ERROR.MISSING,
          `FCC fixed devices register with owner and operator: ${missing.join(', ')}`,
          { parameters: missing },
        );
      }
    }
    this.registrations.set(registrationKey(req.deviceDesc), {
      deviceDesc: req.deviceDesc,
      point: points[0] ?? { lat: 0, lon: 0 },
      atMs: this.clock(),
    });
    return { type: 'REGISTRATION_RESP', version: PAWS_VERSION, rulesetInfos: [this.settings.rulesetInfo()] };
  }

  getSpectrum(req: AvailSpectrumReq): AvailSpectrumResp {
    const cls = this.checkDevice(req.deviceDesc, ['deviceDesc']);
    const points = this.pointsInCoverage(req.location);
    this.checkAuthorised(req, cls, points);
    const spec = buildSpectrumSpec(this.model, this.settings.rulesetInfo(), points, this.clock(), cls);
    return {
      type: 'AVAIL_SPECTRUM_RESP',
      version: PAWS_VERSION,
      timestamp: pawsTime(this.clock()),
      deviceDesc: req.deviceDesc,
      spectrumSpecs: [spec],
    };
  }

  getSpectrumBatch(req: AvailSpectrumBatchReq): AvailSpectrumBatchResp {
    const cls = this.checkDevice(req.deviceDesc, ['deviceDesc']);
    const inside = req.locations.filter((loc) =>
      locationPoints(loc).every((p) => this.model.insideCoverage(p.lat, p.lon)),
    );
    // The RFC lets a database answer for fewer locations than asked; with none left there is no answer.
    if (inside.length === 0) {
      throw new PawsError(
        PAWS_ERROR.OUTSIDE_COVERAGE,
        "None of the locations is inside this database's coverage area",
      );
    }
    this.checkAuthorised(req, cls, locationPoints(inside[0] as GeoLocation));
    const now = this.clock();
    return {
      type: 'AVAIL_SPECTRUM_BATCH_RESP',
      version: PAWS_VERSION,
      timestamp: pawsTime(now),
      deviceDesc: req.deviceDesc,
      geoSpectrumSpecs: inside.map((location) => ({
        location,
        spectrumSpecs: [
          buildSpectrumSpec(this.model, this.settings.rulesetInfo(), locationPoints(location), now, cls),
        ],
      })),
    };
  }

  notifySpectrumUse(req: SpectrumUseNotify): SpectrumUseResp {
    const cls = this.checkDevice(req.deviceDesc, ['deviceDesc']);
    const points = this.pointsInCoverage(req.location);
    if (!cls.slave) {
      // SPECTRUM_USE_NOTIFY has no masterDeviceDesc: a slave's report stands on its own descriptor.
      this.checkAuthorised(req, cls, points);
    }
    const now = this.clock();
    const perms = new Map(combinedPermissions(this.model, points, now, cls).map((p) => [p.channel, p]));
    const { channelWidthHz } = this.model.params;
    const bad: string[] = [];
    const used = new Set<number>();
    req.spectra.forEach((spectrum, si) => {
      const per100k = spectrum.resolutionBwHz === 1e5;
      if (!per100k && spectrum.resolutionBwHz !== channelWidthHz) {
        return; // Only the two resolutions the database hands out can be checked against its limits.
      }
      spectrum.profiles.forEach((profile, pi) => {
        for (let k = 0; k + 1 < profile.length; k++) {
          const a = profile[k];
          const b = profile[k + 1];
          if (!a || !b || b.hz <= a.hz) {
            continue;
          }
          for (const ch of this.model.params.channels) {
            const start = this.model.params.channelStartHz(ch);
            if (start >= b.hz || start + channelWidthHz <= a.hz) {
              continue;
            }
            used.add(ch);
            const perm = perms.get(ch);
            const limit = perm ? (per100k ? perm.maxEirpDbmPer100kHz : perm.maxEirpDbm) : undefined;
            if (limit === undefined || Math.max(a.dbm, b.dbm) > limit + 0.05) {
              bad.push(dotted(['spectra', si, 'profiles', pi, k]));
            }
          }
        }
      });
    });
    if (bad.length > 0) {
      throw new PawsError(
        PAWS_ERROR.INVALID_VALUE,
        'Notified use exceeds what the database permits at this location now',
        {
          parameters: [...new Set(bad)],
        },
      );
    }
    const first = points[0] ?? { lat: 0, lon: 0 };
    this.notifications.push({
      serialNumber: req.deviceDesc.serialNumber ?? '',
      at: new Date(now).toISOString(),
      lat: first.lat,
      lon: first.lon,
      channels: [...used].sort((x, y) => x - y),
    });
    if (this.notifications.length > MAX_NOTIFICATIONS) {
      this.notifications.splice(0, this.notifications.length - MAX_NOTIFICATIONS);
    }
    return { type: 'SPECTRUM_USE_RESP', version: PAWS_VERSION };
  }

  verifyDevice(req: DevValidReq): DevValidResp {
    return {
      type: 'DEV_VALID_RESP',
      version: PAWS_VERSION,
      deviceValidities: req.deviceDescs.map((deviceDesc, i) => {
        try {
          this.checkDevice(deviceDesc, ['deviceDescs', i]);
          return { deviceDesc, isValid: true };
        } catch (err) {
          return { deviceDesc, isValid: false, reason: (err as Error).message.slice(0, 128) };
        }
      }),
    };
  }

  /** Ruleset support and the ruleset's required descriptor fields; returns the device's power class. */
  checkDevice(desc: DeviceDescriptor, at: (string | number)[]): DeviceClass {
    const params = this.model.params;
    if (desc.rulesetIds && !desc.rulesetIds.includes(params.rulesetId)) {
      throw new PawsError(PAWS_ERROR.UNSUPPORTED, `This database supports ${params.rulesetId} only`, {
        parameters: [dotted([...at, 'rulesetIds'])],
      });
    }
    if (params.ruleset === 'etsi') {
      const r = EtsiDeviceDescriptorSchema.safeParse(desc);
      if (!r.success) {
        throw issuesToPawsError(r.error.issues, nest(at, desc), at);
      }
      return {
        ruleset: 'etsi',
        type: r.data.etsiEnDeviceType,
        emissionsClass: Number(r.data.etsiEnDeviceEmissionsClass) as 1 | 2 | 3 | 4 | 5,
        slave: r.data.etsiEnDeviceCategory === 'slave',
      };
    }
    const r = FccDeviceDescriptorSchema.safeParse(desc);
    if (!r.success) {
      throw issuesToPawsError(r.error.issues, nest(at, desc), at);
    }
    return { ruleset: 'fcc', type: r.data.fccTvbdDeviceType, slave: r.data.fccTvbdDeviceType === 'MODE_1' };
  }

  private pointsInCoverage(loc: GeoLocation): GeoPoint[] {
    const points = locationPoints(loc);
    if (!points.every((p) => this.model.insideCoverage(p.lat, p.lon))) {
      throw new PawsError(
        PAWS_ERROR.OUTSIDE_COVERAGE,
        "The location is outside this database's coverage area",
      );
    }
    return points;
  }

  /**
   * Masters that must register (ETSI masters, FCC fixed) get -302 until they have, or after moving
   * further than maxLocationChange from where they registered. A slave is served through its master.
   */
  private checkAuthorised(
    req: { deviceDesc: DeviceDescriptor; masterDeviceDesc?: DeviceDescriptor; owner?: unknown },
    cls: DeviceClass,
    points: GeoPoint[],
  ): void {
    if (cls.slave) {
      if (!req.masterDeviceDesc) {
        throw new PawsError(
          PAWS_ERROR.MISSING,
          'A slave device is served through its master: masterDeviceDesc is required',
          { parameters: ['masterDeviceDesc'] },
        );
      }
      const masterCls = this.checkDevice(req.masterDeviceDesc, ['masterDeviceDesc']);
      if (
        this.model.params.mustRegister(masterCls) &&
        !this.registrations.has(registrationKey(req.masterDeviceDesc))
      ) {
        throw new PawsError(
          PAWS_ERROR.NOT_REGISTERED,
          'The master device must register before it serves slaves',
        );
      }
      return;
    }
    if (!this.model.params.mustRegister(cls)) {
      return;
    }
    const reg = this.registrations.get(registrationKey(req.deviceDesc));
    const here = points[0] ?? { lat: 0, lon: 0 };
    if (!reg) {
      throw new PawsError(
        PAWS_ERROR.NOT_REGISTERED,
        'This device must register (spectrum.paws.register) before asking for spectrum',
      );
    }
    if (distanceM(reg.point.lat, reg.point.lon, here.lat, here.lon) > this.settings.maxLocationChange) {
      throw new PawsError(
        PAWS_ERROR.NOT_REGISTERED,
        `The device moved more than ${this.settings.maxLocationChange} m from where it registered; register again`,
      );
    }
  }

  registeredCount(): number {
    return this.registrations.size;
  }
}

/** Places a sub-object at its path in an otherwise empty request, so issue paths resolve against it. */
function nest(at: (string | number)[], value: unknown): unknown {
  return at.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

function registrationKey(desc: DeviceDescriptor): string {
  return `${desc.fccId ?? desc.manufacturerId ?? ''}|${desc.serialNumber ?? ''}`;
}
