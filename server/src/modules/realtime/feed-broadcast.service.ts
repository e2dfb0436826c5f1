// Other modules' events on the /ops feed (spectrum station changes, and later incidents): they hand an
// event to this service, and the gateway sends it to every signed-in client of this instance. Each
// instance sends what it learns itself, so nothing crosses to other instances' clients through here.
import { Injectable } from '@nestjs/common';
import type { ServerToClientEvents } from '@wsnoc/shared';

type Broadcaster = <E extends keyof ServerToClientEvents>(
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
) => void;

@Injectable()
export class FeedBroadcastService {
  private broadcaster: Broadcaster | undefined;

  /** The gateway installs how events reach its clients. */
  setBroadcaster(broadcaster: Broadcaster): void {
    this.broadcaster = broadcaster;
  }

  send<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.broadcaster?.(event, ...args);
  }
}
