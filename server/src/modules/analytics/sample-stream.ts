// The poll path's one hand-off to the stream agents: DevicePoller pushes each poll's outcome onto a
// Subject and returns at once. Nothing downstream runs in the poll's turn: the agents take the queued
// observations in batches on a timer of their own (buffer), so a slow agent can never hold a poll.
import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

/** The metrics an agent can judge, as one poll measured them (null: not measured this time). */
export interface ObservedValues {
  snr: number | null;
  rssi: number | null;
  noiseFloor: number | null;
  throughput: number | null;
  /** The poll's round trip, ms. */
  latency: number | null;
  temperature: number | null;
  /** 1 for a good poll, 0 for a failed one. */
  reachable: number;
}

/** One poll of one radio: a parsed sample (ok) or a failure. */
export interface Observation {
  deviceId: string;
  /** Epoch ms of the poll's result. */
  at: number;
  ok: boolean;
  values: ObservedValues;
}

export const FAILED_VALUES: Readonly<ObservedValues> = Object.freeze({
  snr: null,
  rssi: null,
  noiseFloor: null,
  throughput: null,
  latency: null,
  temperature: null,
  reachable: 0,
});

@Injectable()
export class SampleStream {
  private readonly subject = new Subject<Observation>();
  /** Observations pushed since start; the bench reads it. */
  pushed = 0;

  readonly observations = this.subject.asObservable();

  push(observation: Observation): void {
    this.pushed++;
    this.subject.next(observation);
  }

  complete(): void {
    this.subject.complete();
  }
}
