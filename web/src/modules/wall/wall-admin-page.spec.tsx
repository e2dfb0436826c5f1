import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { WallAdminPage } from './wall-admin-page';

const DISPLAY = {
  id: '0b0b0b0b-0000-4000-8000-000000000001',
  name: 'Ops room left',
  sites: ['Alpha'],
  panels: ['map', 'counts'],
  rotateSeconds: 15,
  createdBy: 'admin',
  createdAt: '2025-06-01T12:00:00.000Z',
  updatedAt: '2025-06-01T12:00:00.000Z',
};

describe(WallAdminPage.name, () => {
  it('creates a display and shows its link, with the token, once', async () => {
    let listed: unknown[] = [];
    const fetch = stubFetch({
      'GET /api/auth/me': () => json(200, ADMIN),
      'GET /api/wall/displays': () => json(200, { items: listed }),
      'POST /api/wall/displays': () => {
        listed = [DISPLAY];
        return json(201, { ...DISPLAY, token: 'tok_123' });
      },
    });
    renderApp('/wall-displays');
    await screen.findByRole('heading', { name: 'Wall displays' }, { timeout: 15_000 });
    fireEvent.change(screen.getByTestId('wall-form-name'), { target: { value: 'Ops room left' } });
    fireEvent.change(screen.getByTestId('wall-form-sites'), { target: { value: 'Alpha, ' } });
    // Every panel is ticked for a new display; the incidents and spectrum panels are offered too.
    expect(screen.getByTestId<HTMLInputElement>('wall-form-panel-incidents').checked).toBe(true);
    expect(screen.getByTestId<HTMLInputElement>('wall-form-panel-spectrum').checked).toBe(true);
    fireEvent.click(screen.getByTestId('wall-form-panel-worst-links'));
    fireEvent.click(screen.getByTestId('wall-form-panel-spectrum'));
    fireEvent.change(screen.getByTestId('wall-form-rotate'), { target: { value: '15' } });
    fireEvent.click(screen.getByTestId('wall-form-submit'));

    const link = await screen.findByTestId<HTMLInputElement>('wall-created-link');
    expect(link.value).toBe(`${window.location.origin}/wall#token=tok_123`);
    expect(fetch.calls.find((c) => c.key === 'POST /api/wall/displays')?.body).toEqual({
      name: 'Ops room left',
      sites: ['Alpha'],
      panels: ['map', 'counts', 'incidents'],
      rotateSeconds: 15,
    });
    await screen.findByTestId('wall-display-Ops room left');
    fireEvent.click(screen.getByRole('button', { name: 'Done, I have copied it' }));
    await waitFor(() => expect(screen.queryByTestId('wall-created')).toBeNull());
    expect(document.body.textContent).not.toContain('tok_123');
  });

  it('tells a viewer that only admins manage displays', async () => {
    stubFetch({ 'GET /api/auth/me': () => json(200, { ...ADMIN, username: 'val', role: 'viewer' }) });
    renderApp('/wall-displays');
    expect(await screen.findByText(/Only admins manage wall displays/, {}, { timeout: 15_000 })).toBeTruthy();
  });
});
