// The field lab and a real server on top of it, signed in, with every radio enrolled and polled once:
// the stack most integration specs need. One helper, so no spec builds its stack by hand.
import { DeviceListResponseSchema, type DeviceLive, type RadioState, RadioStateSchema } from '@wsnoc/shared';
import { type LabHandle, type LabOptions, startLab } from '@wsnoc/simulator';
import type { RunningServer } from '@/bootstrap.js';
import { signIn, startTestServer } from './start-test-server.js';
import { waitFor } from './wait-for.js';

export interface LabStack {
  lab: LabHandle;
  server: RunningServer;
  cookie: string;
  /** A request to the console's API with the session cookie (JSON unless told otherwise). */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** api(), its JSON answer; anything but 2xx throws, naming the method, path, status and body. */
  json<T>(path: string, init?: RequestInit): Promise<T>;
  /** A request to the field lab's control API: the truth about the radios. */
  control(path: string, method?: string, body?: unknown): Promise<Response>;
  devices(query?: string): Promise<DeviceLive[]>;
  byName(name: string): Promise<DeviceLive | undefined>;
  /** The lab's truth about one radio. */
  radio(name: string): Promise<RadioState>;
  close(): Promise<void>;
}

/**
 * The `labEnv` of a stack whose console manages spectrum against the lab's PAWS database, with time
 * compressed from the first check on (a short update interval and grace), so the first grants use it.
 */
export function compressedSpectrum(pollingSecs: number): (lab: LabHandle) => Promise<NodeJS.ProcessEnv> {
  return async (lab) => {
    await fetch(`${lab.controlUrl}/spectrum/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ maxPollingSecs: pollingSecs, graceSecs: pollingSecs }),
    });
    return { WSDB_URL: lab.pawsUrl };
  };
}

export async function startLabStack(
  lab: LabOptions & { radios: number; firstAddress: string },
  env: NodeJS.ProcessEnv = {},
  /** More settings that depend on the lab (its PAWS address), after anything to set on it first. */
  labEnv: (lab: LabHandle) => NodeJS.ProcessEnv | Promise<NodeJS.ProcessEnv> = () => ({}),
): Promise<LabStack> {
  const handle = await startLab({ seed: 7, port: 0, controlPort: 0, pawsPort: 0, ...lab });
  let server: RunningServer | undefined;
  try {
    server = await startTestServer({
      ENROL_SIMULATOR_URL: handle.controlUrl,
      POLL_INTERVAL_MS: '1000',
      POLL_UNREACHABLE_AFTER: '2',
      POLL_MAX_BACKOFF_MS: '2000',
      DRIVER_COMMAND_TIMEOUT_MS: '1500',
      ...env,
      ...(await labEnv(handle)),
    });
    const running = server;
    const cookie = await signIn(running.url);
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${running.url}/api${path}`, {
        ...init,
        headers: { cookie, 'content-type': 'application/json', ...init.headers },
      });
    const control = (path: string, method = 'GET', body?: unknown) =>
      fetch(`${handle.controlUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const devices = async (query = '') =>
      DeviceListResponseSchema.parse(await (await api(`/devices?limit=10000${query}`)).json()).items;
    await waitFor(
      async () => {
        const rows = await devices();
        return rows.length === lab.radios && rows.every((d) => d.lastPollAt !== null);
      },
      30_000,
      'every radio enrolled and polled',
    );
    return {
      lab: handle,
      server: running,
      cookie,
      api,
      json: async <T>(path: string, init?: RequestInit): Promise<T> => {
        const response = await api(path, init);
        if (!response.ok) {
          throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
        }
        return (await response.json()) as T;
      },
      control,
      devices,
      byName: async (name) => (await devices()).find((d) => d.name === name),
      radio: async (name) => RadioStateSchema.parse(await (await control(`/radios/${name}/state`)).json()),
      close: async () => {
        await running.close();
        await handle.close();
      },
    };
  } catch (err) {
    await server?.close();
    await handle.close();
    throw err;
  }
}
