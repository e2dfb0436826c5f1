// In-process domain events between modules (inventory -> polling, state). Typed by one map, so a
// subscriber and a publisher can never disagree on a payload. Cross-instance fan-out goes through PubSub.
import { EventEmitter } from 'node:events';
import { Injectable } from '@nestjs/common';

export interface DomainEventMap {
  /** A device was created or its inventory changed. */
  'device.upserted': { deviceId: string };
  'device.removed': { deviceId: string };
}

@Injectable()
export class DomainEvents {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  emit<K extends keyof DomainEventMap>(event: K, payload: DomainEventMap[K]): void {
    this.emitter.emit(event, payload);
  }

  on<K extends keyof DomainEventMap>(event: K, handler: (payload: DomainEventMap[K]) => void): () => void {
    this.emitter.on(event, handler);
    return () => this.emitter.off(event, handler);
  }
}
