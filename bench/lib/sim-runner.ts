// The server side of bench/simulator.ts, run in its own process so that it, and not the bench's clients,
// holds the server ends of 10,000 loopback connections (20,000 descriptors would not fit in one process).
//   sim-runner.ts lab  N FIRST_ADDRESS  -> the whole field lab (fleet, PAWS, control API) with N radios
//   sim-runner.ts echo N FIRST_ADDRESS  -> the floor: one bare net server echoing each line it receives
// It reports over IPC: {ready, startMs, targets: [{host, port, username, password}]} and then idles until
// the parent disconnects or kills it.
import { createServer, type Server } from 'node:net';
import { startLab } from '../../simulator/src/fleet/lab.js';
import { radioAddresses } from '../../simulator/src/fleet/address.js';

export interface RunnerTarget {
  host: string;
  port: number;
  username: string;
  password: string;
}

export interface RunnerReady {
  ready: true;
  startMs: number;
  targets: RunnerTarget[];
}

async function startEcho(radios: number, firstAddress: string): Promise<RunnerTarget[]> {
  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        socket.write(pending.slice(0, nl + 1));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf('\n');
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '0.0.0.0', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return radioAddresses(firstAddress, radios).map((host) => ({ host, port, username: '', password: '' }));
}

async function main(): Promise<void> {
  const [mode, radiosArg, firstAddress = '127.30.0.1'] = process.argv.slice(2);
  const radios = Number(radiosArg ?? 10_000);
  const t0 = performance.now();
  let targets: RunnerTarget[];
  if (mode === 'lab') {
    const lab = await startLab({
      radios,
      seed: 1,
      port: 0,
      firstAddress,
      controlPort: 0,
      pawsPort: 0,
    });
    targets = lab.fleet
      .radios()
      .map((r) => ({ host: r.host, port: r.port, username: r.username, password: r.password }));
  } else if (mode === 'echo') {
    targets = await startEcho(radios, firstAddress);
  } else {
    throw new Error(`unknown mode ${String(mode)}`);
  }
  const ready: RunnerReady = { ready: true, startMs: performance.now() - t0, targets };
  process.send?.(ready);
  process.on('disconnect', () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`sim-runner: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
