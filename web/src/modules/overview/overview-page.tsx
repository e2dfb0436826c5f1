// Placeholder until the Overview screen lands (issue 5 and later). It says what will appear here, so the
// shell, the navigation and the e2e smoke journey can be built and tested against a real route today.
import { EmptyState } from '@/ui/empty-state';

const UPCOMING = [
  'Counts of radios by status: up, degraded, unreachable and muted',
  'The worst links by SNR and signal',
  'Recent state changes, newest first',
  'Base stations with the most CPEs down',
  'Every figure links to the filtered device table or map',
] as const;

export function OverviewPage() {
  return (
    <>
      <title>Overview · wsnoc</title>
      <EmptyState
        title="Overview"
        summary="The state of the whole network at a glance. Nothing to show until the live device feed is connected."
        upcoming={UPCOMING}
      />
    </>
  );
}
