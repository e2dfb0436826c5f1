// The console's screens in the order operators reach for them. Adding a screen means one entry here and
// one route in app-routes.tsx. A screen for some roles only names the least role; others never see it.
import type { UserRole } from '@wsnoc/shared';

export interface NavItem {
  id: string;
  path: string;
  label: string;
  least?: UserRole;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { id: 'overview', path: '/overview', label: 'Overview' },
  { id: 'devices', path: '/devices', label: 'Devices' },
  { id: 'map', path: '/map', label: 'Map' },
  { id: 'spectrum', path: '/spectrum', label: 'Spectrum' },
  { id: 'configuration', path: '/configuration', label: 'Configuration' },
  { id: 'alerts', path: '/alerts', label: 'Alerts' },
  { id: 'audit', path: '/audit', label: 'Audit' },
  { id: 'users', path: '/users', label: 'Users', least: 'admin' },
  { id: 'wall', path: '/wall-displays', label: 'Wall displays' },
];
