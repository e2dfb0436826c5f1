// Sends what the outbox (notification_deliveries) holds: webhooks (JSON, signed with HMAC-SHA256 in
// X-Wsnoc-Signature) and e-mail over SMTP (nodemailer). Each row is taken under a lease, so two instances
// never send it at once; a failed attempt is retried with exponential backoff up to NOTIFY_MAX_ATTEMPTS;
// a channel past its rate limit waits (nothing is dropped). The row is written delivered right after the
// receiver accepted it, so a restart never sends a delivered notification again and never loses one
// that was pending (a crash between the receiver's answer and that write is the one window where a
// receiver may see a delivery twice; the body's deliveryId and the X-Wsnoc-Delivery header, the same on
// every attempt, let it tell).
import { createHmac } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type WebhookPayload, WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER } from '@wsnoc/shared';
import nodemailer from 'nodemailer';
import { Counter } from 'prom-client';
import { AppConfig } from '@/infra/config/config.js';
import type { AppLogger } from '@/infra/logger/logger.js';
import { LOGGER } from '@/infra/logger/logger.token.js';
import { MetricsService } from '@/infra/metrics/metrics.service.js';
import { AlertConfigService } from './alert-config.service.js';
import { type ChannelRow, type DeliveryRow, AlertsRepository } from './alerts.repository.js';

const CLAIM_BATCH = 20;

class SendError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

@Injectable()
export class NotifierService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private transport: nodemailer.Transporter | undefined;
  private readonly sent: Counter<'type' | 'outcome'>;

  constructor(
    private readonly repository: AlertsRepository,
    private readonly alertConfig: AlertConfigService,
    private readonly config: AppConfig,
    metrics: MetricsService,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    this.sent = new Counter({
      name: 'wsnoc_notification_attempts_total',
      help: 'Notification attempts by channel type and outcome',
      labelNames: ['type', 'outcome'],
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.env.ALERTS_ENABLED) {
      return;
    }
    this.timer = setInterval(() => this.kick(), this.config.env.NOTIFY_POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.transport?.close();
  }

  /** Looks at the outbox now (also called right after something was enqueued). */
  kick(): void {
    if (this.running || this.stopped) {
      return;
    }
    this.running = this.drain()
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'notification outbox pass failed'))
      .finally(() => {
        this.running = undefined;
      });
  }

  private async drain(): Promise<void> {
    const lease = this.config.env.NOTIFY_TIMEOUT_MS * 3;
    for (;;) {
      const due = await this.repository.claimDue(CLAIM_BATCH, lease);
      if (!due.length || this.stopped) {
        return;
      }
      const channels = new Map((await this.alertConfig.channelRows()).map((c) => [c.id, c]));
      // Channels in parallel, each one's rows one after the other: its rate limit counts every send.
      const byChannel = new Map<string, DeliveryRow[]>();
      for (const row of due) {
        byChannel.set(row.channel_id, [...(byChannel.get(row.channel_id) ?? []), row]);
      }
      await Promise.all(
        [...byChannel].map(async ([id, rows]) => {
          for (const row of rows) {
            await this.deliver(row, channels.get(id));
          }
        }),
      );
    }
  }

  private async deliver(row: DeliveryRow, channel: ChannelRow | undefined): Promise<void> {
    if (!channel) {
      return; // the channel was removed; its rows went with it
    }
    const windowMs = this.config.env.NOTIFY_RATE_WINDOW_MS;
    const since = new Date(Date.now() - windowMs);
    if ((await this.repository.deliveredSince(channel.id, since)) >= channel.rate_limit_per_min) {
      await this.repository.postpone(
        row.id,
        new Date(Date.now() + Math.max(Math.min(1_000, windowMs), windowMs / channel.rate_limit_per_min)),
        `rate limit of ${channel.rate_limit_per_min} per ${windowMs / 1000} s reached; waiting`,
      );
      return;
    }
    const attempts = row.attempts + 1;
    try {
      const status = await this.send(channel, row);
      await this.repository.markDelivered(row.id, attempts, status);
      this.sent.inc({ type: channel.type, outcome: 'delivered' });
    } catch (err) {
      const e = err as SendError;
      const { NOTIFY_MAX_ATTEMPTS, NOTIFY_BACKOFF_MS, NOTIFY_BACKOFF_MAX_MS } = this.config.env;
      const retryAt =
        attempts >= NOTIFY_MAX_ATTEMPTS
          ? null
          : new Date(Date.now() + Math.min(NOTIFY_BACKOFF_MAX_MS, NOTIFY_BACKOFF_MS * 2 ** (attempts - 1)));
      await this.repository.markAttemptFailed(row.id, attempts, e.message, e.status ?? null, retryAt);
      this.sent.inc({ type: channel.type, outcome: retryAt ? 'retry' : 'failed' });
      this.logger.warn(
        { channel: channel.name, delivery: row.id, attempts, err: e.message },
        retryAt ? 'notification failed; retried later' : 'notification given up',
      );
    }
  }

  private async send(channel: ChannelRow, row: DeliveryRow): Promise<number | null> {
    const payload = row.payload as Omit<WebhookPayload, 'sentAt' | 'deliveryId'>;
    if (channel.type === 'webhook') {
      const deliveryId = String(row.id);
      const body = JSON.stringify({ ...payload, deliveryId, sentAt: new Date().toISOString() });
      const secret = this.alertConfig.secretOf(channel) ?? this.config.env.NOTIFY_WEBHOOK_SECRET;
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'wsnoc-alerts',
        [WEBHOOK_DELIVERY_HEADER]: deliveryId,
      };
      if (secret) {
        headers[WEBHOOK_SIGNATURE_HEADER] = signBody(secret, body);
      }
      let response: Response;
      try {
        response = await fetch(channel.target, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(this.config.env.NOTIFY_TIMEOUT_MS),
          redirect: 'error',
        });
      } catch (err) {
        throw new SendError(`webhook unreachable: ${(err as Error).message}`);
      }
      await response.body?.cancel().catch(() => undefined);
      if (!response.ok) {
        throw new SendError(`webhook answered ${response.status}`, response.status);
      }
      return response.status;
    }
    const transport = this.mailer();
    const incident = payload.incident;
    const verb = payload.event === 'resolved' ? 'RESOLVED' : payload.event === 'escalated' ? 'AGAIN' : 'OPEN';
    try {
      await transport.sendMail({
        from: this.config.env.NOTIFY_MAIL_FROM,
        to: channel.target,
        subject: `[wsnoc ${incident.severity}] ${verb}: ${incident.title}`,
        text: [
          incident.summary,
          '',
          `State: ${incident.state}`,
          `Severity: ${incident.severity}`,
          `Opened: ${incident.openedAt}`,
          ...(incident.resolvedAt ? [`Resolved: ${incident.resolvedAt}`] : []),
          `Affected devices: ${incident.affectedCount} (${incident.suppressedCount} counted in, not paged)`,
          ...(incident.silencedBy ? [`Silenced by maintenance window: ${incident.silencedBy.name}`] : []),
          `Incident: ${incident.id}`,
        ].join('\n'),
      });
    } catch (err) {
      throw new SendError(`mail not accepted: ${(err as Error).message}`);
    }
    return null;
  }

  private mailer(): nodemailer.Transporter {
    const url = this.config.env.NOTIFY_SMTP_URL;
    if (!url) {
      throw new SendError('NOTIFY_SMTP_URL is not set: e-mail channels cannot send');
    }
    this.transport ??= nodemailer.createTransport({
      url,
      connectionTimeout: this.config.env.NOTIFY_TIMEOUT_MS,
      greetingTimeout: this.config.env.NOTIFY_TIMEOUT_MS,
      socketTimeout: this.config.env.NOTIFY_TIMEOUT_MS,
    } as never);
    return this.transport;
  }
}
