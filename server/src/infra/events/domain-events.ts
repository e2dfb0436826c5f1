// In-process domain events between modules (inventory -> polling, state). Typed by one map, so a
// subscriber and a publisher can never disagree on a payload. Cross-instance fan-out goes through PubSub.
import { Injectable } from '@nestjs/common';

export interface DomainEventMap {
  /** A device was created or its inventory changed. */
  'device.upserted': { deviceId: string };
  'device.removed': { deviceId: string };
  /** Many devices at once (an import, an enrolment): one reload instead of one per device. */
  'devices.upserted': { deviceIds: string[] };
}

type Handler<K extends keyof DomainEventMap> = (payload: DomainEventMap[K]) => unknown;

@Injectable()
export class DomainEvents {
  private readonly handlers = new Map<keyof DomainEventMap, Set<Handler<never>>>();

  /**
   * Resolves when every handler has finished, so a REST call that changed the inventory answers only
   * once the live state shows the change.
   */
  async emit<K extends keyof DomainEventMap>(event: K, payload: DomainEventMap[K]): Promise<void> {
    const handlers = [...(this.handlers.get(event) ?? [])] as Handler<K>[];
    await Promise.all(handlers.map((handler) => handler(payload)));
  }

  on<K extends keyof DomainEventMap>(event: K, handler: Handler<K>): () => void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler);
    this.handlers.set(event, set);
    return () => set.delete(handler);
  }
}
