// What every form does with a submit: check the values (the shared schema, or the form's own rule), send
// them once, and put each refusal next to its field, with whatever names no field of the form as one
// message above it. One action runs at a time: a second submit (a double click, Enter pressed twice)
// while one is on its way is ignored, not sent again. A form with a second action (a rule's preview) runs
// it through the same hook, so the two share the pending state and the messages.
import { useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { formFailureOf, zodFieldErrors, type FieldErrors, type FormFailure } from './field-errors';

export const NO_FAILURE: FormFailure = { fields: {}, message: null };

/** The checked values to send, or why they are not sent. */
export type Checked<V> = { ok: true; value: V } | { ok: false; failure: FormFailure };

/** A shared schema's verdict on the form's values. */
export function checkedBy<V>(parsed: z.ZodSafeParseResult<V>): Checked<V> {
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, failure: { fields: zodFieldErrors(parsed.error), message: null } };
}

/** Values refused by the form itself, by field. */
export const refused = <V>(fields: FieldErrors): Checked<V> => ({
  ok: false,
  failure: { fields, message: null },
});

export interface SubmitStep<V, R> {
  /** Runs first, before the check (clears what the last run showed). */
  before?: () => void;
  check: () => Checked<V>;
  send: (value: V) => Promise<R>;
  /** The answer, once sent. */
  done: (result: R) => void;
}

export interface SubmitFormOptions {
  /** The form's fields: a server issue on any other path is shown as the form's message. */
  fields: readonly string[];
  /** How a failed request becomes messages; formFailureOf with `fields` unless given. */
  failureOf?: (error: unknown) => FormFailure;
}

export interface SubmitForm {
  failure: FormFailure;
  /** The action on its way (`submit` for the form's own), or null. */
  pending: string | null;
  /** The form's onSubmit handler for this step. */
  onSubmit: <V, R>(step: SubmitStep<V, R>) => (event: FormEvent) => void;
  /** Runs another action of the form (not its submit). Resolves when it is over. */
  run: <V, R>(action: string, step: SubmitStep<V, R>) => Promise<void>;
}

export function useSubmitForm({ fields, failureOf }: SubmitFormOptions): SubmitForm {
  const [failure, setFailure] = useState<FormFailure>(NO_FAILURE);
  const [pending, setPending] = useState<string | null>(null);
  // State is too late to stop a second submit in the same tick: the ref is set at once.
  const busy = useRef(false);

  const run = async <V, R>(action: string, step: SubmitStep<V, R>): Promise<void> => {
    if (busy.current) {
      return;
    }
    step.before?.();
    const checked = step.check();
    if (!checked.ok) {
      setFailure(checked.failure);
      return;
    }
    busy.current = true;
    setPending(action);
    try {
      const result = await step.send(checked.value);
      setFailure(NO_FAILURE);
      step.done(result);
    } catch (error) {
      setFailure(failureOf ? failureOf(error) : formFailureOf(error, fields));
    } finally {
      busy.current = false;
      setPending(null);
    }
  };

  const onSubmit =
    <V, R>(step: SubmitStep<V, R>) =>
    (event: FormEvent): void => {
      event.preventDefault();
      void run('submit', step);
    };

  return { failure, pending, onSubmit, run };
}
