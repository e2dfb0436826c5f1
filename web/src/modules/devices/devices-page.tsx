// Placeholder until the Devices screen lands (issue 5 and later). It says what will appear here, so the
// shell, the navigation and the e2e smoke journey can be built and tested against a real route today.
import { EmptyState } from '@/ui/empty-state';

const UPCOMING = [
  'A virtualised table that stays fast with 10,000 radios and more',
  'Sort on any column; filter by status, role, site, tag, channel and free text',
  'Filters and sort kept in the URL, so a view can be shared',
  'Rows that flash briefly when a value changes',
  'Multi-select that leads to bulk actions',
] as const;

export function DevicesPage() {
  return (
    <>
      <title>Devices · wsnoc</title>
      <EmptyState
        title="Devices"
        summary="Every radio in the fleet in one table. It fills in once the device inventory and the live feed are connected."
        upcoming={UPCOMING}
      />
    </>
  );
}
