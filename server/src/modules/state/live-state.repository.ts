// The only code that touches the live state in the cache: one fleet index hash (id -> live row JSON),
// read whole for snapshots and lists, and one hash per device with its latest sample.
import { Injectable } from '@nestjs/common';
import { type DeviceLive, DeviceLiveSchema, type DeviceSample } from '@wsnoc/shared';
import { KeyValueStore } from '@/infra/cache/cache.types.js';

const INDEX = 'devices:live';
const deviceKey = (id: string) => `device:${id}`;

export interface LiveWrite {
  live: DeviceLive;
  sample?: DeviceSample;
}

@Injectable()
export class LiveStateRepository {
  constructor(private readonly store: KeyValueStore) {}

  /** One round trip for a whole batch of polls: the index rows and each device's hash together. */
  async write(batch: LiveWrite[]): Promise<void> {
    if (!batch.length) {
      return;
    }
    const index: Record<string, string> = {};
    const writes: { key: string; fields: Record<string, string> }[] = [];
    for (const { live, sample } of batch) {
      index[live.id] = JSON.stringify(live);
      if (sample) {
        writes.push({ key: deviceKey(live.id), fields: { sample: JSON.stringify(sample), at: sample.at } });
      }
    }
    writes.push({ key: INDEX, fields: index });
    await this.store.hsetMany(writes);
  }

  /** Every row of the index, keyed by id; a row that does not parse is reported as undefined. */
  async readAll(): Promise<Map<string, DeviceLive | undefined>> {
    const rows = await this.store.hgetall(INDEX);
    return new Map(Object.entries(rows).map(([id, json]) => [id, parseRow(json)]));
  }

  async readOne(id: string): Promise<DeviceLive | undefined> {
    const json = await this.store.hget(INDEX, id);
    return json === null ? undefined : parseRow(json);
  }

  async readSample(id: string): Promise<DeviceSample | null> {
    const hash = await this.store.hgetall(deviceKey(id));
    return hash.sample ? (JSON.parse(hash.sample) as DeviceSample) : null;
  }

  /** Removes devices' rows and sample hashes: devices that left the inventory, or orphans of an old one. */
  async remove(ids: string[]): Promise<void> {
    if (!ids.length) {
      return;
    }
    await this.store.hdel(INDEX, ids);
    await this.store.delMany(ids.map(deviceKey));
  }
}

function parseRow(json: string): DeviceLive | undefined {
  try {
    const parsed = DeviceLiveSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
