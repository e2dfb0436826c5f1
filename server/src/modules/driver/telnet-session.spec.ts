// TelnetSession's typed-ahead commands over a real loopback socket, against a scripted radio that splits
// its answers wherever a test says (mid-prompt, right after an earlier answer's prompt) and may echo.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { splitReplies, TelnetSession } from './telnet-session.js';

const PROMPT = 'bs-0001> ';

interface Radio {
  port: number;
  /** What the console wrote after login, one entry per 'data' event. */
  received: string[];
}

const servers: Server[] = [];
const sessions: TelnetSession[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) {
    s.destroy();
    await s.whenClosed;
  }
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/**
 * A radio without authentication (straight to its shell) that answers each line with `answer(line)` and a
 * prompt, then writes everything it has to say in the pieces `cut` makes of it.
 */
async function scriptedRadio(
  answer: (line: string) => string,
  cut: (text: string) => string[] = (t) => [t],
): Promise<Radio> {
  const received: string[] = [];
  const server = createServer((socket: Socket) => {
    socket.write(PROMPT);
    let buffered = '';
    socket.on('data', (chunk) => {
      received.push(chunk.toString('latin1'));
      buffered += chunk.toString('latin1');
      let out = '';
      for (let nl = buffered.indexOf('\r\n'); nl >= 0; nl = buffered.indexOf('\r\n')) {
        out += answer(buffered.slice(0, nl)) + PROMPT;
        buffered = buffered.slice(nl + 2);
      }
      void writePieces(socket, cut(out));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, received };
}

/** Each piece in its own write, after the previous one has gone out, so the console sees them apart. */
async function writePieces(socket: Socket, pieces: string[]): Promise<void> {
  for (const piece of pieces) {
    await new Promise<void>((resolve) => socket.write(piece, () => resolve()));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

async function open(port: number): Promise<TelnetSession> {
  const session = TelnetSession.start({
    deviceId: 'bs-0001',
    host: '127.0.0.1',
    port,
    username: 'admin',
    password: 'x',
    connectTimeoutMs: 2_000,
    loginTimeoutMs: 2_000,
  });
  sessions.push(session);
  await session.ready;
  return session;
}

const ANSWERS: Record<string, string> = {
  'show system': 'hostname: bs-0001\r\nuptime: 12\r\n',
  'show radio': 'channel: 41\r\n',
  'show clients': 'cpe-1 up\r\ncpe-2 down\r\n',
  quiet: '',
};
const answer = (line: string): string => ANSWERS[line] ?? `% Unknown command: ${line}\r\n`;

describe(TelnetSession.name, () => {
  it('types the commands ahead in one write and returns each answer on its own', async () => {
    const radio = await scriptedRadio(answer);
    const session = await open(radio.port);
    const replies = await session.execAll(['show system', 'show radio', 'show clients'], 1_000);
    expect(replies).toEqual([
      ['hostname: bs-0001', 'uptime: 12'],
      ['channel: 41'],
      ['cpe-1 up', 'cpe-2 down'],
    ]);
    expect(radio.received).toEqual(['show system\r\nshow radio\r\nshow clients\r\n']);
    expect(session.isIdle).toBe(true);
  });

  it('waits for every prompt when the answers arrive cut at and inside prompts', async () => {
    // every cut point of the whole answer: right after the first prompt, inside the second, ...
    const whole = Object.values(ANSWERS).slice(0, 3).join(PROMPT) + PROMPT;
    for (const at of [1, 20, 27, 28, 30, whole.indexOf(PROMPT, 30) + 4, whole.length - 1]) {
      const radio = await scriptedRadio(answer, (t) => [t.slice(0, at), t.slice(at)].filter(Boolean));
      const session = await open(radio.port);
      const replies = await session.execAll(['show system', 'show radio', 'show clients'], 1_000);
      expect(replies, `cut at ${at}`).toEqual([
        ['hostname: bs-0001', 'uptime: 12'],
        ['channel: 41'],
        ['cpe-1 up', 'cpe-2 down'],
      ]);
    }
  });

  it('keeps an empty answer, a refusal and an echoed command line apart', async () => {
    const radio = await scriptedRadio((line) =>
      line === 'show radio' ? `${line}\r\n${answer(line)}` : answer(line),
    );
    const session = await open(radio.port);
    const replies = await session.execAll(['quiet', 'show radio', 'show nothing'], 1_000);
    expect(replies).toEqual([[], ['channel: 41'], ['% Unknown command: show nothing']]);
  });

  it('times out when fewer prompts than commands come back, naming the commands', async () => {
    const radio = await scriptedRadio(answer, (t) => [t.slice(0, t.indexOf(PROMPT) + PROMPT.length)]);
    const session = await open(radio.port);
    const err = await session.execAll(['show system', 'show radio'], 100).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'timeout', step: 'command' });
    expect((err as Error).message).toContain('after `show system`, `show radio`');
  });
});

describe(splitReplies.name, () => {
  it('splits only where the prompt starts a line', () => {
    const text = `a ${PROMPT}b\r\n${PROMPT}c\r\n${PROMPT}`;
    expect(splitReplies(text, PROMPT.trimEnd(), 2)).toEqual([`a ${PROMPT}b\r\n`, 'c\r\n']);
  });

  it('takes a space after a prompt as part of it, and a last prompt still missing its space as whole', () => {
    const P = PROMPT.trimEnd();
    expect(splitReplies(`a\r\n${PROMPT}b\r\n${P}`, P, 2)).toEqual(['a\r\n', 'b\r\n']);
  });

  it('is undefined while prompts are missing or text follows the last one', () => {
    expect(splitReplies(`a\r\n${PROMPT}b\r\n`, PROMPT.trimEnd(), 2)).toBeUndefined();
    expect(splitReplies(`a\r\n${PROMPT}b`, PROMPT.trimEnd(), 1)).toBeUndefined();
  });
});
