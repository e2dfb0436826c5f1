// The PAWS client's public face: what the grant lifecycle, the planner, the watchdog and benchmarks use.
export {
  PawsClient,
  type DatabaseChange,
  type DatabaseChangeListener,
  type DatabaseChangeReason,
  type PawsCallOptions,
  type PawsClientOptions,
  type PawsParams,
  type PawsReply,
} from './paws.client.js';
export {
  PAWS_ERROR_CODES,
  PawsError,
  pawsErrorFromRpc,
  redactUri,
  type PawsDatabase,
  type PawsErrorCode,
  type PawsErrorDetails,
} from './paws.errors.js';
export { backoffMs, type FetchLike, type RetryPolicy } from './paws.transport.js';
export {
  DATABASE_RASTERS,
  availabilitySchedule,
  channelRange,
  channelsAt,
  channelsOf,
  nextChangeAfter,
  scheduleLimits,
  spectrumUse,
  timeBaseOf,
  type AvailabilityWindow,
  type ChannelLimit,
  type ChannelRaster,
  type ChannelUse,
  type TimeBase,
} from './spectrum-availability.js';
export {
  checkFleetSpectrum,
  deviceClassKey,
  groupByDeviceClass,
  locationKey,
  spectraByLocation,
  splitIntoBatches,
  type FleetCheckOptions,
  type FleetSpectrumCheck,
  type SiteSpectrum,
  type SpectrumSite,
} from './spectrum-batch.js';
export {
  TVW_5200,
  deviceDescFor,
  etsiDeviceDesc,
  fccDeviceDesc,
  fccDeviceOwner,
  jCard,
  mustRegister,
  pointLocation,
  type Contact,
  type EtsiRadio,
  type FccOperatorContact,
  type FccRadio,
  type RadioIdentity,
} from './paws-device.js';
