// A labelled input with its error under it, tied to it for screen readers (aria-describedby). The error's
// test id is the input's with `-error`, so a test can ask for the message of one field.
import { useId, type InputHTMLAttributes } from 'react';
import { FieldError } from './field-error';
import styles from './text-field.module.css';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  error?: string;
  'data-testid': string;
}

export function TextField({ label, error, 'data-testid': testId, ...input }: TextFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        {...input}
      />
      <FieldError id={errorId} message={error} data-testid={`${testId}-error`} />
    </div>
  );
}
