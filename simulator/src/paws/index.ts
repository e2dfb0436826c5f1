// The simulated white-space database: a PAWS server over a seeded incumbent model, the compliance judge
// that watches the fleet against that same model, and the knobs the control API turns.
import type { SimRegion, SimRuleset } from '@wsnoc/shared';
import { ComplianceJudge } from './compliance.judge.js';
import { IncumbentModel } from './incumbent.model.js';
import { PawsFaults, PawsHttpServer, PawsStats } from './paws.server.js';
import { PawsService } from './paws.service.js';
import { PawsSettings } from './paws.settings.js';
import { createRulesetParams } from './ruleset.config.js';

export { ComplianceJudge } from './compliance.judge.js';
export { IncumbentModel, mapReservation, type Reservation } from './incumbent.model.js';
export { PawsFaults, PawsStats } from './paws.server.js';
export { PawsService } from './paws.service.js';
export { PawsSettings } from './paws.settings.js';
export { createRulesetParams, type DeviceClass, type RulesetParams } from './ruleset.config.js';
export { registerSpectrumRoutes } from '../control/spectrum.routes.js';

export interface PawsServerOptions {
  host: string;
  port: number;
  ruleset: SimRuleset;
  region: SimRegion;
  seed: number;
  /** Milliseconds since the epoch; tests inject one to move time without sleeping. */
  clock?: () => number;
  /** How often the judge re-checks transmitting radios against boundaries and deadlines. */
  judgeIntervalMs?: number;
}

export interface PawsHandle {
  /** http://host:port/paws */
  url: string;
  port: number;
  judge: ComplianceJudge;
  model: IncumbentModel;
  settings: PawsSettings;
  faults: PawsFaults;
  /** What POST /paws has answered (GET /paws/stats). */
  stats: PawsStats;
  service: PawsService;
  clock: () => number;
  close(): Promise<void>;
}

export async function startPawsServer(opts: PawsServerOptions): Promise<PawsHandle> {
  const clock = opts.clock ?? Date.now;
  const params = createRulesetParams(opts.ruleset);
  const model = new IncumbentModel(opts.region, params, opts.seed, clock());
  const settings = new PawsSettings(params);
  const faults = new PawsFaults(clock);
  const service = new PawsService(model, settings, clock);
  const judge = new ComplianceJudge(model, settings, clock);
  // An erroring database is as useless to a device as a silent one; a slow one still answers.
  judge.outageSince = () =>
    faults.mode === 'unreachable' || faults.mode === 'error' ? faults.sinceMs : null;
  const stats = new PawsStats(clock);
  const server = new PawsHttpServer(service, faults, stats);
  const { port } = await server.listen(opts.host, opts.port);
  judge.start(opts.judgeIntervalMs);
  return {
    url: `http://${opts.host}:${port}/paws`,
    port,
    judge,
    model,
    settings,
    faults,
    stats,
    service,
    clock,
    close: async () => {
      judge.stop();
      await server.close();
    },
  };
}
