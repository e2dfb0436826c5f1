// PAWS request and response messages (RFC 7545 section 4) and the JSON-RPC 2.0 envelope they travel in
// (section 6). Each message carries `type` and `version: "1.0"`. METHOD_MESSAGES ties each JSON-RPC method
// to its two schemas so a client and a server cannot disagree on which message answers which.
import { z } from 'zod';
import {
  AntennaCharacteristicsSchema,
  DbUpdateSpecSchema,
  DeviceCapabilitiesSchema,
  DeviceDescriptorSchema,
  DeviceOwnerSchema,
  DeviceValiditySchema,
  GeoLocationSchema,
  GeoSpectrumSpecSchema,
  PAWS_VERSION,
  PawsTimestampSchema,
  RulesetInfoSchema,
  SpectrumSchema,
  SpectrumSpecSchema,
} from './paws-types.schema.js';

const version = z.literal(PAWS_VERSION);

/** Section 4.3.1. */
export const InitReqSchema = z.object({
  type: z.literal('INIT_REQ'),
  version,
  deviceDesc: DeviceDescriptorSchema,
  location: GeoLocationSchema,
});
export type InitReq = z.infer<typeof InitReqSchema>;

/** Section 4.3.2. */
export const InitRespSchema = z.object({
  type: z.literal('INIT_RESP'),
  version,
  rulesetInfos: z.array(RulesetInfoSchema).min(1),
  databaseChange: DbUpdateSpecSchema.optional(),
});
export type InitResp = z.infer<typeof InitRespSchema>;

/** Section 4.4.1. */
export const RegistrationReqSchema = z.object({
  type: z.literal('REGISTRATION_REQ'),
  version,
  deviceDesc: DeviceDescriptorSchema,
  location: GeoLocationSchema,
  deviceOwner: DeviceOwnerSchema.optional(),
  antenna: AntennaCharacteristicsSchema.optional(),
});
export type RegistrationReq = z.infer<typeof RegistrationReqSchema>;

/** Section 4.4.2. */
export const RegistrationRespSchema = z.object({
  type: z.literal('REGISTRATION_RESP'),
  version,
  rulesetInfos: z.array(RulesetInfoSchema).min(1),
  databaseChange: DbUpdateSpecSchema.optional(),
});
export type RegistrationResp = z.infer<typeof RegistrationRespSchema>;

/** Section 4.5.1. `owner` lets a database register a device in the same exchange. */
export const AvailSpectrumReqSchema = z.object({
  type: z.literal('AVAIL_SPECTRUM_REQ'),
  version,
  deviceDesc: DeviceDescriptorSchema,
  location: GeoLocationSchema,
  owner: DeviceOwnerSchema.optional(),
  antenna: AntennaCharacteristicsSchema.optional(),
  masterDeviceDesc: DeviceDescriptorSchema.optional(),
  masterDeviceLocation: GeoLocationSchema.optional(),
  capabilities: DeviceCapabilitiesSchema.optional(),
  requestType: z.string().optional(),
});
export type AvailSpectrumReq = z.infer<typeof AvailSpectrumReqSchema>;

/** Section 4.5.2. */
export const AvailSpectrumRespSchema = z.object({
  type: z.literal('AVAIL_SPECTRUM_RESP'),
  version,
  timestamp: PawsTimestampSchema,
  deviceDesc: DeviceDescriptorSchema,
  spectrumSpecs: z.array(SpectrumSpecSchema),
  databaseChange: DbUpdateSpecSchema.optional(),
});
export type AvailSpectrumResp = z.infer<typeof AvailSpectrumRespSchema>;

/** Section 4.5.3. */
export const AvailSpectrumBatchReqSchema = z.object({
  type: z.literal('AVAIL_SPECTRUM_BATCH_REQ'),
  version,
  deviceDesc: DeviceDescriptorSchema,
  locations: z.array(GeoLocationSchema).min(1),
  owner: DeviceOwnerSchema.optional(),
  antenna: AntennaCharacteristicsSchema.optional(),
  masterDeviceDesc: DeviceDescriptorSchema.optional(),
  capabilities: DeviceCapabilitiesSchema.optional(),
  requestType: z.string().optional(),
});
export type AvailSpectrumBatchReq = z.infer<typeof AvailSpectrumBatchReqSchema>;

/** Section 4.5.4. The database may answer for fewer locations than asked. */
export const AvailSpectrumBatchRespSchema = z.object({
  type: z.literal('AVAIL_SPECTRUM_BATCH_RESP'),
  version,
  timestamp: PawsTimestampSchema,
  deviceDesc: DeviceDescriptorSchema,
  geoSpectrumSpecs: z.array(GeoSpectrumSpecSchema),
  databaseChange: DbUpdateSpecSchema.optional(),
});
export type AvailSpectrumBatchResp = z.infer<typeof AvailSpectrumBatchRespSchema>;

/** Section 4.5.5: the spectrum the device will use, as profiles over resolution bandwidths. */
export const SpectrumUseNotifySchema = z.object({
  type: z.literal('SPECTRUM_USE_NOTIFY'),
  version,
  deviceDesc: DeviceDescriptorSchema,
  location: GeoLocationSchema,
  spectra: z.array(SpectrumSchema).min(1),
});
export type SpectrumUseNotify = z.infer<typeof SpectrumUseNotifySchema>;

/** Section 4.5.6. */
export const SpectrumUseRespSchema = z.object({
  type: z.literal('SPECTRUM_USE_RESP'),
  version,
  databaseChange: DbUpdateSpecSchema.optional(),
});
export type SpectrumUseResp = z.infer<typeof SpectrumUseRespSchema>;

/** Section 4.6.1: a master asks whether its slaves may operate. */
export const DevValidReqSchema = z.object({
  type: z.literal('DEV_VALID_REQ'),
  version,
  deviceDescs: z.array(DeviceDescriptorSchema).min(1),
});
export type DevValidReq = z.infer<typeof DevValidReqSchema>;

/** Section 4.6.2: one validity per descriptor, in request order. */
export const DevValidRespSchema = z.object({
  type: z.literal('DEV_VALID_RESP'),
  version,
  deviceValidities: z.array(DeviceValiditySchema),
  databaseChange: DbUpdateSpecSchema.optional(),
});
export type DevValidResp = z.infer<typeof DevValidRespSchema>;

export const METHOD_MESSAGES = {
  'spectrum.paws.init': { request: InitReqSchema, response: InitRespSchema },
  'spectrum.paws.register': { request: RegistrationReqSchema, response: RegistrationRespSchema },
  'spectrum.paws.getSpectrum': { request: AvailSpectrumReqSchema, response: AvailSpectrumRespSchema },
  'spectrum.paws.getSpectrumBatch': {
    request: AvailSpectrumBatchReqSchema,
    response: AvailSpectrumBatchRespSchema,
  },
  'spectrum.paws.notifySpectrumUse': { request: SpectrumUseNotifySchema, response: SpectrumUseRespSchema },
  'spectrum.paws.verifyDevice': { request: DevValidReqSchema, response: DevValidRespSchema },
} as const;
export type PawsMethod = keyof typeof METHOD_MESSAGES;
export const PAWS_METHODS = Object.keys(METHOD_MESSAGES) as PawsMethod[];
export type PawsRequestOf<M extends PawsMethod> = z.infer<(typeof METHOD_MESSAGES)[M]['request']>;
export type PawsResponseOf<M extends PawsMethod> = z.infer<(typeof METHOD_MESSAGES)[M]['response']>;

/**
 * RFC 7545 table 1 (section 5.17) plus the JSON-RPC 2.0 codes that also apply. A client branches on these
 * numbers; the names are for humans and logs.
 */
export const PAWS_ERROR = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  VERSION: -101,
  UNSUPPORTED: -102,
  UNIMPLEMENTED: -103,
  OUTSIDE_COVERAGE: -104,
  DATABASE_CHANGE: -105,
  MISSING: -201,
  INVALID_VALUE: -202,
  UNAUTHORIZED: -301,
  NOT_REGISTERED: -302,
} as const;
export type PawsErrorName = keyof typeof PAWS_ERROR;
export type PawsErrorCode = (typeof PAWS_ERROR)[PawsErrorName];
export const PawsErrorCodeSchema = z.union(
  (Object.values(PAWS_ERROR) as PawsErrorCode[]).map((c) => z.literal(c)) as [
    z.ZodLiteral<PawsErrorCode>,
    ...z.ZodLiteral<PawsErrorCode>[],
  ],
);

/** Section 5.17: MISSING lists dotted parameter names; OUTSIDE_COVERAGE/DATABASE_CHANGE may list databases. */
export const PawsErrorDataSchema = z.looseObject({
  parameters: z.array(z.string()).optional(),
  spec: DbUpdateSpecSchema.optional(),
});

export const JsonRpcRequestSchema = z.object({
  jsonrpc: z.literal('2.0'),
  method: z.string(),
  params: z.unknown().optional(),
  id: z.string(),
});
export type JsonRpcRequest = z.infer<typeof JsonRpcRequestSchema>;

export const JsonRpcErrorSchema = z.object({
  code: z.number().int(),
  message: z.string(),
  data: PawsErrorDataSchema.optional(),
});
export type JsonRpcError = z.infer<typeof JsonRpcErrorSchema>;

/** A response is either a result or an error; id is null only when the request's id could not be read. */
export const JsonRpcResponseSchema = z.union([
  z.object({
    jsonrpc: z.literal('2.0'),
    result: z.looseObject({ type: z.string(), version: z.string() }),
    id: z.string(),
  }),
  z.object({ jsonrpc: z.literal('2.0'), error: JsonRpcErrorSchema, id: z.string().nullable() }),
]);
export type JsonRpcResponse = z.infer<typeof JsonRpcResponseSchema>;
