// Placeholder until the Map screen lands (issue 5 and later). It says what will appear here, so the
// shell, the navigation and the e2e smoke journey can be built and tested against a real route today.
import { EmptyState } from '@/ui/empty-state';

const UPCOMING = [
  'Every radio drawn by status colour, with a shape by role',
  'Lines from each base station to its CPEs, clustered at low zoom',
  'An offline basemap of the demo region; tile servers are optional',
  'Box or lasso selection shared with the device table',
] as const;

export function MapPage() {
  return (
    <>
      <title>Map · wsnoc</title>
      <EmptyState
        title="Map"
        summary="Radios and links on a map that works without internet access. It draws once devices have locations."
        upcoming={UPCOMING}
      />
    </>
  );
}
