// @wsnoc/simulator public API: the field lab for the console's development, tests, benchmarks and demo.
export {
  Fleet,
  DEFAULT_FIRST_ADDRESS,
  DEFAULT_TELNET_PORT,
  type FleetEvents,
  type FleetOptions,
} from './fleet/fleet.js';
export { startLab, type LabHandle, type LabOptions } from './fleet/lab.js';
export { registerRadioRoutes } from './control/radio.routes.js';
export { ControlRouter, ControlHttpError, parseBody } from './control/router.js';
// the RF model's tables live in @wsnoc/shared now; re-exported so the lab's API is unchanged
export { channelPlanFor, aclrDb, type ChannelPlan } from '@wsnoc/shared';
export {
  startPawsServer,
  registerSpectrumRoutes,
  type PawsHandle,
  type PawsServerOptions,
} from './paws/index.js';
export { RawTelnetClient, expectRefused, type RawTelnetOptions } from './telnet/raw-telnet-client.js';
