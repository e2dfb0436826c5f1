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
export { channelPlanFor, aclrDb, type ChannelPlan } from './rf/channel-plan.js';
export {
  startPawsServer,
  registerSpectrumRoutes,
  type PawsHandle,
  type PawsServerOptions,
} from './paws/index.js';
export { RawTelnetClient, expectRefused, type RawTelnetOptions } from './telnet/raw-telnet-client.js';
