// The message under a form field that the field's value was refused with (by the shared schema before
// sending, or by the server's `issues`). Nothing when the field is fine.
import screen from './screen.module.css';

export interface FieldErrorProps {
  message: string | undefined;
  /** For aria-describedby on the field. */
  id?: string;
  'data-testid': string;
}

export function FieldError({ message, id, 'data-testid': testId }: FieldErrorProps) {
  if (!message) {
    return null;
  }
  return (
    <span id={id} className={screen.fieldError} data-testid={testId}>
      {message}
    </span>
  );
}
