// REST calls of the Alerts page: incidents and what an operator does to them, rules and their preview,
// maintenance windows and notification channels with their delivery log. Every body is parsed at the edge
// with the shared schemas; failures stay ApiRequestErrors so forms can place `issues` by field.
import {
  AlertRuleListSchema,
  AlertRuleSchema,
  DeliveryListSchema,
  IncidentDetailSchema,
  IncidentListSchema,
  IncidentSchema,
  MaintenanceWindowListSchema,
  MaintenanceWindowSchema,
  NotificationChannelListSchema,
  NotificationChannelSchema,
  RulePreviewSchema,
  type AlertRule,
  type AlertRuleCreate,
  type AlertRuleUpdate,
  type Delivery,
  type Incident,
  type IncidentDetail,
  type IncidentList,
  type MaintenanceWindow,
  type MaintenanceWindowCreate,
  type NotificationChannel,
  type NotificationChannelCreate,
  type NotificationChannelUpdate,
  type RulePreview,
} from '@wsnoc/shared';
import { apiRequest } from '@/infra/http.client';

const one = (base: string, id: string, rest = ''): string => `${base}/${encodeURIComponent(id)}${rest}`;

/** `query` is the query string of GET /api/incidents (see incidentsQuery). */
export function fetchIncidents(query: string, signal?: AbortSignal): Promise<IncidentList> {
  return apiRequest(`/api/incidents?${query}`, { schema: IncidentListSchema, signal });
}

export function fetchIncident(id: string, signal?: AbortSignal): Promise<IncidentDetail> {
  return apiRequest(one('/api/incidents', id), { schema: IncidentDetailSchema, signal });
}

export function acknowledgeIncident(id: string): Promise<Incident> {
  return apiRequest(one('/api/incidents', id, '/acknowledge'), { method: 'POST', schema: IncidentSchema });
}

export function assignIncident(id: string, assignee: string): Promise<Incident> {
  return apiRequest(one('/api/incidents', id, '/assign'), {
    method: 'POST',
    body: { assignee },
    schema: IncidentSchema,
  });
}

export function resolveIncident(id: string, note?: string): Promise<Incident> {
  return apiRequest(one('/api/incidents', id, '/resolve'), {
    method: 'POST',
    body: note ? { note } : {},
    schema: IncidentSchema,
  });
}

export async function fetchRules(signal?: AbortSignal): Promise<AlertRule[]> {
  return (await apiRequest('/api/alert-rules', { schema: AlertRuleListSchema, signal })).items;
}

export function createRule(rule: AlertRuleCreate): Promise<AlertRule> {
  return apiRequest('/api/alert-rules', { method: 'POST', body: rule, schema: AlertRuleSchema });
}

export function updateRule(id: string, change: AlertRuleUpdate): Promise<AlertRule> {
  return apiRequest(one('/api/alert-rules', id), { method: 'PATCH', body: change, schema: AlertRuleSchema });
}

export function deleteRule(id: string): Promise<void> {
  return apiRequest(one('/api/alert-rules', id), { method: 'DELETE' });
}

/** What the rule would have fired on the last 24 hours of history; nothing is stored. */
export function previewRule(rule: AlertRuleCreate, signal?: AbortSignal): Promise<RulePreview> {
  return apiRequest('/api/alert-rules/preview', {
    method: 'POST',
    body: { rule },
    schema: RulePreviewSchema,
    signal,
  });
}

export async function fetchWindows(signal?: AbortSignal): Promise<MaintenanceWindow[]> {
  return (await apiRequest('/api/maintenance-windows', { schema: MaintenanceWindowListSchema, signal }))
    .items;
}

export function createWindow(window: MaintenanceWindowCreate): Promise<MaintenanceWindow> {
  return apiRequest('/api/maintenance-windows', {
    method: 'POST',
    body: window,
    schema: MaintenanceWindowSchema,
  });
}

export function deleteWindow(id: string): Promise<void> {
  return apiRequest(one('/api/maintenance-windows', id), { method: 'DELETE' });
}

export async function fetchChannels(signal?: AbortSignal): Promise<NotificationChannel[]> {
  return (await apiRequest('/api/notification-channels', { schema: NotificationChannelListSchema, signal }))
    .items;
}

export function createChannel(channel: NotificationChannelCreate): Promise<NotificationChannel> {
  return apiRequest('/api/notification-channels', {
    method: 'POST',
    body: channel,
    schema: NotificationChannelSchema,
  });
}

export function updateChannel(id: string, change: NotificationChannelUpdate): Promise<NotificationChannel> {
  return apiRequest(one('/api/notification-channels', id), {
    method: 'PATCH',
    body: change,
    schema: NotificationChannelSchema,
  });
}

export async function fetchDeliveries(channelId: string, signal?: AbortSignal): Promise<Delivery[]> {
  return (
    await apiRequest(one('/api/notification-channels', channelId, '/deliveries'), {
      schema: DeliveryListSchema,
      signal,
    })
  ).items;
}
