// A moment as an age or a countdown ("12 s ago", "in 3 min") that ticks on the shared clock, with the
// exact UTC time as the element's machine value and tooltip. Only this element re-renders each second.
import { formatAge } from './format-age';
import { useNow } from './use-now.hook';

export function formatUtc(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 19)} UTC`;
}

export interface RelativeTimeProps {
  at: string | null;
  /** What to show when there is no time. */
  empty?: string;
  /** Words around a future time; a past one reads "… ago" unless `past` says otherwise. */
  future?: (age: string) => string;
  past?: (age: string) => string;
  className?: string;
  'data-testid'?: string;
}

export function RelativeTime({
  at,
  empty = '—',
  future = (age) => `in ${age}`,
  past = (age) => `${age} ago`,
  className,
  'data-testid': testId,
}: RelativeTimeProps) {
  const now = useNow(1000, at !== null);
  if (at === null) {
    return (
      <span className={className} data-testid={testId}>
        {empty}
      </span>
    );
  }
  const delta = Date.parse(at) - now;
  return (
    <time dateTime={at} title={formatUtc(at)} className={className} data-testid={testId}>
      {delta > 0 ? future(formatAge(delta)) : past(formatAge(-delta))}
    </time>
  );
}
