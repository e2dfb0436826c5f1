// Shown instead of a blank page when a screen throws or its code fails to load (e.g. after a deploy
// replaced the chunk files). Reloading is the usual cure, so it is one click away.
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { Button } from '@/ui/button';
import { EmptyState } from '@/ui/empty-state';

export function RouteErrorPage() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Unknown error';
  return (
    <div role="alert">
      <EmptyState
        title="This screen failed"
        summary={`Something went wrong while showing this screen: ${detail}`}
      >
        <Button onClick={() => window.location.reload()}>Reload the console</Button>
      </EmptyState>
    </div>
  );
}
