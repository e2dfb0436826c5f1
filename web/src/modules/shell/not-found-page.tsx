import { Link, useLocation } from 'react-router';
import { EmptyState } from '@/ui/empty-state';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <EmptyState title="No such screen" summary={`Nothing lives at ${location.pathname}.`}>
      <Link to="/overview">Go to the overview</Link>
    </EmptyState>
  );
}
