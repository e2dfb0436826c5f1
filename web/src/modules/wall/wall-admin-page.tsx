// Wall displays, for admins: create one (its link, with the token, is shown once, to copy), change what
// it shows and how fast it rotates, revoke it. Its screens follow a change at once, and go dark within
// 5 s of a revocation.
import {
  WALL_PANELS,
  type WallDisplay,
  type WallDisplayCreate,
  type WallDisplayCreated,
} from '@wsnoc/shared';
import { useEffect, useMemo, useState } from 'react';
import { ApiRequestError } from '@/infra/http.client';
import { useAuthState } from '@/modules/auth/auth.context';
import { useThrottledFleetList } from '@/modules/live/live.context';
import { Button } from '@/ui/button';
import { EmptyState } from '@/ui/empty-state';
import { DisplayForm } from './wall-display-form';
import { displayLink, wallApi, type WallApi } from './wall.api';
import styles from './wall-admin.module.css';

const NEW_DISPLAY: WallDisplayCreate = {
  name: '',
  sites: [],
  // Every panel, as the server's default: an admin unticks what a screen should not show.
  panels: [...WALL_PANELS],
  rotateSeconds: 20,
};

const message = (error: unknown) =>
  error instanceof ApiRequestError ? error.message : 'Something went wrong; try again.';

export function WallAdminPage({ api = wallApi }: { api?: WallApi }) {
  const auth = useAuthState();
  if (auth.status === 'signed-in' && auth.user.role !== 'admin') {
    return (
      <EmptyState
        title="Wall displays"
        summary="Only admins manage wall displays. Ask an admin for a display link for your screen."
      />
    );
  }
  return <WallAdmin api={api} />;
}

function WallAdmin({ api }: { api: WallApi }) {
  const [displays, setDisplays] = useState<WallDisplay[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<WallDisplayCreated | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const fleet = useThrottledFleetList(2_000);
  const knownSites = useMemo(
    () => [...new Set(fleet.map((d) => d.site).filter((s): s is string => s !== null))].sort(),
    [fleet],
  );

  const [listVersion, setListVersion] = useState(0);
  useEffect(() => {
    let current = true;
    api.list().then(
      (items) => current && setDisplays(items),
      (err: unknown) => current && setError(message(err)),
    );
    return () => {
      current = false;
    };
  }, [api, listVersion]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setListVersion((v) => v + 1);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={styles.page}>
      <title>Wall displays · wsnoc</title>
      <h1>Wall displays</h1>
      <p className={styles.hint}>
        A display opens its link on the screen in the operations room and shows the sites it is given, with no
        sign-in. The link holds its token: it is shown once, when the display is created.
      </p>
      {error ? (
        <p className={styles.error} role="alert" data-testid="wall-admin-error">
          {error}
        </p>
      ) : null}
      {created ? <CreatedLink created={created} onDone={() => setCreated(null)} /> : null}
      <section className={styles.section}>
        <h2>New display</h2>
        <DisplayForm
          key={formKey}
          initial={NEW_DISPLAY}
          knownSites={knownSites}
          submitLabel="Create display"
          busy={busy}
          testId="wall-create-form"
          onSubmit={(value) =>
            void run(async () => {
              setCreated(await api.create(value));
              setFormKey((k) => k + 1);
            })
          }
        />
      </section>
      <section className={styles.section}>
        <h2>Displays</h2>
        {displays === null ? <p className={styles.hint}>Loading…</p> : null}
        {displays?.length === 0 ? <p className={styles.hint}>No wall displays yet.</p> : null}
        <ul className={styles.list}>
          {displays?.map((display) => (
            <li key={display.id} className={styles.item} data-testid={`wall-display-${display.name}`}>
              {editing === display.id ? (
                <DisplayForm
                  initial={display}
                  knownSites={knownSites}
                  submitLabel="Save"
                  busy={busy}
                  testId="wall-edit-form"
                  onCancel={() => setEditing(null)}
                  onSubmit={(value) =>
                    void run(async () => {
                      await api.update(display.id, value);
                      setEditing(null);
                    })
                  }
                />
              ) : (
                <>
                  <div>
                    <strong>{display.name}</strong>
                    <div className={styles.hint}>
                      {display.sites.length ? display.sites.join(', ') : 'every site'} ·{' '}
                      {display.panels.join(', ')} · {display.rotateSeconds} s per panel · created by{' '}
                      {display.createdBy}
                    </div>
                  </div>
                  <div className={styles.buttons}>
                    <Button onClick={() => setEditing(display.id)} data-testid="wall-edit">
                      Edit
                    </Button>
                    {confirming === display.id ? (
                      <>
                        <Button
                          variant="primary"
                          disabled={busy}
                          data-testid="wall-revoke-confirm"
                          onClick={() =>
                            void run(async () => {
                              await api.revoke(display.id);
                              setConfirming(null);
                            })
                          }
                        >
                          Revoke: its screens go dark
                        </Button>
                        <Button onClick={() => setConfirming(null)}>Keep</Button>
                      </>
                    ) : (
                      <Button onClick={() => setConfirming(display.id)} data-testid="wall-revoke">
                        Revoke
                      </Button>
                    )}
                  </div>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function CreatedLink({ created, onDone }: { created: WallDisplayCreated; onDone: () => void }) {
  const link = displayLink(window.location.origin, created.token);
  const [copied, setCopied] = useState(false);
  return (
    <section className={styles.created} data-testid="wall-created" aria-live="polite">
      <h2>Display {created.name} created</h2>
      <p>
        Open this link on the display. <strong>It is shown this once</strong>: the console keeps only a hash
        of its token. If it is lost, revoke the display and create another.
      </p>
      <input className={styles.link} readOnly value={link} data-testid="wall-created-link" />
      <div className={styles.buttons}>
        <Button
          variant="primary"
          data-testid="wall-copy-link"
          onClick={() =>
            void navigator.clipboard
              ?.writeText(link)
              .then(() => setCopied(true))
              .catch(() => setCopied(false))
          }
        >
          {copied ? 'Copied' : 'Copy link'}
        </Button>
        <Button onClick={onDone}>Done, I have copied it</Button>
      </div>
    </section>
  );
}
