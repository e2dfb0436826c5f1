// The stepper: every step of a bulk run in order, the current one marked, those before it done.
import { STEP_LABELS, WIZARD_STEPS, type WizardStep } from './wizard-state';
import styles from './configuration.module.css';

export function WizardSteps({ current }: { current: WizardStep }) {
  const at = WIZARD_STEPS.indexOf(current);
  return (
    <ol className={styles.steps} aria-label="Steps of a bulk run">
      {WIZARD_STEPS.map((step, index) => {
        const state = index === at ? 'current' : index < at ? 'done' : 'todo';
        return (
          <li
            key={step}
            data-testid={`wizard-step-${step}`}
            data-state={state}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            {STEP_LABELS[step]}
          </li>
        );
      })}
    </ol>
  );
}
