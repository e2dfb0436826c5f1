// Notification channels: webhooks (JSON signed with HMAC) and e-mail, each with the least severity it
// carries and a rate limit. Everyone reads them and their delivery log (every notification, its attempts,
// state and last error); admins add channels and enable or disable them. A secret is write-only.
import { useState } from 'react';
import {
  ALERT_SEVERITIES,
  CHANNEL_TYPES,
  NotificationChannelCreateSchema,
  type AlertSeverity,
  type ChannelType,
  type NotificationChannel,
} from '@wsnoc/shared';
import { checkedBy, useSubmitForm } from '@/infra/use-submit-form.hook';
import { useResource } from '@/modules/devices/detail/use-resource.hook';
import { Button } from '@/ui/button';
import { FieldError } from '@/ui/field-error';
import { RelativeTime, formatUtc } from '@/ui/relative-time';
import { createChannel, fetchChannels, fetchDeliveries, updateChannel } from './alerts.api';
import { SeverityBadge } from './severity-badge';
import styles from './alerts.module.css';

const FIELDS = ['name', 'type', 'target', 'minSeverity', 'rateLimitPerMin', 'secret'] as const;

export function ChannelsPanel({ mayAdminister }: { mayAdminister: boolean }) {
  const [channels, reload] = useResource('notification-channels', (signal) => fetchChannels(signal));
  const [open, setOpen] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const list = channels.status === 'ready' || channels.status === 'loading' ? channels.data : null;

  const toggle = async (channel: NotificationChannel, enabled: boolean): Promise<void> => {
    setPending(channel.id);
    setProblem(null);
    try {
      await updateChannel(channel.id, { enabled });
      reload();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setPending(null);
    }
  };

  return (
    <div className={styles.stack} data-testid="channels-panel">
      {mayAdminister && <ChannelCreateForm onCreated={reload} />}
      <section className={styles.panel} aria-labelledby="channels-title">
        <h2 id="channels-title">Notification channels</h2>
        {!mayAdminister && <p className={styles.muted}>Only admins add or change channels.</p>}
        {channels.status === 'error' && (
          <p role="alert" className={styles.alert} data-testid="channels-error">
            The channels could not be read: {channels.message}
          </p>
        )}
        {problem !== null && (
          <p role="alert" className={styles.alert} data-testid="channels-action-error">
            {problem}
          </p>
        )}
        {list !== null && list.length === 0 && (
          <p className={styles.muted} data-testid="channels-empty">
            No channel yet: incidents show here but notify nobody.
          </p>
        )}
        {list !== null && list.length > 0 && (
          <table className={styles.table} data-testid="channels-table">
            <thead>
              <tr>
                <th>Channel</th>
                <th>Type</th>
                <th>Target</th>
                <th>From severity</th>
                <th>Per minute</th>
                <th>Enabled</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((channel) => (
                <ChannelRow
                  key={channel.id}
                  channel={channel}
                  open={open === channel.id}
                  mayAdminister={mayAdminister}
                  pending={pending === channel.id}
                  onToggle={(enabled) => void toggle(channel, enabled)}
                  onOpen={() => setOpen(open === channel.id ? null : channel.id)}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

interface ChannelRowProps {
  channel: NotificationChannel;
  open: boolean;
  mayAdminister: boolean;
  pending: boolean;
  onToggle: (enabled: boolean) => void;
  onOpen: () => void;
}

function ChannelRow({ channel, open, mayAdminister, pending, onToggle, onOpen }: ChannelRowProps) {
  return (
    <>
      <tr data-testid={`channel-row-${channel.name}`} data-enabled={channel.enabled}>
        <td>
          {channel.name}
          {channel.hasSecret && <span className={styles.tag}>own secret</span>}
        </td>
        <td>{channel.type}</td>
        <td className={styles.what}>{channel.target}</td>
        <td>
          <SeverityBadge severity={channel.minSeverity} />
        </td>
        <td>{channel.rateLimitPerMin}</td>
        <td>
          {mayAdminister ? (
            <input
              type="checkbox"
              aria-label={`${channel.name} enabled`}
              data-testid={`channel-toggle-${channel.name}`}
              checked={channel.enabled}
              disabled={pending}
              onChange={(event) => onToggle(event.target.checked)}
            />
          ) : channel.enabled ? (
            'yes'
          ) : (
            'no'
          )}
        </td>
        <td>
          <Button data-testid={`channel-deliveries-${channel.name}`} aria-expanded={open} onClick={onOpen}>
            {open ? 'Hide deliveries' : 'Deliveries'}
          </Button>
        </td>
      </tr>
      {open && (
        <tr className={styles.expanded}>
          <td colSpan={7}>
            <DeliveryLog channelId={channel.id} />
          </td>
        </tr>
      )}
    </>
  );
}

function DeliveryLog({ channelId }: { channelId: string }) {
  const [deliveries, reload] = useResource(channelId, (signal) => fetchDeliveries(channelId, signal), 15_000);
  const list = deliveries.status === 'ready' || deliveries.status === 'loading' ? deliveries.data : null;
  return (
    <div data-testid="delivery-log">
      <div className={styles.listHead}>
        <strong>Delivery log</strong>
        <Button data-testid="delivery-reload" onClick={reload}>
          Reload
        </Button>
      </div>
      {deliveries.status === 'error' && (
        <p role="alert" className={styles.alert}>
          The delivery log could not be read: {deliveries.message}
        </p>
      )}
      {list !== null && list.length === 0 && <p className={styles.muted}>Nothing sent yet.</p>}
      {list !== null && list.length > 0 && (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>When (UTC)</th>
              <th>Event</th>
              <th>State</th>
              <th>Attempts</th>
              <th>Last error</th>
              <th>Next try</th>
            </tr>
          </thead>
          <tbody>
            {list.map((delivery) => (
              <tr key={delivery.id} data-testid="delivery-row" data-state={delivery.state}>
                <td>{formatUtc(delivery.createdAt)}</td>
                <td>{delivery.event}</td>
                <td>
                  {delivery.state}
                  {delivery.deliveredAt && (
                    <div className={styles.muted}>{formatUtc(delivery.deliveredAt)}</div>
                  )}
                </td>
                <td>{delivery.attempts}</td>
                <td className={styles.what}>
                  {delivery.lastError ?? '—'}
                  {delivery.lastStatus !== null && ` (HTTP ${delivery.lastStatus})`}
                </td>
                <td>
                  <RelativeTime at={delivery.nextAttemptAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ChannelCreateForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [type, setType] = useState<ChannelType>('webhook');
  const [target, setTarget] = useState('');
  const [minSeverity, setMinSeverity] = useState<AlertSeverity>('warning');
  const [rate, setRate] = useState('30');
  const [secret, setSecret] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const { failure, pending, onSubmit } = useSubmitForm({ fields: FIELDS });

  const submit = onSubmit({
    before: () => setCreated(null),
    check: () =>
      checkedBy(
        NotificationChannelCreateSchema.safeParse({
          name: name.trim(),
          type,
          target: target.trim(),
          minSeverity,
          rateLimitPerMin: rate.trim() !== '' && Number.isFinite(Number(rate)) ? Number(rate) : rate,
          ...(type === 'webhook' && secret !== '' ? { secret } : {}),
        }),
      ),
    send: createChannel,
    done: (channel: NotificationChannel) => {
      setName('');
      setTarget('');
      setSecret('');
      setCreated(channel.name);
      onCreated();
    },
  });

  const error = (field: (typeof FIELDS)[number]) => (
    <FieldError message={failure.fields[field]} data-testid={`channel-error-${field}`} />
  );

  return (
    <section className={styles.panel} aria-labelledby="channel-create-title">
      <h2 id="channel-create-title">Add a channel</h2>
      <form className={styles.form} onSubmit={submit} noValidate>
        <label className={styles.field}>
          Name
          <input
            data-testid="channel-name"
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
          />
          {error('name')}
        </label>
        <label className={styles.field}>
          Type
          <select
            data-testid="channel-type"
            value={type}
            onChange={(event) => setType(event.target.value as ChannelType)}
          >
            {CHANNEL_TYPES.map((t) => (
              <option key={t} value={t}>
                {t === 'email' ? 'e-mail' : t}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          {type === 'email' ? 'Address' : 'URL'}
          <input
            data-testid="channel-target"
            value={target}
            maxLength={500}
            placeholder={type === 'email' ? 'noc@example.net' : 'https://hooks.example.net/wsnoc'}
            onChange={(event) => setTarget(event.target.value)}
          />
          {error('target')}
        </label>
        <label className={styles.field}>
          From severity
          <select
            data-testid="channel-min-severity"
            value={minSeverity}
            onChange={(event) => setMinSeverity(event.target.value as AlertSeverity)}
          >
            {ALERT_SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.field}>
          Per minute at most
          <input
            data-testid="channel-rate"
            inputMode="numeric"
            value={rate}
            onChange={(event) => setRate(event.target.value)}
          />
          {error('rateLimitPerMin')}
        </label>
        {type === 'webhook' && (
          <label className={styles.field}>
            Secret (optional)
            <input
              type="password"
              autoComplete="new-password"
              data-testid="channel-secret"
              value={secret}
              onChange={(event) => setSecret(event.target.value)}
            />
            {error('secret')}
          </label>
        )}
        <div className={styles.formButtons}>
          <Button type="submit" variant="primary" data-testid="channel-create" disabled={pending !== null}>
            {pending !== null ? 'Adding…' : 'Add channel'}
          </Button>
        </div>
      </form>
      {failure.message !== null && (
        <p role="alert" className={styles.alert} data-testid="channel-create-error">
          {failure.message}
        </p>
      )}
      {created !== null && (
        <p role="status" className={styles.done} data-testid="channel-create-done">
          Added {created}.
        </p>
      )}
    </section>
  );
}
