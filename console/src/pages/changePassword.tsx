import { useState } from 'preact/hooks';
import { ChangePasswordCommand, GetAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { iam } from '../api/iam.js';
import { postJson } from '../api/session.js';
import { TextField } from '../components/forms.js';
import { ErrorNotice, Notice } from '../components/notices.js';
import { Page } from '../components/page.js';
import { useAction, useAws } from '../lib/useAws.js';
import { useSession } from '../session.js';

/**
 * Changing one's own password: IAM ChangePassword, called as the signed-in user, so the engine
 * and the password policy decide. AWS: a user whose password expired or was marked for reset must
 * do this right after signing in, before anything else.
 */
export function ChangePasswordPage(props: { forced?: boolean }) {
  const { session, refresh } = useSession();
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const policy = useAws(async () => (await iam().send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, []);
  const change = useAction(async () => iam().send(new ChangePasswordCommand({ OldPassword: oldPassword, NewPassword: newPassword })));
  const mismatch = again !== '' && again !== newPassword ? 'The two new passwords differ.' : undefined;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (mismatch !== undefined) return;
    if ((await change.run()) === undefined) return;
    if (props.forced === true) {
      await postJson('session/password-changed', {});
      await refresh();
    }
    setDone(true);
  };
  const rules = policy.data;
  const body = (
    <>
      {props.forced === true && (
        <Notice kind="warning" title="Set a new password to go on">
          <p>Your password has expired or an administrator asked you to change it. Choose a new one; then the console opens.</p>
        </Notice>
      )}
      {done && (
        <Notice kind="ok" title="Password changed">
          <p>Use the new password the next time you sign in.</p>
        </Notice>
      )}
      {change.error !== undefined && <ErrorNotice error={change.error} what="change your password" />}
      <form class="panel" onSubmit={submit}>
        <TextField label="Current password" type="password" value={oldPassword} onInput={setOld} autoComplete="current-password" required />
        <TextField
          label="New password"
          type="password"
          value={newPassword}
          onInput={setNew}
          autoComplete="new-password"
          required
          hint={
            rules !== undefined
              ? `At least ${rules.MinimumPasswordLength ?? 8} characters${rules.RequireUppercaseCharacters ? ', an upper-case letter' : ''}${rules.RequireLowercaseCharacters ? ', a lower-case letter' : ''}${rules.RequireNumbers ? ', a digit' : ''}${rules.RequireSymbols ? ', a symbol' : ''}${rules.PasswordReusePrevention ? `; not one of your last ${rules.PasswordReusePrevention}` : ''}.`
              : 'The account password policy applies.'
          }
        />
        <TextField label="New password again" type="password" value={again} onInput={setAgain} autoComplete="new-password" required error={mismatch} />
        <button type="submit" class="primary" disabled={change.busy}>
          Change password
        </button>
      </form>
    </>
  );
  if (props.forced === true) {
    return (
      <main class="signin" id="main">
        <h1>Change your password</h1>
        <p class="subtitle">Signed in as {session?.principal.arn}</p>
        {body}
      </main>
    );
  }
  return (
    <Page title="Change your password" subtitle={`Signed in as ${session?.principal.arn ?? ''}`}>
      {body}
    </Page>
  );
}
