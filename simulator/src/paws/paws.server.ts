// PAWS over JSON-RPC 2.0 on node:http (RFC 7545 section 6) at POST /paws, plus the faults an operator
// injects to rehearse a broken database: refused connections, latency, or a chosen error on every call,
// and a count of what it answered (GET /paws/stats), so a bench can count a console's round trips here.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
  JsonRpcRequestSchema,
  METHOD_MESSAGES,
  PAWS_ERROR,
  type JsonRpcError,
  type PawsFaultDto,
  type PawsFaultState,
  type PawsMethod,
  type PawsStatsResponseDto,
} from '@wsnoc/shared';
import { PawsError, parseParams } from './paws-request.validator.js';
import type { PawsService } from './paws.service.js';

const MAX_BODY_BYTES = 1_000_000;

const EXPECTED_TYPE: Record<PawsMethod, string> = {
  'spectrum.paws.init': 'INIT_REQ',
  'spectrum.paws.register': 'REGISTRATION_REQ',
  'spectrum.paws.getSpectrum': 'AVAIL_SPECTRUM_REQ',
  'spectrum.paws.getSpectrumBatch': 'AVAIL_SPECTRUM_BATCH_REQ',
  'spectrum.paws.notifySpectrumUse': 'SPECTRUM_USE_NOTIFY',
  'spectrum.paws.verifyDevice': 'DEV_VALID_REQ',
};

export class PawsFaults {
  mode: PawsFaultState['mode'] = 'none';
  latencyMs = 0;
  errorCode: number | null = null;
  sinceMs: number | null = null;

  constructor(private readonly clock: () => number) {}

  set(dto: PawsFaultDto): void {
    this.mode = dto.mode;
    this.latencyMs = dto.mode === 'slow' ? (dto.latencyMs ?? 0) : 0;
    this.errorCode = dto.mode === 'error' ? (dto.errorCode ?? PAWS_ERROR.INTERNAL_ERROR) : null;
    this.sinceMs = dto.mode === 'none' ? null : this.clock();
  }

  toDto(): PawsFaultState {
    return {
      mode: this.mode,
      latencyMs: this.latencyMs,
      errorCode: this.errorCode,
      since: this.sinceMs === null ? null : new Date(this.sinceMs).toISOString(),
    };
  }
}

/** What the endpoint has answered: requests by method, errors, and the size of each batch asked. */
export class PawsStats {
  requests = 0;
  errors = 0;
  batchRequests = 0;
  slaveBatchRequests = 0;
  devicesInBatches = 0;
  devicesInSlaveBatches = 0;
  private readonly byMethod = new Map<string, number>();
  private readonly sinceMs: number;

  constructor(clock: () => number) {
    this.sinceMs = clock();
  }

  /** One answered exchange: its method (null when the envelope could not be read) and its params. */
  count(method: string | null, params: unknown, answer: unknown): void {
    this.requests++;
    if (answer !== null && typeof answer === 'object' && 'error' in answer) {
      this.errors++;
    }
    if (method === null) {
      return;
    }
    this.byMethod.set(method, (this.byMethod.get(method) ?? 0) + 1);
    if (method !== 'spectrum.paws.getSpectrumBatch' || params === null || typeof params !== 'object') {
      return;
    }
    const locations = (params as { locations?: unknown }).locations;
    if (!Array.isArray(locations)) {
      return;
    }
    this.batchRequests++;
    this.devicesInBatches += locations.length;
    if ((params as { masterDeviceDesc?: unknown }).masterDeviceDesc !== undefined) {
      this.slaveBatchRequests++;
      this.devicesInSlaveBatches += locations.length;
    }
  }

  toDto(): PawsStatsResponseDto {
    return {
      requests: this.requests,
      byMethod: Object.fromEntries(this.byMethod),
      errors: this.errors,
      batchRequests: this.batchRequests,
      slaveBatchRequests: this.slaveBatchRequests,
      devicesInBatches: this.devicesInBatches,
      devicesInSlaveBatches: this.devicesInSlaveBatches,
      since: new Date(this.sinceMs).toISOString(),
    };
  }
}

export class PawsHttpServer {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly service: PawsService,
    readonly faults: PawsFaults,
    readonly stats: PawsStats = new PawsStats(Date.now),
  ) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) {
          res.writeHead(500).end();
        }
      });
    });
    this.server.on('connection', (socket: Socket) => {
      // Unreachable means a device sees a dead peer, not an HTTP answer.
      if (this.faults.mode === 'unreachable') {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  listen(host: string, port: number): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const addr = this.server.address();
        resolve({ host, port: typeof addr === 'object' && addr ? addr.port : port });
      });
    });
  }

  close(): Promise<void> {
    for (const t of this.timers) {
      clearTimeout(t);
    }
    for (const s of this.sockets) {
      s.destroy();
    }
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.faults.mode === 'unreachable') {
      req.socket.destroy(); // a kept-alive connection from before the fault
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/paws') {
      send(res, 404, { error: 'PAWS is served at POST /paws' });
      return;
    }
    if (req.method !== 'POST') {
      send(res, 405, { error: 'PAWS requests are HTTP POST' });
      return;
    }
    const text = await readBody(req);
    if (this.faults.mode === 'slow' && this.faults.latencyMs > 0) {
      await this.delay(this.faults.latencyMs);
    }
    send(res, 200, this.answer(text));
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  /** One JSON-RPC exchange, counted in `stats`; never throws, every failure becomes an error member. */
  answer(text: string | undefined): unknown {
    let raw: unknown;
    try {
      if (text === undefined) {
        throw new Error('too large');
      }
      raw = JSON.parse(text);
    } catch {
      const answer = rpcError(null, {
        code: PAWS_ERROR.PARSE_ERROR,
        message: 'Parse error: the body is not valid JSON',
      });
      this.stats.count(null, null, answer);
      return answer;
    }
    const answer = this.exchange(raw);
    const method =
      raw !== null && typeof raw === 'object' && 'method' in raw && typeof raw.method === 'string'
        ? raw.method
        : null;
    this.stats.count(
      method,
      raw !== null && typeof raw === 'object' && 'params' in raw ? raw.params : null,
      answer,
    );
    return answer;
  }

  private exchange(raw: unknown): unknown {
    const rawId =
      raw !== null && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' ? raw.id : null;
    const envelope = JsonRpcRequestSchema.safeParse(raw);
    if (!envelope.success) {
      const detail = envelope.error.issues
        .map((i) => `${i.path.join('.') || '(envelope)'}: ${i.message}`)
        .join('; ');
      return rpcError(rawId, { code: PAWS_ERROR.INVALID_REQUEST, message: `Invalid Request: ${detail}` });
    }
    const { id, method, params } = envelope.data;
    if (this.faults.mode === 'error' && this.faults.errorCode !== null) {
      return rpcError(id, { code: this.faults.errorCode, message: 'Injected database fault' });
    }
    if (!(method in METHOD_MESSAGES)) {
      return rpcError(id, { code: PAWS_ERROR.METHOD_NOT_FOUND, message: `Method not found: ${method}` });
    }
    try {
      return { jsonrpc: '2.0', result: this.dispatch(method as PawsMethod, params), id };
    } catch (err) {
      if (err instanceof PawsError) {
        return rpcError(id, err.toJson());
      }
      return rpcError(id, {
        code: PAWS_ERROR.INTERNAL_ERROR,
        message: `Internal error: ${(err as Error).message}`,
      });
    }
  }

  private dispatch(method: PawsMethod, params: unknown): unknown {
    const s = this.service;
    const type = EXPECTED_TYPE[method];
    switch (method) {
      case 'spectrum.paws.init':
        return s.init(parseParams(METHOD_MESSAGES[method].request, type, params));
      case 'spectrum.paws.register':
        return s.register(parseParams(METHOD_MESSAGES[method].request, type, params));
      case 'spectrum.paws.getSpectrum':
        return s.getSpectrum(parseParams(METHOD_MESSAGES[method].request, type, params));
      case 'spectrum.paws.getSpectrumBatch':
        return s.getSpectrumBatch(parseParams(METHOD_MESSAGES[method].request, type, params));
      case 'spectrum.paws.notifySpectrumUse':
        return s.notifySpectrumUse(parseParams(METHOD_MESSAGES[method].request, type, params));
      case 'spectrum.paws.verifyDevice':
        return s.verifyDevice(parseParams(METHOD_MESSAGES[method].request, type, params));
    }
  }
}

function rpcError(id: string | null, error: JsonRpcError): unknown {
  return { jsonrpc: '2.0', error, id };
}

/** The body as text, or undefined when it is larger than any PAWS message should be. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
