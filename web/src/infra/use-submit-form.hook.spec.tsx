import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { FieldError } from '@/ui/field-error';
import { ApiRequestError } from './http.client';
import { checkedBy, useSubmitForm } from './use-submit-form.hook';

const NameSchema = z.object({ name: z.string().min(1, 'name must not be empty') });

function NameForm({
  send,
  done,
}: {
  send: (value: { name: string }) => Promise<string>;
  done: (r: string) => void;
}) {
  const form = useSubmitForm({ fields: ['name'] });
  return (
    <form
      data-testid="form"
      onSubmit={form.onSubmit({
        check: () =>
          checkedBy(
            NameSchema.safeParse({ name: (document.getElementById('name') as HTMLInputElement).value }),
          ),
        send,
        done,
      })}
    >
      <input id="name" defaultValue="bs-1" />
      <FieldError message={form.failure.fields.name} data-testid="name-error" />
      <button type="submit" disabled={form.pending !== null} data-testid="submit">
        Save
      </button>
      {form.failure.message !== null && <p data-testid="form-error">{form.failure.message}</p>}
    </form>
  );
}

const refusal = (issues: { path: string; message: string }[]) =>
  new ApiRequestError('invalid', issues.map((i) => i.message).join('; '), 400, {
    statusCode: 400,
    error: 'Bad Request',
    code: 'request.invalid',
    message: issues.map((i) => i.message).join('; '),
    issues,
  });

const settle = () =>
  act(async () => {
    await Promise.resolve();
  });

describe(useSubmitForm.name, () => {
  it("puts the server's refusal of a field next to that field, and no form message", async () => {
    const done = vi.fn();
    render(
      <NameForm
        send={() => Promise.reject(refusal([{ path: 'name', message: 'name is taken' }]))}
        done={done}
      />,
    );
    fireEvent.submit(screen.getByTestId('form'));
    expect(await screen.findByTestId('name-error')).toHaveProperty('textContent', 'name is taken');
    expect(screen.queryByTestId('form-error')).toBeNull();
    expect(done).not.toHaveBeenCalled();
    expect(screen.getByTestId<HTMLButtonElement>('submit').disabled).toBe(false);
  });

  it('shows an error that names no field of the form as the form message', async () => {
    const { rerender } = render(
      <NameForm send={() => Promise.reject(new Error('The server cannot be reached'))} done={vi.fn()} />,
    );
    fireEvent.submit(screen.getByTestId('form'));
    expect((await screen.findByTestId('form-error')).textContent).toBe('The server cannot be reached');
    expect(screen.queryByTestId('name-error')).toBeNull();
    // An issue on a path the form does not have is not dropped either.
    rerender(
      <NameForm
        send={() => Promise.reject(refusal([{ path: 'owner', message: 'owner is unknown' }]))}
        done={vi.fn()}
      />,
    );
    fireEvent.submit(screen.getByTestId('form'));
    await settle();
    expect(screen.getByTestId('form-error').textContent).toBe('owner is unknown');
  });

  it('sends once however often it is submitted while the first is on its way', async () => {
    let answer: (value: string) => void = () => undefined;
    const send = vi.fn(() => new Promise<string>((resolve) => (answer = resolve)));
    const done = vi.fn();
    render(<NameForm send={send} done={done} />);
    fireEvent.submit(screen.getByTestId('form'));
    fireEvent.submit(screen.getByTestId('form'));
    fireEvent.submit(screen.getByTestId('form'));
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({ name: 'bs-1' });
    expect(screen.getByTestId<HTMLButtonElement>('submit').disabled).toBe(true);
    answer('saved');
    await settle();
    expect(done).toHaveBeenCalledExactlyOnceWith('saved');
    expect(screen.getByTestId<HTMLButtonElement>('submit').disabled).toBe(false);
    // Over: the next submit is sent.
    fireEvent.submit(screen.getByTestId('form'));
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('names a field the check refuses and sends nothing', async () => {
    const send = vi.fn(() => Promise.resolve('saved'));
    render(<NameForm send={send} done={vi.fn()} />);
    fireEvent.change(document.getElementById('name')!, { target: { value: '' } });
    fireEvent.submit(screen.getByTestId('form'));
    expect((await screen.findByTestId('name-error')).textContent).toBe('name must not be empty');
    expect(send).not.toHaveBeenCalled();
  });
});
