// Enrols the field lab's fleet at start when ENROL_SIMULATOR_URL is set (pnpm demo sets it), so a
// newcomer sees a live network at once. Radios already in the inventory are left as they are.
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DeviceCreateSchema, RadioSummarySchema } from '@wsnoc/shared';
import { z } from 'zod';
import { AppConfig } from '@/infra/config/config.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { DeviceRepository } from './device.repository.js';
import { DeviceImportService } from './device-import.service.js';

@Injectable()
export class EnrolmentService implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    private readonly devices: DeviceRepository,
    private readonly imports: DeviceImportService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {}

  onApplicationBootstrap(): void {
    const url = this.config.env.ENROL_SIMULATOR_URL;
    if (url) {
      // In the background: the console is usable while a large fleet is enrolled.
      void this.enrol(url).catch((err: unknown) =>
        this.logger.error({ err: (err as Error).message, url }, 'enrolment failed'),
      );
    }
  }

  async enrol(controlUrl: string): Promise<number> {
    const radios = z.array(RadioSummarySchema).parse(await fetchJson(`${controlUrl}/radios`));
    const existing = new Set((await this.devices.findAll()).map((d) => d.name));
    const fresh = radios.filter((r) => !existing.has(r.id));
    const report = await this.imports.importDevices(
      fresh.map((radio) =>
        DeviceCreateSchema.parse({
          name: radio.id,
          role: radio.role,
          host: radio.host,
          port: radio.port,
          username: radio.username,
          password: radio.password,
          lat: radio.lat,
          lon: radio.lon,
          site: radio.site,
          parent: radio.baseStationId ?? undefined,
          tags: ['simulated'],
        }),
      ),
      'enrolment',
    );
    const enrolled = report.created;
    this.logger.info({ enrolled, fleet: radios.length }, 'field lab fleet enrolled');
    return enrolled;
  }
}

async function fetchJson(url: string, attempts = 30): Promise<unknown> {
  // The lab may still be starting when the console boots: retry for a while before giving up.
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) {
        return await response.json();
      }
      throw new Error(`HTTP ${response.status}`);
    } catch (err) {
      if (attempt >= attempts) {
        throw new Error(`cannot read ${url}: ${(err as Error).message}`, { cause: err });
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
