import type { AlertSeverity } from '@wsnoc/shared';
import { SEVERITY_GLYPH } from './incident-format';
import styles from './alerts.module.css';

export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  return (
    <span className={styles.severity} data-severity={severity} data-testid="incident-severity">
      <span aria-hidden="true">{SEVERITY_GLYPH[severity]}</span> {severity}
    </span>
  );
}
