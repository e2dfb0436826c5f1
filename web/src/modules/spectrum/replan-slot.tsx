// Where the fleet re-plan goes: a preview of per-site channel changes with the predicted SINR gain before
// anything is applied, then apply with live progress. It lands with the planner's API; this section holds
// its place in the page's layout (after the plan it changes, before the record that will show the change).
import styles from './spectrum-page.module.css';

export function ReplanSlot() {
  return (
    <section className={styles.section} aria-labelledby="replan-title" data-testid="replan-slot">
      <h2 id="replan-title">Re-plan</h2>
      <p className={styles.muted}>
        A re-plan preview (per-site channel changes and the predicted gain) and its apply, with live progress,
        appear here.
      </p>
    </section>
  );
}
