// What a rule would have fired on the last 24 hours of history: the poll rows replayed, device by device,
// through the same agent the live engine runs. Nothing is stored and no incident is opened.
import type { AlertRuleCreate, DeviceLive, RuleFiring, RulePreview } from '@wsnoc/shared';
import { createAgent, type Transition } from '@/modules/analytics/rule-agents.js';
import type { Observation } from '@/modules/analytics/sample-stream.js';
import { inScope } from './alert-engine.service.js';
import type { AlertsRepository } from './alerts.repository.js';

const DAY = 24 * 3_600_000;
/** History rows one preview reads at most; beyond, it says truncated. */
export const PREVIEW_MAX_ROWS = 500_000;
const MAX_FIRINGS = 500;
const UNREACHABLE = 4;

export async function previewRule(
  rule: AlertRuleCreate,
  repository: AlertsRepository,
  device: (id: string) => DeviceLive | undefined,
  options: { intervalMs: number; clearSamples: number },
  now = Date.now(),
): Promise<RulePreview> {
  const rows = await repository.history(new Date(now - DAY), PREVIEW_MAX_ROWS);
  const agent = createAgent({ id: 'preview', ...rule }, options);
  const firings: RuleFiring[] = [];
  const openAt = new Map<string, number>();
  let evaluated = 0;
  let truncated = rows.length >= PREVIEW_MAX_ROWS;
  const out: Transition[] = [];
  for (const r of rows) {
    const d = device(r.device_id);
    if (!d || !inScope(rule, d)) {
      continue;
    }
    evaluated++;
    const ok = r.status !== UNREACHABLE;
    const o: Observation = {
      deviceId: r.device_id,
      at: r.at.getTime(),
      ok,
      values: {
        snr: r.snr_db,
        rssi: r.rssi_dbm,
        noiseFloor: r.noise_floor_dbm,
        throughput: r.throughput_mbps,
        latency: r.poll_ms,
        temperature: r.temperature_c,
        reachable: ok ? 1 : 0,
      },
    };
    agent.observe(o, out);
    agent.tick(o.at, out);
    for (const t of out) {
      if (t.type === 'fire') {
        openAt.set(t.deviceId, firings.length);
        if (firings.length < MAX_FIRINGS) {
          firings.push({
            deviceId: t.deviceId,
            name: d.name,
            from: new Date(t.at).toISOString(),
            to: null,
            value: t.value,
          });
        } else {
          truncated = true;
        }
      } else if (t.type === 'clear') {
        const i = openAt.get(t.deviceId);
        if (i !== undefined && firings[i]) {
          firings[i].to = new Date(t.at).toISOString();
        }
        openAt.delete(t.deviceId);
      }
    }
    out.length = 0;
  }
  return { firings, evaluatedSamples: evaluated, ...(truncated ? { truncated } : {}) };
}
