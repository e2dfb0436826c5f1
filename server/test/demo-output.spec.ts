// What `pnpm demo` shows of the console: readable logs in a terminal, JSON otherwise, and one line that
// says where to sign in and with which password.
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { consoleOutput } from '../../scripts/demo-output.mjs';

const log = (msg: string, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ level: 30, time: '2026-12-01T17:00:00.000Z', service: 'wsnoc', ...extra, msg })}\n`;
const UP = log('wsnoc is up', { url: 'http://127.0.0.1:18080', cache: 'in-process' });
const GENERATED = "\n  wsnoc: created user 'admin' with password s3cretS3cret\n  (shown once)\n\n";

function run(chunks: string[], options: { pretty: boolean; host?: string }): string {
  let printed = '';
  const output = consoleOutput({ ...options, write: (text) => (printed += text) });
  chunks.forEach((chunk) => output.push(chunk));
  output.end();
  return printed;
}

describe('consoleOutput', () => {
  it('prints JSON log lines readably in a terminal, and the password notice as it is', () => {
    const printed = stripVTControlCharacters(
      run([log('Starting Nest application...', { context: 'NestFactory' }), GENERATED, UP], { pretty: true }),
    );
    expect(printed).toContain('INFO');
    expect(printed).toContain('[NestFactory] Starting Nest application...');
    expect(printed).toContain('wsnoc is up {"url":"http://127.0.0.1:18080","cache":"in-process"}');
    expect(printed).not.toContain('"msg"');
    expect(printed).toContain(GENERATED);
  });

  it('leaves every line exactly as the console wrote it when not in a terminal, apart from the hint', () => {
    const lines = [log('one'), GENERATED, UP, log('after')];
    const printed = run(lines, { pretty: false });
    expect(printed.replace(/\n {2}wsnoc is ready: .*\n\n/, '')).toBe(lines.join(''));
  });

  it('says once, after the console is up, where to sign in with the password printed above', () => {
    const printed = run([GENERATED, log('migrations done'), UP, UP], { pretty: false });
    const hint =
      'wsnoc is ready: open http://localhost:18080 and sign in as admin with the password printed above.';
    expect(printed.split(hint)).toHaveLength(2);
    expect(printed.indexOf(hint)).toBeGreaterThan(printed.indexOf('"msg":"wsnoc is up"'));
  });

  it('names ADMIN_PASSWORD when it set the password, and the first start when admin already existed', () => {
    const fromEnv = run([log('created user admin with the password from ADMIN_PASSWORD'), UP], {
      pretty: false,
    });
    expect(fromEnv).toContain('sign in as admin with the password in ADMIN_PASSWORD.');
    const existing = run([UP], { pretty: true, host: 'wsnoc.lab' });
    expect(existing).toContain(
      'open http://wsnoc.lab:18080 and sign in as admin with the password it was given on its first start',
    );
  });

  it('reassembles lines split across chunks, and prints nothing before the console is up', () => {
    const printed = run([GENERATED.slice(0, 20), GENERATED.slice(20), UP.slice(0, 30), UP.slice(30)], {
      pretty: false,
    });
    expect(printed).toContain(GENERATED);
    expect(printed).toContain('the password printed above');
    expect(run([GENERATED, log('still starting')], { pretty: false })).not.toContain('wsnoc is ready');
  });
});
