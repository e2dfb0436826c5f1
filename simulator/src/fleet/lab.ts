// The whole field lab in one call: the radio fleet, the PAWS white-space database and the HTTP control
// API, wired so the compliance judge hears every emission. cli.ts and other packages' tests start it here.
import { createServer, type Server } from 'node:http';
import type { SimRegion, SimRuleset } from '@wsnoc/shared';
import { ControlRouter } from '../control/router.js';
import { registerRadioRoutes } from '../control/radio.routes.js';
import type { Radio } from '../device/radio.js';
import { registerSpectrumRoutes, startPawsServer, type PawsHandle } from '../paws/index.js';
import type { DeviceClass } from '../paws/ruleset.config.js';
import { Fleet, type FleetOptions } from './fleet.js';

export interface LabOptions extends FleetOptions {
  controlHost?: string;
  /** 9200 by default; 0 picks a free port. */
  controlPort?: number;
  pawsHost?: string;
  /** 9100 by default; 0 picks a free port. */
  pawsPort?: number;
}

export interface LabHandle {
  fleet: Fleet;
  paws: PawsHandle;
  controlUrl: string;
  pawsUrl: string;
  region: SimRegion;
  ruleset: SimRuleset;
  close(): Promise<void>;
}

export async function startLab(opts: LabOptions = {}): Promise<LabHandle> {
  const fleet = Fleet.create(opts);
  const closers: (() => Promise<void>)[] = [];
  const close = async (): Promise<void> => {
    for (const c of closers.splice(0).reverse()) {
      await c();
    }
  };
  try {
    const paws = await startPawsServer({
      host: opts.pawsHost ?? '127.0.0.1',
      port: opts.pawsPort ?? 9100,
      ruleset: fleet.ruleset,
      region: fleet.region,
      seed: fleet.seed,
    });
    closers.push(() => paws.close());
    // the judge applies each radio's own limits: base stations are masters, CPEs are their slaves
    paws.judge.classify = (radioId) =>
      deviceClassOf(fleet.radio(radioId), fleet.ruleset) ?? paws.model.params.defaultClass;
    // subscribe before start: the judge must hear the one emission per radio sent at start
    fleet.on('emission', (e) => paws.judge.record(e));
    await fleet.start();
    closers.push(() => fleet.stop());

    const router = new ControlRouter();
    registerRadioRoutes(router, fleet);
    registerSpectrumRoutes(router, paws);
    const controlHost = opts.controlHost ?? '127.0.0.1';
    const server = createServer((req, res) => void router.handle(req, res));
    const port = await listen(server, controlHost, opts.controlPort ?? 9200);
    closers.push(() => closeServer(server));
    return {
      fleet,
      paws,
      controlUrl: `http://${controlHost}:${port}`,
      pawsUrl: paws.url,
      region: fleet.region,
      ruleset: fleet.ruleset,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * The regulatory class the compliance judge holds a radio to. ETSI: a base station is a type A (fixed)
 * master, a CPE a type A slave, both with the radio's own emission class. FCC: a base station is a FIXED
 * device, a CPE a MODE_1 personal/portable device served by it. Undefined for an id that is no radio.
 */
export function deviceClassOf(radio: Radio | undefined, ruleset: SimRuleset): DeviceClass | undefined {
  if (!radio) {
    return undefined;
  }
  const slave = radio.role === 'cpe';
  if (ruleset === 'fcc') {
    return { ruleset: 'fcc', type: slave ? 'MODE_1' : 'FIXED', slave };
  }
  const cls = Math.min(5, Math.max(1, Math.round(radio.emissionClass))) as 1 | 2 | 3 | 4 | 5;
  return { ruleset: 'etsi', type: 'A', emissionsClass: cls, slave };
}

async function listen(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
