// Alerts over REST: rules (admins change them, the agents follow at once), incidents (operators
// acknowledge, assign and resolve), maintenance windows and notification channels (admins). Thin: the
// shared zod schemas at the edge, the services behind.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import {
  type AlertRule,
  type AlertRuleCreate,
  AlertRuleCreateSchema,
  type AlertRuleList,
  type AlertRuleUpdate,
  AlertRuleUpdateSchema,
  type DeliveryList,
  encodeIncidentCursor,
  type Incident,
  type IncidentAssign,
  IncidentAssignSchema,
  type IncidentDetail,
  type IncidentList,
  type IncidentListQuery,
  IncidentListQuerySchema,
  type IncidentResolve,
  IncidentResolveSchema,
  type MaintenanceWindow,
  type MaintenanceWindowCreate,
  MaintenanceWindowCreateSchema,
  type MaintenanceWindowList,
  type NotificationChannel,
  type NotificationChannelCreate,
  NotificationChannelCreateSchema,
  type NotificationChannelList,
  type NotificationChannelUpdate,
  NotificationChannelUpdateSchema,
  type RulePreview,
  type RulePreviewRequest,
  RulePreviewRequestSchema,
} from '@wsnoc/shared';
import { z } from 'zod';
import { AppConfig } from '@/infra/config/config.js';
import { actorOf } from '@/infra/http/request-context.js';
import { Roles } from '@/infra/http/access.decorators.js';
import { ZodPipe } from '@/infra/http/zod.pipe.js';
import type { AuthedRequest } from '@/modules/auth/auth.guard.js';
import { LiveStateService } from '@/modules/state/live-state.service.js';
import { AlertConfigService } from './alert-config.service.js';
import { AlertsRepository } from './alerts.repository.js';
import { IncidentService } from './incident.service.js';
import { previewRule } from './rule-preview.js';

const id = (what: string) => new ZodPipe(z.string().uuid(`id must be ${what} id (a UUID)`), 'id');
const RuleId = id('an alert rule');
const IncidentId = id('an incident');
const WindowId = id('a maintenance window');
const ChannelId = id('a notification channel');

@Controller()
export class AlertsController {
  constructor(
    private readonly alertConfig: AlertConfigService,
    private readonly incidents: IncidentService,
    private readonly repository: AlertsRepository,
    private readonly live: LiveStateService,
    private readonly config: AppConfig,
  ) {}

  // ---- rules ----

  @Roles('viewer', 'operator')
  @Get('alert-rules')
  async listRules(): Promise<AlertRuleList> {
    return { items: await this.alertConfig.listRules() };
  }

  @Roles('admin')
  @Post('alert-rules')
  createRule(
    @Body(new ZodPipe(AlertRuleCreateSchema)) body: AlertRuleCreate,
    @Req() request: AuthedRequest,
  ): Promise<AlertRule> {
    return this.alertConfig.createRule(body, actorOf(request));
  }

  @Roles('admin')
  @Post('alert-rules/preview')
  @HttpCode(200)
  preview(@Body(new ZodPipe(RulePreviewRequestSchema)) body: RulePreviewRequest): Promise<RulePreview> {
    return previewRule(body.rule, this.repository, (deviceId) => this.live.get(deviceId), {
      intervalMs: this.config.env.POLL_INTERVAL_MS,
      clearSamples: this.config.env.ALERTS_CLEAR_SAMPLES,
    });
  }

  @Roles('admin')
  @Patch('alert-rules/:id')
  updateRule(
    @Param('id', RuleId) ruleId: string,
    @Body(new ZodPipe(AlertRuleUpdateSchema)) body: AlertRuleUpdate,
    @Req() request: AuthedRequest,
  ): Promise<AlertRule> {
    return this.alertConfig.updateRule(ruleId, body, actorOf(request));
  }

  @Roles('admin')
  @Delete('alert-rules/:id')
  @HttpCode(204)
  async deleteRule(@Param('id', RuleId) ruleId: string, @Req() request: AuthedRequest): Promise<void> {
    await this.alertConfig.deleteRule(ruleId, actorOf(request));
  }

  // ---- incidents ----

  @Roles('viewer', 'operator')
  @Get('incidents')
  async listIncidents(
    @Query(new ZodPipe(IncidentListQuerySchema)) query: IncidentListQuery,
  ): Promise<IncidentList> {
    // One row past the page says whether another page follows, without a count or an empty last page.
    const { incidents } = await this.incidents.list({ ...query, limit: query.limit + 1 });
    const page = incidents.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      incidents: page,
      ...(incidents.length > query.limit && last ? { nextCursor: encodeIncidentCursor(last) } : {}),
    };
  }

  @Roles('viewer', 'operator')
  @Get('incidents/:id')
  incident(@Param('id', IncidentId) incidentId: string): Promise<IncidentDetail> {
    return this.incidents.detail(incidentId);
  }

  @Roles('operator')
  @Post('incidents/:id/acknowledge')
  @HttpCode(200)
  acknowledge(@Param('id', IncidentId) incidentId: string, @Req() request: AuthedRequest): Promise<Incident> {
    return this.incidents.acknowledge(incidentId, actorOf(request).username);
  }

  @Roles('operator')
  @Post('incidents/:id/assign')
  @HttpCode(200)
  assign(
    @Param('id', IncidentId) incidentId: string,
    @Body(new ZodPipe(IncidentAssignSchema)) body: IncidentAssign,
    @Req() request: AuthedRequest,
  ): Promise<Incident> {
    return this.incidents.assign(incidentId, body.assignee, actorOf(request).username);
  }

  @Roles('operator')
  @Post('incidents/:id/resolve')
  @HttpCode(200)
  resolve(
    @Param('id', IncidentId) incidentId: string,
    @Body() raw: unknown,
    @Req() request: AuthedRequest,
  ): Promise<Incident> {
    const body: IncidentResolve = new ZodPipe(IncidentResolveSchema).transform(raw ?? {});
    return this.incidents.resolveByHand(incidentId, actorOf(request).username, body.note);
  }

  // ---- maintenance windows ----

  @Roles('viewer', 'operator')
  @Get('maintenance-windows')
  async listWindows(): Promise<MaintenanceWindowList> {
    return { items: await this.alertConfig.listWindows() };
  }

  @Roles('admin')
  @Post('maintenance-windows')
  createWindow(
    @Body(new ZodPipe(MaintenanceWindowCreateSchema)) body: MaintenanceWindowCreate,
    @Req() request: AuthedRequest,
  ): Promise<MaintenanceWindow> {
    return this.alertConfig.createWindow(body, actorOf(request));
  }

  @Roles('admin')
  @Delete('maintenance-windows/:id')
  @HttpCode(204)
  async deleteWindow(@Param('id', WindowId) windowId: string, @Req() request: AuthedRequest): Promise<void> {
    await this.alertConfig.deleteWindow(windowId, actorOf(request));
  }

  // ---- notification channels ----

  @Roles('viewer', 'operator')
  @Get('notification-channels')
  async listChannels(): Promise<NotificationChannelList> {
    return { items: await this.alertConfig.listChannels() };
  }

  @Roles('admin')
  @Post('notification-channels')
  createChannel(
    @Body(new ZodPipe(NotificationChannelCreateSchema)) body: NotificationChannelCreate,
    @Req() request: AuthedRequest,
  ): Promise<NotificationChannel> {
    return this.alertConfig.createChannel(body, actorOf(request));
  }

  @Roles('admin')
  @Patch('notification-channels/:id')
  updateChannel(
    @Param('id', ChannelId) channelId: string,
    @Body(new ZodPipe(NotificationChannelUpdateSchema)) body: NotificationChannelUpdate,
    @Req() request: AuthedRequest,
  ): Promise<NotificationChannel> {
    return this.alertConfig.updateChannel(channelId, body, actorOf(request));
  }

  @Roles('admin')
  @Delete('notification-channels/:id')
  @HttpCode(204)
  async deleteChannel(
    @Param('id', ChannelId) channelId: string,
    @Req() request: AuthedRequest,
  ): Promise<void> {
    await this.alertConfig.deleteChannel(channelId, actorOf(request));
  }

  @Roles('viewer', 'operator')
  @Get('notification-channels/:id/deliveries')
  async deliveries(@Param('id', ChannelId) channelId: string): Promise<DeliveryList> {
    return { items: await this.alertConfig.deliveries(channelId) };
  }
}
