// What other modules and bench scripts use from the driver. A bench builds `new DeviceDriver(options)`
// directly; Nest code injects DriverService from DriverModule.
export { DeviceDriver } from './device-driver.js';
export { DriverService, DRIVER_OPTIONS } from './driver.service.js';
export { DriverModule } from './driver.module.js';
export {
  DriverError,
  isDriverError,
  DRIVER_ERROR_KINDS,
  type DriverErrorKind,
  type DriverStep,
} from './driver.errors.js';
export {
  DRIVER_DEFAULTS,
  type ApplyConfigOptions,
  type ApplyConfigResult,
  type ConfigSet,
  type DeviceTarget,
  type DriverOptions,
  type PoolStats,
  type ResolvedDriverOptions,
} from './driver.types.js';
export { buildSetLine, buildCommitLine, validateTarget } from './cli-commands.js';
export { parseRunningConfig } from './running-config.parser.js';
export {
  parseShowSystem,
  parseShowRadio,
  parseShowClients,
  parseShowLink,
  parseShowGps,
  type GpsFix,
  CliParseError,
} from './cli-parsers.js';
