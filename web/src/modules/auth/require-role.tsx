// Guards a screen that needs more than signing in (the users screen needs an admin). Someone without the
// role sees why, not a blank page; the server refuses their requests anyway.
import { Outlet } from 'react-router';
import type { UserRole } from '@wsnoc/shared';
import { EmptyState } from '@/ui/empty-state';
import { useCan } from './use-can.hook';

export function RequireRole({ least }: { least: UserRole }) {
  const allowed = useCan(least);
  if (!allowed) {
    return (
      <div data-testid="role-required">
        <EmptyState title="Not for your role" summary={`This screen is for ${least}s only.`} />
      </div>
    );
  }
  return <Outlet />;
}
