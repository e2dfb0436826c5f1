// A real local webhook receiver for the alerts tests: every request is recorded with its raw body, its
// signature and delivery headers, the answer it got, and its payload checked against the shared schema
// (a body the contract does not describe fails the test that reads it).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  type WebhookPayload,
  WebhookPayloadSchema,
} from '@wsnoc/shared';

export interface Delivered extends WebhookPayload {
  /** Date.now() when the request ended. */
  at: number;
  raw: string;
  signature: string | undefined;
  deliveryHeader: string | undefined;
  /** What the receiver answered. */
  status: number;
}

export interface WebhookReceiver {
  server: Server;
  port: number;
  url: string;
  got: Delivered[];
  /** The events received for one incident, in the order they came (e.g. ['opened', 'resolved']). */
  eventsOf(incidentId: string): string[];
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 (`port` 0: any free one; a given one to come back on the port of a receiver that
 * was closed) and answers the first `failFirst` requests with 500, every later one with 200.
 */
export async function startWebhookReceiver(
  opts: { failFirst?: number; port?: number } = {},
): Promise<WebhookReceiver> {
  const got: Delivered[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const status = got.length < (opts.failFirst ?? 0) ? 500 : 200;
      got.push({
        ...WebhookPayloadSchema.parse(JSON.parse(raw)),
        at: Date.now(),
        raw,
        signature: header(req.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()]),
        deliveryHeader: header(req.headers[WEBHOOK_DELIVERY_HEADER.toLowerCase()]),
        status,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/hook`,
    got,
    eventsOf: (incidentId) => got.filter((d) => d.incident.id === incidentId).map((d) => d.event),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
