// The fleet re-plan as this tab knows it: the preview on screen (what would change and what it would
// gain), the request under way, why the last one failed, and the newest apply run, whoever started it.
// Runs come from the apply's own answer and then from the feed's `spectrum:plan-run` events, one after
// every step; the feed has no replay, so a run still going when the connection comes back is read again.
import { PlanRunSchema, type FleetPlanPreview, type PlanRun } from '@wsnoc/shared';
import { onBackLive, type ConnectionStore } from '@/modules/connection/connection.store';
import { replanFailure, type ReplanFailure, type ReplanStep } from './replan-failure';

export interface ShownPreview {
  plan: FleetPlanPreview;
  /** Epoch ms in this tab when it arrived. */
  receivedAt: number;
  /**
   * When it expires on this tab's clock: its lifetime (expiresAt - createdAt, both the server's) from
   * when it arrived, so a tab whose clock is off by minutes still counts the server's 10 minutes.
   */
  expiresAt: number;
}

/** A station's channel change in the preview on screen, for the map and the table. */
export interface PlannedMove {
  from: number | null;
  to: number | null;
}

export type ReplanRequest = 'idle' | 'previewing' | 'applying';

export interface ReplanState {
  preview: ShownPreview | null;
  request: ReplanRequest;
  failure: (ReplanFailure & { step: ReplanStep }) | null;
  /** The newest run known here: this tab's apply, or anyone's seen on the feed. */
  run: PlanRun | null;
  /** The preview's moves by station id, until the preview has been applied. */
  moves: ReadonlyMap<string, PlannedMove>;
}

export interface ReplanApi {
  preview: () => Promise<FleetPlanPreview>;
  apply: (planId: string) => Promise<PlanRun>;
  run: (planId: string, signal?: AbortSignal) => Promise<PlanRun>;
}

export interface ReplanStore {
  getState: () => ReplanState;
  subscribe: (listener: () => void) => () => void;
  /** Asks the planner for a fresh preview; nothing is sent to a radio. */
  preview: () => Promise<void>;
  /** Applies the preview on screen. */
  apply: () => Promise<void>;
  /** Follows the feed and the connection. Returns the stop. */
  start: () => () => void;
}

export interface ReplanStoreOptions {
  connection: ConnectionStore;
  api: ReplanApi;
  now?: () => number;
}

const NO_MOVES: ReadonlyMap<string, PlannedMove> = new Map();

const INITIAL: ReplanState = { preview: null, request: 'idle', failure: null, run: null, moves: NO_MOVES };

const finished = (run: PlanRun): boolean => run.status !== 'running';

/**
 * Which of two copies of runs to keep. The apply's answer and the first feed events race (the first step
 * is announced before the answer is written), so for one plan the copy further along wins; of two plans,
 * the one started later.
 */
export function newerRun(known: PlanRun | null, incoming: PlanRun): PlanRun {
  if (known === null) {
    return incoming;
  }
  if (known.planId !== incoming.planId) {
    return Date.parse(incoming.startedAt) >= Date.parse(known.startedAt) ? incoming : known;
  }
  if (finished(known) && !finished(incoming)) {
    return known;
  }
  return incoming.done < known.done ? known : incoming;
}

/** A feed event checked against the shared schema; one that breaks the contract is dropped. */
export function parsePlanRunEvent(payload: unknown): PlanRun | null {
  const parsed = PlanRunSchema.safeParse(payload);
  if (!parsed.success) {
    console.warn('spectrum:plan-run did not match the contract', parsed.error.issues.slice(0, 3));
    return null;
  }
  return parsed.data;
}

function movesOf(preview: ShownPreview | null, run: PlanRun | null): ReadonlyMap<string, PlannedMove> {
  if (preview === null || (run !== null && run.planId === preview.plan.id && finished(run))) {
    return NO_MOVES;
  }
  return new Map(
    preview.plan.changes.map((change) => [change.deviceId, { from: change.from, to: change.to }]),
  );
}

export function createReplanStore(options: ReplanStoreOptions): ReplanStore {
  const { connection, api } = options;
  const now = options.now ?? Date.now;
  let state: ReplanState = INITIAL;
  const listeners = new Set<() => void>();
  let running = false;
  let resync: AbortController | null = null;

  const publish = (patch: Partial<ReplanState>): void => {
    const next = { ...state, ...patch };
    const moves = movesOf(next.preview, next.run);
    // Same moves, same map: the map and the table redraw only when what they mark changed.
    const same =
      moves.size === state.moves.size &&
      [...moves].every(([id, move]) => {
        const old = state.moves.get(id);
        return old !== undefined && old.from === move.from && old.to === move.to;
      });
    state = { ...next, moves: same ? state.moves : moves };
    listeners.forEach((listener) => listener());
  };

  const takeRun = (run: PlanRun): void => {
    const kept = newerRun(state.run, run);
    if (kept !== state.run) {
      publish({ run: kept });
    }
  };

  const preview = async (): Promise<void> => {
    if (state.request !== 'idle') {
      return;
    }
    publish({ request: 'previewing', failure: null });
    try {
      const plan = await api.preview();
      const receivedAt = now();
      const lifetime = Math.max(0, Date.parse(plan.expiresAt) - Date.parse(plan.createdAt));
      publish({
        request: 'idle',
        preview: { plan, receivedAt, expiresAt: receivedAt + lifetime },
        failure: null,
      });
    } catch (error) {
      publish({ request: 'idle', failure: { ...replanFailure(error, 'preview'), step: 'preview' } });
    }
  };

  const apply = async (): Promise<void> => {
    const shown = state.preview;
    if (state.request !== 'idle' || shown === null) {
      return;
    }
    publish({ request: 'applying', failure: null });
    try {
      const run = await api.apply(shown.plan.id);
      publish({ request: 'idle', run: newerRun(state.run, run) });
    } catch (error) {
      publish({ request: 'idle', failure: { ...replanFailure(error, 'apply'), step: 'apply' } });
    }
  };

  /** The run whose progress may have been missed: one still going, or an apply whose answer was lost. */
  const missedRun = (): string | null => {
    if (state.run !== null && !finished(state.run)) {
      return state.run.planId;
    }
    const { failure, preview: shown } = state;
    return failure?.step === 'apply' && failure.code === 'unreachable' && shown ? shown.plan.id : null;
  };

  const readAgain = (): void => {
    const planId = missedRun();
    if (planId === null) {
      return;
    }
    resync?.abort();
    const controller = new AbortController();
    resync = controller;
    api.run(planId, controller.signal).then(
      (run) => {
        if (resync === controller) {
          resync = null;
          if (state.failure?.code === 'unreachable' && state.failure.step === 'apply') {
            publish({ failure: null });
          }
          takeRun(run);
        }
      },
      () => {
        // Not on this instance, or not started after all: the feed or the operator's next step tells.
        if (resync === controller) {
          resync = null;
        }
      },
    );
  };

  const onRun = (payload: unknown): void => {
    const run = parsePlanRunEvent(payload);
    if (run !== null) {
      takeRun(run);
    }
  };

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    preview,
    apply,
    start: () => {
      if (running) {
        return () => undefined;
      }
      running = true;
      const stopFeed = connection.on('spectrum:plan-run', onRun);
      // Steps announced while disconnected are not sent again.
      const stopStatus = onBackLive(connection, readAgain);
      return () => {
        running = false;
        stopFeed();
        stopStatus();
        resync?.abort();
        resync = null;
      };
    },
  };
}
