import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { startAuthentication } from '@simplewebauthn/browser';
import { postJson, setCsrf } from '../api/session.js';
import { TextField } from '../components/forms.js';
import { Notice } from '../components/notices.js';
import { href } from '../lib/nav.js';
import { useSession } from '../session.js';

type Kind = 'iam' | 'root';
interface MfaChallenge {
  transaction: string;
  totp: boolean;
  securityKey: unknown;
}

/**
 * Sign-in, as on AWS: an IAM user with the account ID or alias, the user name and the password;
 * or the root user with the account's email address and password. Then, when the user has an MFA
 * device, its code or the security key. Nothing typed here is kept anywhere but this form.
 */
export function SignInPage() {
  const { refresh } = useSession();
  const location = useLocation();
  const [kind, setKind] = useState<Kind>('iam');
  const [account, setAccount] = useState('');
  const [userName, setUserName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [challenge, setChallenge] = useState<MfaChallenge | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const finish = async (answer: { status: number; body: Record<string, unknown> }) => {
    if (answer.status !== 200) {
      setError(String(answer.body['message'] ?? 'Sign-in failed.'));
      return;
    }
    if (answer.body['status'] === 'mfa') {
      setChallenge(answer.body as unknown as MfaChallenge);
      setPassword('');
      return;
    }
    setCsrf(String(answer.body['csrf']));
    await refresh();
    if (location.path === '/console/signin') location.route(href('/'));
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (challenge === undefined) {
        await finish(await postJson('signin', kind === 'root' ? { kind, email, password } : { kind, account, userName, password }));
      } else {
        await finish(await postJson('signin/mfa', { transaction: challenge.transaction, code }));
      }
    } catch {
      setError('Gatehouse did not answer. Check that it is running, then try again.');
    } finally {
      setBusy(false);
    }
  };
  const useKey = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const assertion = await startAuthentication({ optionsJSON: challenge!.securityKey as never });
      await finish(await postJson('signin/mfa', { transaction: challenge!.transaction, assertion }));
    } catch (err) {
      setError(`The security key did not answer: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  document.title = 'Sign in · Gatehouse';
  return (
    <main class="signin" id="main">
      <div class="brand signin-brand">
        <img src="/_gatehouse/console/assets/icon.svg" alt="" width={28} height={28} />
        <span>Gatehouse</span>
      </div>
      <div class="panel">
        <h1>{challenge === undefined ? 'Sign in' : 'Multi-factor authentication'}</h1>
        {error !== undefined && (
          <Notice kind="error">
            <p>{error}</p>
          </Notice>
        )}
        {challenge === undefined ? (
          <form onSubmit={submit}>
            <fieldset>
              <legend>Sign in as</legend>
              <label class="checkbox">
                <input type="radio" name="kind" checked={kind === 'iam'} onChange={() => setKind('iam')} /> IAM user
              </label>
              <label class="checkbox">
                <input type="radio" name="kind" checked={kind === 'root'} onChange={() => setKind('root')} /> Root user
              </label>
            </fieldset>
            {kind === 'iam' ? (
              <>
                <TextField label="Account ID (12 digits) or account alias" value={account} onInput={setAccount} autoComplete="organization" required />
                <TextField label="IAM user name" value={userName} onInput={setUserName} autoComplete="username" required />
              </>
            ) : (
              <TextField label="Root user email address" type="email" value={email} onInput={setEmail} autoComplete="username" required />
            )}
            <TextField label="Password" type="password" value={password} onInput={setPassword} autoComplete="current-password" required />
            <button type="submit" class="primary" disabled={busy}>
              Sign in
            </button>
            {kind === 'root' && (
              <p class="hint">
                The root user's password is set on the server with <code>npx gatehouse root set-password</code>.
              </p>
            )}
          </form>
        ) : (
          <form onSubmit={submit}>
            {challenge.securityKey !== null && challenge.securityKey !== undefined && (
              <p>
                <button type="button" class="primary" onClick={useKey} disabled={busy}>
                  Use your security key or passkey
                </button>
              </p>
            )}
            {challenge.totp && (
              <>
                <TextField
                  label="MFA code"
                  hint="The 6-digit code your authenticator app shows now."
                  value={code}
                  onInput={setCode}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  pattern="[0-9]{6}"
                  maxLength={6}
                  required
                  autoFocus
                />
                <button type="submit" class="primary" disabled={busy}>
                  Submit
                </button>
              </>
            )}
            <p class="hint">
              <button type="button" class="link" onClick={() => setChallenge(undefined)}>
                Start over
              </button>
            </p>
          </form>
        )}
      </div>
    </main>
  );
}
