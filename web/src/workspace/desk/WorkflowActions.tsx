import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { send } from '../../api';
import { useSession } from '../../session';
import { useErrorText } from '../SignIn';
import { loadWorkflow, mayVerify } from './workflow';

export interface WorkflowChange {
  status: string;
  version: number;
}

/**
 * The verification workflow for one incident: its status, and one button per status the server's
 * workflow allows next. Each asks for the reason (kept in the status log) before it moves the
 * record. Readers who may not verify see the status only.
 */
export function WorkflowActions({ id, status, version, onChanged }: { id: string; status: string; version: number; onChanged?: (change: WorkflowChange) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const [current, setCurrent] = useState({ status, version });
  const [rules, setRules] = useState<Record<string, string[]>>({});
  const [chosen, setChosen] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);
  const reasonId = useId();
  const canAct = mayVerify(session);

  useEffect(() => setCurrent({ status, version }), [status, version]);
  useEffect(() => {
    if (!canAct) return;
    loadWorkflow().then(setRules, (err: unknown) => setError(errorText(err)));
    // errorText is a fresh function on every render; the rules are asked for once.
  }, [canAct]);
  // Derived while rendering, so no button of the previous status survives a transition.
  const next = rules[current.status] ?? [];

  const cancel = () => {
    setChosen(null);
    setReason('');
    setError('');
  };
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen || !reason.trim()) return;
    setBusy(true);
    setError('');
    try {
      const view = await send<{ doc: { status: string }; version: number }>('POST', `/api/v1/incidents/${encodeURIComponent(id)}/transitions`, { to: chosen, reason: reason.trim() });
      const change = { status: view.doc.status, version: view.version };
      setCurrent(change);
      cancel();
      onChanged?.(change);
      statusRef.current?.focus();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="workflow" role="group" aria-label={t('desk.transition.group')}>
      <p className="workflow-status" ref={statusRef} tabIndex={-1} aria-live="polite">
        <span className="workflow-caption">{t('desk.transition.current')}</span>{' '}
        <strong className={`status-badge status-${current.status}`}>{t(`desk.status.${current.status}`)}</strong>
      </p>
      {canAct && chosen === null && next.length > 0 && (
        <div className="workflow-buttons">
          {next.map((to) => (
            <button key={to} type="button" className={to === 'rejected' ? 'danger' : 'secondary'} onClick={() => setChosen(to)}>
              {t(`desk.transition.${to}`)}
            </button>
          ))}
        </div>
      )}
      {chosen !== null && (
        <form className="form workflow-form" onSubmit={(e) => void confirm(e)}>
          <p>{t('desk.transition.asked', { action: t(`desk.transition.${chosen}`) })}</p>
          <label htmlFor={reasonId}>{t('desk.transition.reason')}</label>
          <textarea id={reasonId} required maxLength={2000} rows={3} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="workflow-buttons">
            <button type="submit" className="primary" disabled={busy || !reason.trim()}>{t('desk.transition.confirm')}</button>
            <button type="button" className="secondary" onClick={cancel}>{t('desk.transition.cancel')}</button>
          </div>
        </form>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
