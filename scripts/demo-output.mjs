// What `pnpm demo` prints of the console's standard output. The console always logs JSON lines (pino);
// in a terminal the demo shows them through pino-pretty, so a newcomer reads "INFO: wsnoc is up" rather
// than JSON. Lines that are not JSON, such as the first start's password notice, pass through as they are.
// Once the console is up, one line says where to sign in and with which user.
import pinoPretty from 'pino-pretty';

// Texts of the console's first-start notices (server/src/modules/auth/auth.service.ts, ensureAdmin). If
// they change, the hint falls back to its neutral wording, which is still true.
const GENERATED_PASSWORD = "created user 'admin' with password";
const PASSWORD_FROM_ENV = 'created user admin with the password from ADMIN_PASSWORD';

/** The hint printed once the console is up. */
export function signInHint({ url, admin }) {
  const password = {
    generated: 'the password printed above',
    environment: 'the password in ADMIN_PASSWORD',
    existing: 'the password it was given on its first start (printed once then, or ADMIN_PASSWORD)',
  }[admin];
  return `wsnoc is ready: open ${url} and sign in as admin with ${password}.`;
}

/**
 * A line-by-line filter of the console's stdout. `pretty` formats JSON log lines for a terminal. The hint
 * names `host` with the port the console logged: it logs a loopback URL whatever address it listens on.
 */
export function consoleOutput({ pretty, host = 'localhost', write }) {
  const format = pretty
    ? pinoPretty.prettyFactory({
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname,service,context',
        messageFormat: '{if context}[{context}] {end}{msg}',
        singleLine: true,
      })
    : undefined;
  let admin = 'existing';
  let ready = false;
  let partial = '';

  const line = (text) => {
    let entry;
    try {
      entry = JSON.parse(text);
    } catch {
      entry = undefined;
    }
    if (entry === null || typeof entry !== 'object') {
      if (text.includes(GENERATED_PASSWORD)) {
        admin = 'generated';
      }
      write(`${text}\n`);
      return;
    }
    if (entry.msg === PASSWORD_FROM_ENV) {
      admin = 'environment';
    }
    write(format ? format(entry) : `${text}\n`);
    if (entry.msg === 'wsnoc is up' && !ready) {
      ready = true;
      const url = new URL(URL.canParse(entry.url) ? entry.url : 'http://localhost:8080');
      url.hostname = host;
      write(`\n  ${signInHint({ url: url.origin, admin })}\n\n`);
    }
  };

  return {
    push(chunk) {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(line);
    },
    end() {
      if (partial) {
        line(partial);
        partial = '';
      }
    },
  };
}
