// Placeholder until the Wall screen lands (issue 5 and later). It says what will appear here, so the
// shell, the navigation and the e2e smoke journey can be built and tested against a real route today.
import { EmptyState } from '@/ui/empty-state';

const UPCOMING = [
  'Network status counts in type large enough to read across the room',
  'The map with the worst areas highlighted',
  'The connection state and data age, so a frozen screen is never mistaken for a calm network',
  'Recovery on its own after a server restart or network loss',
] as const;

export function WallPage() {
  return (
    <>
      <title>Wall · wsnoc</title>
      <EmptyState
        title="Wall"
        summary="A view for large screens in the operations room, unattended for weeks with nobody to click. It shows the network once the live feed is connected."
        upcoming={UPCOMING}
      />
    </>
  );
}
