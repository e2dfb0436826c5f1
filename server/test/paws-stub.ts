// A tiny HTTP endpoint that stands where a white-space database would, for what the lab's database never
// does: list alternate databases in a -104/-105 (its error fault sends none), add `databaseChange` to an
// answer, or answer with something that is not PAWS. Everything else in the PAWS tests is the real lab.
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface StubRequest {
  method: string;
  id: string | null;
  params: unknown;
  /** The body as sent, to forward to a real database. */
  text: string;
}

export interface StubAnswer {
  status?: number;
  /** A JSON value, sent as JSON; a string is sent as it is (to send something that is not JSON). */
  body: unknown;
}

export interface PawsStub {
  /** http://127.0.0.1:port/paws */
  url: string;
  /** How many requests it has received. */
  requests: number;
  close(): Promise<void>;
}

export async function startPawsStub(
  answer: (req: StubRequest) => StubAnswer | Promise<StubAnswer>,
): Promise<PawsStub> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    void (async () => {
      const text = await readAll(req);
      const parsed = safeJson(text);
      const envelope =
        parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
      const reply = await answer({
        method: typeof envelope.method === 'string' ? envelope.method : '',
        id: typeof envelope.id === 'string' ? envelope.id : null,
        params: envelope.params,
        text,
      });
      const out = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' }).end(out);
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/paws`,
    get requests() {
      return requests;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A JSON-RPC error answer with the request's own id. */
export function rpcError(req: StubRequest, code: number, message: string, data?: unknown): StubAnswer {
  return {
    body: { jsonrpc: '2.0', error: { code, message, ...(data === undefined ? {} : { data }) }, id: req.id },
  };
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
