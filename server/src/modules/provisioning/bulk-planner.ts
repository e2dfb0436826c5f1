// From a bulk change request to the values each device would get, with every problem found before a
// radio is touched: template variables out of range (the whole request is refused), then per device
// what the template cannot render for it, its override, the radio CLI's rules, its band plan and its
// spectrum grant (the command path's own checks and policies, without the lock).
import { Injectable } from '@nestjs/common';
import {
  type BulkChange,
  type ConfigValues,
  ConfigValuesSchema,
  type DeviceFacts,
  templateById,
} from '@wsnoc/shared';
import type { FieldIssue } from '@/infra/errors/app-error.js';
import { type Actor, CommandService } from '@/modules/commands/command.service.js';
import { DeviceDirectory, type KnownDevice } from '@/modules/inventory/device-directory.service.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { ProvisioningError } from './provisioning.errors.js';

export interface PlannedDevice {
  device: KnownDevice;
  values: ConfigValues;
  issues: FieldIssue[];
}

/** How many devices are checked against the command path's policies at once. */
const CHECK_CONCURRENCY = 16;

@Injectable()
export class BulkPlanner {
  constructor(
    private readonly directory: DeviceDirectory,
    private readonly live: LiveStateService,
    private readonly commands: CommandService,
  ) {}

  /**
   * The values for every selected device, in the order given. Refuses (400, naming the fields) a request
   * whose variables are invalid, whose devices are unknown, or whose overrides name unselected devices.
   */
  async plan(change: BulkChange, actor: Actor): Promise<PlannedDevice[]> {
    const template = templateById(change.template)!;
    const issues: FieldIssue[] = [];
    const parsed = template.variables.safeParse(change.variables);
    if (!parsed.success) {
      issues.push(
        ...parsed.error.issues.map((i) => ({
          path: ['variables', ...i.path].join('.'),
          message: i.message,
        })),
      );
    }
    const devices: KnownDevice[] = [];
    change.devices.forEach((id, index) => {
      const device = this.directory.get(id);
      if (device) {
        devices.push(device);
      } else {
        issues.push({ path: `devices.${index}`, message: `no device ${id}` });
      }
    });
    const selected = new Set(change.devices);
    for (const id of Object.keys(change.overrides)) {
      if (!selected.has(id)) {
        issues.push({ path: `overrides.${id}`, message: 'an override for a device that is not selected' });
      }
    }
    if (issues.length || !parsed.success) {
      throw new ProvisioningError('invalid-run', issues.map((i) => `${i.path}: ${i.message}`).join('; '), {
        issues,
      });
    }
    const variables = parsed.data;
    const planned: PlannedDevice[] = devices.map((device) => {
      const rendered = template.render(variables, this.facts(device));
      if ('issue' in rendered) {
        return { device, values: {}, issues: [{ path: 'template', message: rendered.issue }] };
      }
      const values = { ...rendered.values, ...change.overrides[device.entity.id] };
      const checked = ConfigValuesSchema.safeParse(values);
      return checked.success
        ? { device, values: checked.data, issues: [] }
        : {
            device,
            values,
            issues: checked.error.issues.map((i) => ({
              path: `set.${i.path.join('.')}`,
              message: i.message,
            })),
          };
    });
    let next = 0;
    const check = async () => {
      for (let item = planned[next++]; item; item = planned[next++]) {
        if (!item.issues.length) {
          item.issues = await this.commands.validate(item.device.entity.id, item.values, actor);
        }
      }
    };
    await Promise.all(Array.from({ length: CHECK_CONCURRENCY }, check));
    return planned;
  }

  /** What a template may read from the device: inventory and the latest poll. */
  private facts(device: KnownDevice): DeviceFacts {
    const live = this.live.get(device.entity.id);
    return {
      id: device.entity.id,
      name: device.entity.name,
      role: device.entity.role,
      site: live?.site ?? device.entity.site?.name ?? null,
      channel: live?.channel ?? null,
      txPowerDbm: live?.txPowerDbm ?? null,
    };
  }
}
