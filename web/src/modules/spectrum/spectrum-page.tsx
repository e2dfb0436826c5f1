// Placeholder until the Spectrum screen lands (issue 5 and later). It says what will appear here, so the
// shell, the navigation and the e2e smoke journey can be built and tested against a real route today.
import { EmptyState } from '@/ui/empty-state';

const UPCOMING = [
  'Available channels and maximum power per base station, from the geolocation database',
  'Grant expiry times and the watchdog that re-checks them',
  'The fleet channel plan and where it differs from the radios',
  'Radios muted because their permission lapsed',
] as const;

export function SpectrumPage() {
  return (
    <>
      <title>Spectrum · wsnoc</title>
      <EmptyState
        title="Spectrum"
        summary="What the white-space database allows each base station to use, and what it uses. Appears once the PAWS client is configured."
        upcoming={UPCOMING}
      />
    </>
  );
}
