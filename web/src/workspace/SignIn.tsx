import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, send } from '../api';
import { refreshSession, type Session, signIn } from '../session';

/** The API's error in the reader's language when we know its code, else the server's own words. */
export function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown) => {
    const e = error instanceof ApiError ? error : new ApiError(String(error));
    return t(`errors.${e.code}`, { defaultValue: e.message });
  };
}

/** Sign-in, then whatever the account must do first: replace a one-time password, set up two-factor. */
export function SignIn({ session }: { session: Session | null }) {
  if (session?.restriction === 'password_change') return <ChangePassword />;
  if (session?.restriction === 'two_factor_setup') return <TwoFactorSetup />;
  return <Credentials />;
}

function Credentials() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askTotp, setAskTotp] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await signIn(email, password, askTotp ? totp : undefined);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required') setAskTotp(true);
      else setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card narrow" onSubmit={(e) => void submit(e)} aria-labelledby="signin-heading">
      <h1 id="signin-heading">{t('staff.signIn.heading')}</h1>
      <label>
        {t('staff.signIn.email')}
        <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        {t('staff.signIn.password')}
        <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {askTotp && (
        <label>
          {t('staff.signIn.totp')}
          <input inputMode="numeric" autoComplete="one-time-code" required autoFocus value={totp} onChange={(e) => setTotp(e.target.value)} />
        </label>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit" disabled={busy}>{t('staff.signIn.submit')}</button>
    </form>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [revokeTokens, setRevokeTokens] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await send('POST', '/api/v1/auth/password', { current, password, revoke_tokens: revokeTokens });
      await refreshSession();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="card narrow" onSubmit={(e) => void submit(e)} aria-labelledby="password-heading">
      <h1 id="password-heading">{t('staff.password.heading')}</h1>
      <p>{t('staff.password.why')}</p>
      <label>
        {t('staff.password.current')}
        <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
      </label>
      <label>
        {t('staff.password.new')}
        <input type="password" autoComplete="new-password" required minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <OtherAccess revokeTokens={revokeTokens} onChange={setRevokeTokens} />
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit">{t('staff.password.submit')}</button>
    </form>
  );
}

function TwoFactorSetup() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string }>();
  const [code, setCode] = useState('');
  const [revokeTokens, setRevokeTokens] = useState(false);
  const [error, setError] = useState('');
  const start = () => send<{ secret: string; uri: string }>('POST', '/api/v1/auth/two-factor').then(setEnrolment, (err) => setError(errorText(err)));
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await send('POST', '/api/v1/auth/two-factor/confirm', { code, revoke_tokens: revokeTokens });
      await refreshSession();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <form className="card narrow" onSubmit={(e) => void confirm(e)} aria-labelledby="tfa-heading">
      <h1 id="tfa-heading">{t('staff.twoFactor.heading')}</h1>
      <p>{t('staff.twoFactor.why')}</p>
      {enrolment ? (
        <>
          <p>{t('staff.twoFactor.secret')} <code>{enrolment.secret}</code></p>
          <label>
            {t('staff.twoFactor.code')}
            <input inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
          </label>
          <OtherAccess revokeTokens={revokeTokens} onChange={setRevokeTokens} />
          <button type="submit">{t('staff.twoFactor.confirm')}</button>
        </>
      ) : (
        <button type="button" onClick={() => void start()}>{t('staff.twoFactor.start')}</button>
      )}
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}

/**
 * A new password or a second factor signs out every other session of the account (the server does
 * it); whether the account's API tokens go too is the person's choice.
 */
function OtherAccess({ revokeTokens, onChange }: { revokeTokens: boolean; onChange: (revoke: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <p>{t('staff.otherAccess.othersSignedOut')}</p>
      <label className="choice">
        <input type="checkbox" checked={revokeTokens} onChange={(e) => onChange(e.target.checked)} />
        {t('staff.otherAccess.revokeTokens')}
      </label>
    </>
  );
}
