// Configuration mode: `set`, the candidate, commit (plain and confirmed), rollback, discard and exit.
import { applySet, compareConfigs, renderConfig, sameConfig } from './radio-config.js';
import type { CliSession } from './cli-session.js';

/** `commit confirmed` takes minutes; fractions are a lab extension so tests need not wait a minute. */
const MINUTES = /^\d{1,4}(?:\.\d{1,3})?$/;
const MAX_CONFIRM_MINUTES = 1440;

export function unknown(words: string[]): string[] {
  return [`% Unknown command: ${words.join(' ')}`];
}

export function runConfigCommand(session: CliSession, words: string[]): string[] {
  const radio = session.radio;
  const candidate = session.candidate ?? { ...radio.running };
  const [verb, ...rest] = words;
  const ctx = { role: radio.role, plan: radio.plan };
  switch (verb) {
    case 'set': {
      const result = applySet(rest, candidate, ctx);
      if (!result.ok) {
        return [result.error];
      }
      session.candidate = result.config;
      return [];
    }
    case 'show': {
      const key = rest.join(' ');
      if (key === 'candidate') {
        return renderConfig(candidate, radio.role);
      }
      return compareConfigs(radio.running, candidate, radio.role);
    }
    case 'commit':
      return commit(session, rest);
    case 'rollback': {
      if (rest.length > 0) {
        return unknown(words);
      }
      if (!radio.previous) {
        return ['% No previous configuration to roll back to'];
      }
      session.candidate = { ...radio.previous };
      return ['Candidate loaded from the previous commit; commit to apply'];
    }
    case 'discard':
      if (rest.length > 0) {
        return unknown(words);
      }
      session.candidate = { ...radio.running };
      return ['Candidate discarded'];
    case 'exit':
    case 'end': {
      if (rest.length > 0) {
        return unknown(words);
      }
      const dirty = !sameConfig(candidate, radio.running);
      session.leaveConfig();
      return dirty ? ['% Uncommitted changes discarded'] : [];
    }
    case 'help':
    case '?':
      return CONFIG_HELP;
    case undefined:
      return [];
    default:
      return unknown(words);
  }
}

function commit(session: CliSession, args: string[]): string[] {
  const radio = session.radio;
  const candidate = session.candidate ?? { ...radio.running };
  let confirmMs: number | undefined;
  if (args.length > 0) {
    if (args[0] !== 'confirmed' || args.length > 2) {
      return unknown(['commit', ...args]);
    }
    const raw = args[1];
    if (raw === undefined) {
      return ['% Missing value for minutes'];
    }
    const minutes = MINUTES.test(raw) ? Number(raw) : NaN;
    if (!(minutes > 0 && minutes <= MAX_CONFIRM_MINUTES)) {
      return [`% Invalid value for minutes: ${raw}`];
    }
    confirmMs = Math.round(minutes * 60_000);
  }
  const result = radio.commit(candidate, confirmMs, session);
  if (!result.ok) {
    return [result.error];
  }
  session.candidate = { ...radio.running };
  const pending = radio.pendingConfirm;
  if (confirmMs !== undefined && pending) {
    return [`Commit complete; rolls back at ${new Date(pending.deadlineMs).toISOString()} unless confirmed`];
  }
  return ['Commit complete'];
}

const CONFIG_HELP = [
  'set radio channel <N>',
  'set radio tx-power <dBm>',
  'set radio enabled true|false',
  'set system hostname <name>',
  'set management vlan <1-4094>',
  'set snmp community <string>',
  'set ntp server <host>',
  'show candidate',
  'show | compare',
  'commit',
  'commit confirmed <minutes>',
  'rollback',
  'discard',
  'exit',
];
