// The rules the stream agents apply: built-in ones (changed or disabled, never deleted) and custom ones.
// Everyone reads them; admins enable and disable in place, edit, create with a preview, and delete custom
// ones. The agents follow a change at once, without a restart.
import { useState } from 'react';
import type { AlertRule } from '@wsnoc/shared';
import { ConfirmDialog } from '@/modules/devices/detail/confirm-dialog';
import { useResource } from '@/modules/devices/detail/use-resource.hook';
import { Button } from '@/ui/button';
import { deleteRule, fetchRules, updateRule } from './alerts.api';
import { RuleEditor } from './rule-editor';
import { ruleSummary } from './rule-form';
import { SeverityBadge } from './severity-badge';
import styles from './alerts.module.css';

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; rule: AlertRule };

const scopeOf = (rule: AlertRule): string =>
  rule.scope.type === 'all' ? 'all devices' : `${rule.scope.type} ${rule.scope.value ?? ''}`;

export function RulesPanel({ mayAdminister }: { mayAdminister: boolean }) {
  const [rules, reload] = useResource('alert-rules', (signal) => fetchRules(signal));
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [pending, setPending] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const list = rules.status === 'ready' || rules.status === 'loading' ? rules.data : null;

  const act = async (id: string, action: () => Promise<unknown>): Promise<void> => {
    setPending(id);
    setProblem(null);
    try {
      await action();
      reload();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setPending(null);
    }
  };

  return (
    <div className={styles.stack} data-testid="rules-panel">
      {deleting !== null && (
        <ConfirmDialog
          title={`Delete the rule “${deleting.name}”?`}
          body="The agents stop applying it at once, on every instance."
          confirmLabel="Delete rule"
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const id = deleting.id;
            setDeleting(null);
            void act(id, () => deleteRule(id));
          }}
        />
      )}
      {mayAdminister && editing.kind !== 'none' && (
        <RuleEditor
          key={editing.kind === 'edit' ? editing.rule.id : 'new'}
          rule={editing.kind === 'edit' ? editing.rule : undefined}
          onSaved={() => {
            setEditing({ kind: 'none' });
            reload();
          }}
          onCancel={() => setEditing({ kind: 'none' })}
        />
      )}
      <section className={styles.panel} aria-labelledby="rules-title">
        <div className={styles.panelHead}>
          <h2 id="rules-title">Rules</h2>
          {mayAdminister && editing.kind === 'none' && (
            <Button variant="primary" data-testid="rule-new" onClick={() => setEditing({ kind: 'new' })}>
              New rule
            </Button>
          )}
        </div>
        {!mayAdminister && <p className={styles.muted}>Only admins change the rules.</p>}
        {rules.status === 'error' && (
          <p role="alert" className={styles.alert} data-testid="rules-error">
            The rules could not be read: {rules.message}
          </p>
        )}
        {problem !== null && (
          <p role="alert" className={styles.alert} data-testid="rules-action-error">
            {problem}
          </p>
        )}
        {list !== null && (
          <table className={styles.table} data-testid="rules-table">
            <thead>
              <tr>
                <th>Rule</th>
                <th>Condition</th>
                <th>Severity</th>
                <th>Scope</th>
                <th>Enabled</th>
                {mayAdminister && <th>Actions</th>}
              </tr>
            </thead>
            <tbody>
              {list.map((rule) => (
                <tr key={rule.id} data-testid={`rule-row-${rule.name}`} data-enabled={rule.enabled}>
                  <td>
                    {rule.name}
                    {rule.builtin && <span className={styles.tag}>built-in</span>}
                  </td>
                  <td>{ruleSummary(rule)}</td>
                  <td>
                    <SeverityBadge severity={rule.severity} />
                  </td>
                  <td>{scopeOf(rule)}</td>
                  <td>
                    {mayAdminister ? (
                      <input
                        type="checkbox"
                        aria-label={`${rule.name} enabled`}
                        data-testid={`rule-toggle-${rule.name}`}
                        checked={rule.enabled}
                        disabled={pending === rule.id}
                        onChange={(event) =>
                          void act(rule.id, () => updateRule(rule.id, { enabled: event.target.checked }))
                        }
                      />
                    ) : rule.enabled ? (
                      'yes'
                    ) : (
                      'no'
                    )}
                  </td>
                  {mayAdminister && (
                    <td className={styles.rowActions}>
                      <Button
                        data-testid={`rule-edit-${rule.name}`}
                        onClick={() => setEditing({ kind: 'edit', rule })}
                      >
                        Edit
                      </Button>
                      {!rule.builtin && (
                        <Button
                          data-testid={`rule-delete-${rule.name}`}
                          disabled={pending === rule.id}
                          onClick={() => setDeleting(rule)}
                        >
                          Delete
                        </Button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
