// PAWS (RFC 7545) parameter types, section 5. The database in the simulator and the console's PAWS client
// both parse with these, so field names and optionality follow the RFC's data models exactly. Objects strip
// unknown fields (receivers ignore them, section 4) except where the RFC allows "*other:any" extensions
// that must survive a round trip: DeviceDescriptor (echoed back in responses), RulesetInfo and vCards.
import { z } from 'zod';

export const PAWS_VERSION = '1.0' as const;

export const RULESET_ID_ETSI = 'ETSI-EN-301-598-1.1.1' as const;
export const RULESET_ID_FCC = 'FccTvBandWhiteSpace-2010' as const;

/** `YYYY-MM-DDThh:mm:ssZ` (section 5.14): whole seconds, UTC, no fraction. */
export const PawsTimestampSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, 'expected YYYY-MM-DDThh:mm:ssZ');

/** Section 5.1: a WGS84 point in degrees. */
export const PawsPointSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});
export type PawsPoint = z.infer<typeof PawsPointSchema>;

/** Section 5.1: a point with optional uncertainty (metres) and orientation (degrees from north, 0-180). */
export const PawsEllipseSchema = z.object({
  center: PawsPointSchema,
  semiMajorAxis: z.number().min(0).optional(),
  semiMinorAxis: z.number().min(0).optional(),
  orientation: z.number().min(0).max(180).optional(),
});
export type PawsEllipse = z.infer<typeof PawsEllipseSchema>;

/** Most vertices a region may have; the closing point repeats the first, so 16 points at most. */
export const PAWS_POLYGON_MAX_VERTICES = 15;

/** Section 5.1: a closed polygon: at least 4 points, the last equal to the first, at most 15 vertices. */
export const PawsPolygonSchema = z
  .object({ exterior: z.array(PawsPointSchema) })
  .superRefine((polygon, ctx) => {
    const pts = polygon.exterior;
    const first = pts[0];
    const last = pts[pts.length - 1];
    if (pts.length < 4) {
      ctx.addIssue({ code: 'custom', path: ['exterior'], message: 'a region needs at least 4 points' });
    } else if (!first || !last || first.latitude !== last.latitude || first.longitude !== last.longitude) {
      ctx.addIssue({
        code: 'custom',
        path: ['exterior'],
        message: 'a region must be closed: last point equal to the first',
      });
    } else if (pts.length - 1 > PAWS_POLYGON_MAX_VERTICES) {
      ctx.addIssue({
        code: 'custom',
        path: ['exterior'],
        message: `a region has at most ${PAWS_POLYGON_MAX_VERTICES} vertices`,
      });
    }
  });
export type PawsPolygon = z.infer<typeof PawsPolygonSchema>;

/** Section 5.1: exactly one of `point` or `region`; confidence is a percentage. */
export const GeoLocationSchema = z
  .object({
    point: PawsEllipseSchema.optional(),
    region: PawsPolygonSchema.optional(),
    confidence: z.number().int().min(0).max(100).optional(),
  })
  .superRefine((loc, ctx) => {
    if (loc.point && loc.region) {
      ctx.addIssue({ code: 'custom', path: ['region'], message: 'point and region are mutually exclusive' });
    } else if (!loc.point && !loc.region) {
      ctx.addIssue({
        code: 'custom',
        path: ['point'],
        message: 'exactly one of point or region is required',
      });
    }
  });
export type GeoLocation = z.infer<typeof GeoLocationSchema>;

export const FCC_TVBD_DEVICE_TYPES = ['FIXED', 'MODE_1', 'MODE_2'] as const;
export const ETSI_DEVICE_TYPES = ['A', 'B'] as const;
export const ETSI_EMISSIONS_CLASSES = ['1', '2', '3', '4', '5'] as const;
export const ETSI_DEVICE_CATEGORIES = ['master', 'slave'] as const;

/**
 * Section 5.2: every field is optional in the base model; rulesets make some required (section 9.1.2
 * for the FCC, 9.2.2 for ETSI), which the ruleset-specific schemas below enforce.
 */
export const DeviceDescriptorSchema = z.looseObject({
  serialNumber: z.string().optional(),
  manufacturerId: z.string().optional(),
  modelId: z.string().optional(),
  rulesetIds: z.array(z.string()).optional(),
  fccId: z.string().optional(),
  fccTvbdDeviceType: z.enum(FCC_TVBD_DEVICE_TYPES).optional(),
  etsiEnDeviceType: z.enum(ETSI_DEVICE_TYPES).optional(),
  etsiEnDeviceEmissionsClass: z.enum(ETSI_EMISSIONS_CLASSES).optional(),
  etsiEnTechnologyId: z.string().optional(),
  etsiEnDeviceCategory: z.enum(ETSI_DEVICE_CATEGORIES).optional(),
});
export type DeviceDescriptor = z.infer<typeof DeviceDescriptorSchema>;

/** Section 9.1.2.1: the FCC ruleset requires serialNumber, fccId and fccTvbdDeviceType. */
export const FccDeviceDescriptorSchema = DeviceDescriptorSchema.extend({
  serialNumber: z.string().min(1),
  fccId: z.string().min(1),
  fccTvbdDeviceType: z.enum(FCC_TVBD_DEVICE_TYPES),
});
export type FccDeviceDescriptor = z.infer<typeof FccDeviceDescriptorSchema>;

/** Section 9.2.2.1: the ETSI ruleset requires the identity fields plus type, class, technology and category. */
export const EtsiDeviceDescriptorSchema = DeviceDescriptorSchema.extend({
  serialNumber: z.string().min(1),
  manufacturerId: z.string().min(1),
  modelId: z.string().min(1),
  etsiEnDeviceType: z.enum(ETSI_DEVICE_TYPES),
  etsiEnDeviceEmissionsClass: z.enum(ETSI_EMISSIONS_CLASSES),
  etsiEnTechnologyId: z.string().min(1),
  etsiEnDeviceCategory: z.enum(ETSI_DEVICE_CATEGORIES),
});
export type EtsiDeviceDescriptor = z.infer<typeof EtsiDeviceDescriptorSchema>;

/** Section 5.3: antenna height in metres above ground (AGL) or mean sea level (AMSL). */
export const AntennaCharacteristicsSchema = z.object({
  height: z.number().optional(),
  heightType: z.enum(['AGL', 'AMSL']).optional(),
  heightUncertainty: z.number().min(0).optional(),
});
export type AntennaCharacteristics = z.infer<typeof AntennaCharacteristicsSchema>;

/** A vCard encoded as jCard (RFC 7095, an array) or as the object form some databases accept. */
export const VCardSchema = z.union([z.array(z.unknown()), z.looseObject({})]);

/** Section 5.4: the owner is required; the operator is required by some rulesets (FCC fixed). */
export const DeviceOwnerSchema = z.object({ owner: VCardSchema, operator: VCardSchema.optional() });
export type DeviceOwner = z.infer<typeof DeviceOwnerSchema>;

/** Section 5.5: startHz inclusive, stopHz exclusive. */
export const FrequencyRangeSchema = z.object({ startHz: z.number().min(0), stopHz: z.number().min(0) });
export type FrequencyRange = z.infer<typeof FrequencyRangeSchema>;

/** Section 5.7. */
export const DeviceCapabilitiesSchema = z.object({
  frequencyRanges: z.array(FrequencyRangeSchema).optional(),
});

/** Section 5.6: maxLocationChange in metres, maxPollingSecs in seconds. */
export const RulesetInfoSchema = z.looseObject({
  authority: z.string(),
  rulesetId: z.string(),
  maxLocationChange: z.number().min(0).optional(),
  maxPollingSecs: z.number().int().min(0).optional(),
});
export type RulesetInfo = z.infer<typeof RulesetInfoSchema>;

/** Section 5.11: EIRP in dBm over the resolution bandwidth at frequency hz. */
export const SpectrumProfilePointSchema = z.object({ hz: z.number().min(0), dbm: z.number() });
export type SpectrumProfilePoint = z.infer<typeof SpectrumProfilePointSchema>;

/** Section 5.11: a profile is a piecewise-linear power mask of at least two points. */
export const SpectrumProfileSchema = z.array(SpectrumProfilePointSchema).min(2);

/** Section 5.11. */
export const SpectrumSchema = z.object({
  resolutionBwHz: z.number().positive(),
  profiles: z.array(SpectrumProfileSchema),
});
export type Spectrum = z.infer<typeof SpectrumSchema>;

/** Section 5.10: startTime inclusive, stopTime exclusive, relative to the response timestamp. */
export const EventTimeSchema = z.object({ startTime: PawsTimestampSchema, stopTime: PawsTimestampSchema });
export type EventTime = z.infer<typeof EventTimeSchema>;

/** Section 5.10. */
export const SpectrumScheduleSchema = z.object({
  eventTime: EventTimeSchema,
  spectra: z.array(SpectrumSchema),
});
export type SpectrumSchedule = z.infer<typeof SpectrumScheduleSchema>;

/** Section 5.9: one per ruleset; schedules are disjoint and sorted by time. */
export const SpectrumSpecSchema = z.object({
  rulesetInfo: RulesetInfoSchema,
  spectrumSchedules: z.array(SpectrumScheduleSchema),
  timeRange: EventTimeSchema.optional(),
  frequencyRanges: z.array(FrequencyRangeSchema).optional(),
  needsSpectrumReport: z.boolean().optional(),
  maxTotalBwHz: z.number().min(0).optional(),
  maxContiguousBwHz: z.number().min(0).optional(),
});
export type SpectrumSpec = z.infer<typeof SpectrumSpecSchema>;

/** Section 5.12: the spectrum available at one location of a batch request. */
export const GeoSpectrumSpecSchema = z.object({
  location: GeoLocationSchema,
  spectrumSpecs: z.array(SpectrumSpecSchema),
});
export type GeoSpectrumSpec = z.infer<typeof GeoSpectrumSpecSchema>;

/** Section 5.8. */
export const DatabaseSpecSchema = z.object({ name: z.string(), uri: z.string() });
export const DbUpdateSpecSchema = z.object({ databases: z.array(DatabaseSpecSchema).min(1) });
export type DbUpdateSpec = z.infer<typeof DbUpdateSpecSchema>;

/** Section 5.13. */
export const DeviceValiditySchema = z.object({
  deviceDesc: DeviceDescriptorSchema,
  isValid: z.boolean(),
  reason: z.string().optional(),
});
export type DeviceValidity = z.infer<typeof DeviceValiditySchema>;
