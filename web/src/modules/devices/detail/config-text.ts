// How configuration reads to an operator, in one place for the editor, the history and the drift panel:
// field labels, values, what a change's status means, and a failure as a sentence.
import type { ConfigChange, ConfigField } from '@wsnoc/shared';
import { ApiRequestError } from '@/infra/http.client';
import { busyOf } from './device.api';

export const CONFIG_LABELS: Record<ConfigField, string> = {
  hostname: 'Hostname',
  channel: 'Channel',
  txPowerDbm: 'Tx power (dBm EIRP)',
  enabled: 'Radio enabled',
  managementVlan: 'Management VLAN',
  snmpCommunity: 'SNMP community',
  ntpServer: 'NTP server',
};

export const showValue = (value: string | number | boolean | null): string =>
  value === null ? '—' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);

/** An ISO timestamp as the console prints times: UTC, to the second. */
export const utc = (iso: string): string => iso.replace('T', ' ').slice(0, 19);

/** What a change's status means for the radio, in a sentence. */
export function describeChange(change: ConfigChange): string {
  switch (change.status) {
    case 'pending-confirm':
      return `Running on the radio, verified. It reverts at ${change.confirmDeadline ? utc(change.confirmDeadline) : '?'} UTC unless you confirm.`;
    case 'rolled-back':
      return 'Rolled back: the radio runs its previous values again.';
    case 'confirmed':
      return 'Confirmed: the radio keeps the change.';
    case 'applied':
      return 'Applied and verified on the radio.';
    case 'reverted':
      return 'Reverted: the radio went back to its previous values by itself.';
    case 'failed':
      return `Failed: ${change.detail ?? 'the radio did not take the change.'}`;
  }
}

export interface Failure {
  message: string;
  issues: string[];
}

/** A failed request as an operator reads it: a busy radio names its holder, a refusal its fields. */
export function failureOf(error: unknown): Failure {
  const busy = busyOf(error);
  if (busy) {
    return { message: `The radio is busy: ${busy.owner} holds it since ${busy.since}.`, issues: [] };
  }
  if (error instanceof ApiRequestError) {
    return {
      message: error.message,
      issues: (error.body?.issues ?? []).map((i) => `${i.path}: ${i.message}`),
    };
  }
  return { message: error instanceof Error ? error.message : String(error), issues: [] };
}
