import { z } from 'zod';

/** The Socket.IO namespace of the operations feed. */
export const OPS_NAMESPACE = '/ops';

export const ServerHelloSchema = z.object({
  serverTime: z.string().datetime(),
  version: z.string(),
  user: z.object({ username: z.string(), role: z.string() }),
});
export type ServerHello = z.infer<typeof ServerHelloSchema>;

/** Every event the server sends on /ops. Web and server both type their sockets with these maps. */
export interface ServerToClientEvents {
  hello: (payload: ServerHello) => void;
}

/** Every event a client may send on /ops. Payloads are still parsed with zod on arrival. */
export interface ClientToServerEvents {
  ping: (ack: (serverTime: string) => void) => void;
}
