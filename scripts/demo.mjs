#!/usr/bin/env node
// `pnpm demo`: build what changed since the last demo, start the field lab (simulated radios and
// white-space database) and the console with embedded defaults, say where to sign in, and stop both
// together on Ctrl-C.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { consoleOutput } from './demo-output.mjs';
import { buildChanged } from './incremental-build.mjs';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
if (!buildChanged(root)) {
  process.stderr.write('wsnoc demo: the build failed (see above)\n');
  process.exit(1);
}

const children = [];
function start(name, script, args, env = {}, stdout = 'inherit') {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: root,
    stdio: ['inherit', stdout, 'inherit'],
    env: { ...process.env, ...env },
  });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`wsnoc demo: ${name} stopped (${signal ?? code}); stopping the demo\n`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

let consoleOut;
function exit(code) {
  // The console's last lines may still be in the pipe: print them first, but never wait long on a pipe
  // that a stray grandchild (an orphaned PostgreSQL) might hold open.
  if (!consoleOut || consoleOut.readableEnded) {
    process.exit(code);
  }
  consoleOut.once('end', () => process.exit(code));
  setTimeout(() => process.exit(code), 1_000).unref();
}

let stopping = false;
function stop(code = 0) {
  if (stopping) {
    return;
  }
  stopping = true;
  let alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  if (!alive.length) {
    exit(code);
    return;
  }
  for (const child of alive) {
    child.once('exit', () => {
      alive = alive.filter((c) => c !== child);
      if (!alive.length) {
        exit(code);
      }
    });
    child.kill('SIGTERM');
  }
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const simulator = path.join(root, 'simulator', 'dist', 'cli.js');
if (existsSync(simulator)) {
  start('field lab', simulator, ['--radios', process.env.DEMO_RADIOS ?? '200']);
}
const wsnoc = start(
  'console',
  path.join(root, 'server', 'dist', 'main.js'),
  [],
  {
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    // The console enrols the lab's fleet at start, so the demo shows a live network at once, and
    // manages its spectrum with the lab's white-space database from the first minute.
    ...(existsSync(simulator)
      ? {
          ENROL_SIMULATOR_URL: process.env.ENROL_SIMULATOR_URL ?? 'http://127.0.0.1:9200',
          WSDB_URL: process.env.WSDB_URL ?? 'http://127.0.0.1:9100/paws',
        }
      : {}),
  },
  'pipe',
);
// Readable logs for a person at a terminal; JSON lines, as the console writes them, for anything else.
const output = consoleOutput({
  pretty: Boolean(process.stdout.isTTY) && process.env.NODE_ENV !== 'production',
  host: !process.env.HOST || ['0.0.0.0', '::'].includes(process.env.HOST) ? 'localhost' : process.env.HOST,
  write: (text) => process.stdout.write(text),
});
consoleOut = wsnoc.stdout;
consoleOut.setEncoding('utf8');
consoleOut.on('data', (chunk) => output.push(chunk));
consoleOut.on('end', () => output.end());
