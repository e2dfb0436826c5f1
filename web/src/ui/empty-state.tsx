// What a screen shows before it has anything to show. It names what will appear, so an operator knows
// whether they are looking at "nothing yet" or at a problem.
import type { ReactNode } from 'react';
import styles from './empty-state.module.css';

export interface EmptyStateProps {
  title: string;
  summary: string;
  /** The things this screen will show, in the words operators use. */
  upcoming?: readonly string[];
  children?: ReactNode;
}

export function EmptyState({ title, summary, upcoming = [], children }: EmptyStateProps) {
  return (
    <section className={styles.emptyState} aria-labelledby="empty-state-title">
      <h1 id="empty-state-title" className={styles.title}>
        {title}
      </h1>
      <p className={styles.summary}>{summary}</p>
      {upcoming.length > 0 && (
        <ul className={styles.upcoming}>
          {upcoming.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
      {children}
    </section>
  );
}
