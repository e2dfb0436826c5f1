// "Poll this device now": the one step behind every scheduled poll and every operator's refresh. It asks
// the driver for a sample, and turns the sample (or the failure) into the live row and the history row,
// each derived by its one function. A result for a device that left the inventory while it was being
// polled is dropped, so a deletion is never undone by a poll that was already under way.
import { Injectable } from '@nestjs/common';
import type { DeviceLive, DeviceSample } from '@wsnoc/shared';
import { Counter } from 'prom-client';
import { MetricsService } from '@/infra/metrics/metrics.service.js';
import { FAILED_VALUES, SampleStream } from '@/modules/analytics/sample-stream.js';
import { DriverService } from '@/modules/driver/driver.service.js';
import { DeviceDirectory, type KnownDevice } from '@/modules/inventory/device-directory.service.js';
import { initialLive } from '@/modules/inventory/device.mapper.js';
import { liveFromFailure, liveFromSample } from '@/modules/state/derive-live.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { mapSampleToRow, unreachableRow } from '@/modules/telemetry/telemetry.mapper.js';
import { TelemetryWriter } from '@/modules/telemetry/telemetry.writer.js';

@Injectable()
export class DevicePoller {
  private readonly dropped: Counter;

  constructor(
    private readonly directory: DeviceDirectory,
    private readonly driver: DriverService,
    private readonly live: LiveStateService,
    private readonly history: TelemetryWriter,
    private readonly stream: SampleStream,
    metrics: MetricsService,
  ) {
    this.dropped = new Counter({
      name: 'wsnoc_poll_results_dropped_total',
      help: 'Poll results (samples or failures) dropped because the device left the inventory during its poll',
      registers: [metrics.registry],
    });
  }

  /**
   * Polls and records the result; the caller holds the device's lock. A failure is recorded (the error
   * shows on the row; the status holds) and rethrown.
   */
  async pollNow(device: KnownDevice): Promise<DeviceLive> {
    const started = performance.now();
    let sample: DeviceSample;
    try {
      sample = await this.driver.poll(device.target);
    } catch (err) {
      this.recordFailure(device, err as Error, false, performance.now() - started);
      throw err;
    }
    return this.recordSample(device, sample) ?? initialLive(device.entity, new Date());
  }

  /** The new live row, or undefined when the device left the inventory meanwhile. */
  recordSample(device: KnownDevice, sample: DeviceSample): DeviceLive | undefined {
    if (!this.directory.has(device.target.id)) {
      this.dropped.inc();
      return undefined;
    }
    const previous = this.live.get(device.target.id) ?? initialLive(device.entity, new Date());
    const next = liveFromSample(previous, sample);
    this.live.update(next, sample);
    const row = mapSampleToRow(sample, device.entity.role, next.status);
    this.history.write(row);
    // Queued for the stream agents; they run on their own timer, never in this poll's turn.
    this.stream.push({
      deviceId: row.deviceId,
      at: row.at.getTime(),
      ok: true,
      values: {
        snr: row.snrDb,
        rssi: row.rssiDbm,
        noiseFloor: row.noiseFloorDbm,
        throughput: row.throughputMbps,
        latency: row.pollMs,
        temperature: row.temperatureC,
        reachable: 1,
      },
    });
    return next;
  }

  recordFailure(device: KnownDevice, err: Error, unreachable: boolean, pollMs: number): void {
    if (!this.directory.has(device.target.id)) {
      this.dropped.inc();
      return;
    }
    const previous = this.live.get(device.target.id) ?? initialLive(device.entity, new Date());
    const at = new Date();
    this.live.update(liveFromFailure(previous, err.message, unreachable, at.toISOString()));
    this.stream.push({ deviceId: device.target.id, at: at.getTime(), ok: false, values: FAILED_VALUES });
    if (unreachable) {
      this.history.write(unreachableRow(device.target.id, at, Math.round(pollMs)));
    }
  }
}
