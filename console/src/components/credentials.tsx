import { useState } from 'preact/hooks';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  UpdateAccessKeyCommand,
  UpdateLoginProfileCommand,
  type AccessKey,
} from '@aws-sdk/client-iam';
import { describeFailure } from '../api/aws.js';
import { iam } from '../api/iam.js';
import { when } from '../lib/format.js';
import { useAction, useAws } from '../lib/useAws.js';
import { ConfirmButton, CopyButton, TextField } from './forms.js';
import { ErrorNotice, Loading, Notice } from './notices.js';
import { Panel } from './page.js';
import { Table } from './table.js';

const user = (userName: string | undefined) => (userName !== undefined ? { UserName: userName } : {});

/**
 * A user's access keys (yours without a user name). A new key's secret is shown here once, with a
 * copy button, and never again: it is held only by this component until you leave the page.
 */
export function AccessKeys(props: { userName?: string }) {
  const keys = useAws(async () => (await iam().send(new ListAccessKeysCommand(user(props.userName)))).AccessKeyMetadata ?? [], [props.userName]);
  const [created, setCreated] = useState<AccessKey | undefined>();
  const act = useAction(async (run: () => Promise<unknown>) => {
    await run();
    keys.reload();
  });
  return (
    <Panel
      title="Access keys"
      actions={
        <button
          type="button"
          onClick={() =>
            act.run(async () => {
              const out = await iam().send(new CreateAccessKeyCommand(user(props.userName)));
              setCreated(out.AccessKey);
            })
          }
          disabled={act.busy}
        >
          Create access key
        </button>
      }
    >
      {created !== undefined && (
        <Notice kind="ok" title="Access key created: copy its secret now">
          <p>This is the only time the secret access key is shown. Store it somewhere safe; if you lose it, create a new key.</p>
          <p class="secret">
            <span>Access key ID</span> <code>{created.AccessKeyId}</code> <CopyButton text={created.AccessKeyId!} label="Copy ID" />
          </p>
          <p class="secret">
            <span>Secret access key</span> <code>{created.SecretAccessKey}</code> <CopyButton text={created.SecretAccessKey!} label="Copy secret" />
          </p>
          <p>
            <button type="button" onClick={() => setCreated(undefined)}>
              I have stored it: hide the secret
            </button>
          </p>
        </Notice>
      )}
      {act.error !== undefined && <ErrorNotice error={act.error} />}
      {keys.loading && <Loading what="access keys" />}
      {keys.error !== undefined && <ErrorNotice error={keys.error} what="list access keys" retry={keys.reload} />}
      {keys.data !== undefined && (
        <Table
          caption="Access keys"
          rows={keys.data}
          rowKey={(k) => k.AccessKeyId!}
          empty="No access keys. Prefer roles and temporary credentials; create a key only when something needs one."
          columns={[
            { label: 'Access key ID', cell: (k) => k.AccessKeyId, mono: true },
            { label: 'Status', cell: (k) => <span class={`badge ${k.Status === 'Active' ? 'ok' : ''}`}>{k.Status}</span> },
            { label: 'Created', cell: (k) => when(k.CreateDate) },
            {
              label: 'Actions',
              cell: (k) => (
                <span class="inline">
                  <button
                    type="button"
                    onClick={() =>
                      act.run(() =>
                        iam().send(
                          new UpdateAccessKeyCommand({
                            ...user(props.userName),
                            AccessKeyId: k.AccessKeyId!,
                            Status: k.Status === 'Active' ? 'Inactive' : 'Active',
                          }),
                        ),
                      )
                    }
                  >
                    {k.Status === 'Active' ? 'Deactivate' : 'Activate'}
                  </button>
                  <ConfirmButton
                    label="Delete"
                    confirm={`Delete ${k.AccessKeyId}?`}
                    onConfirm={() => act.run(() => iam().send(new DeleteAccessKeyCommand({ ...user(props.userName), AccessKeyId: k.AccessKeyId! })))}
                  />
                </span>
              ),
            },
          ]}
        />
      )}
    </Panel>
  );
}

/** A user's MFA devices as ListMFADevices shows them: virtual devices and security keys (their serial number a `u2f` ARN). */
export function MfaList(props: { userName?: string; refresh?: number }) {
  const devices = useAws(async () => (await iam().send(new ListMFADevicesCommand(user(props.userName)))).MFADevices ?? [], [props.userName, props.refresh]);
  const act = useAction(async (serial: string) => {
    await iam().send(new DeactivateMFADeviceCommand({ ...user(props.userName), SerialNumber: serial }));
    devices.reload();
  });
  return (
    <>
      {act.error !== undefined && <ErrorNotice error={act.error} what="deactivate the device" />}
      {devices.loading && <Loading what="MFA devices" />}
      {devices.error !== undefined && <ErrorNotice error={devices.error} what="list MFA devices" retry={devices.reload} />}
      {devices.data !== undefined && (
        <Table
          caption="MFA devices"
          rows={devices.data}
          rowKey={(d) => d.SerialNumber!}
          empty="No MFA device. Assign one: a password alone is one stolen secret away from someone else."
          columns={[
            { label: 'Type', cell: (d) => (d.SerialNumber!.includes(':u2f/') ? 'Security key or passkey' : 'Virtual (authenticator app)') },
            { label: 'Serial number', cell: (d) => d.SerialNumber, mono: true },
            { label: 'Enabled', cell: (d) => when(d.EnableDate) },
            {
              label: 'Actions',
              cell: (d) => <ConfirmButton label="Remove" confirm="Remove this MFA device?" onConfirm={() => act.run(d.SerialNumber!)} />,
            },
          ]}
        />
      )}
    </>
  );
}

/** A user's console password: create, require a reset, or remove (IAM's login profile). */
export function LoginProfile(props: { userName: string }) {
  const profile = useAws(async () => {
    try {
      return (await iam().send(new GetLoginProfileCommand({ UserName: props.userName }))).LoginProfile ?? null;
    } catch (err) {
      if (describeFailure(err).kind === 'not-found') return null;
      throw err;
    }
  }, [props.userName]);
  const [password, setPassword] = useState('');
  const [reset, setReset] = useState(true);
  const act = useAction(async (run: () => Promise<unknown>) => {
    await run();
    setPassword('');
    profile.reload();
  });
  return (
    <Panel title="Console password">
      {act.error !== undefined && <ErrorNotice error={act.error} what="change the console password" />}
      {profile.loading && <Loading what="the login profile" />}
      {profile.error !== undefined && <ErrorNotice error={profile.error} what="read the console password" retry={profile.reload} />}
      {profile.data !== undefined && (
        <>
          <p>
            {profile.data === null
              ? 'This user has no console password and cannot sign in to the console.'
              : `Console access since ${when(profile.data.CreateDate)}${profile.data.PasswordResetRequired ? '; a new password is required at next sign-in' : ''}.`}
          </p>
          <form
            class="inline"
            onSubmit={(e) => {
              e.preventDefault();
              void act.run(() =>
                profile.data === null
                  ? iam().send(new CreateLoginProfileCommand({ UserName: props.userName, Password: password, PasswordResetRequired: reset }))
                  : iam().send(new UpdateLoginProfileCommand({ UserName: props.userName, Password: password, PasswordResetRequired: reset })),
              );
            }}
          >
            <TextField
              label={profile.data === null ? 'New console password' : 'Set a new password'}
              type="password"
              value={password}
              onInput={setPassword}
              autoComplete="new-password"
              required
            />
            <label class="checkbox">
              <input type="checkbox" checked={reset} onChange={(e) => setReset(e.currentTarget.checked)} /> Require a new password at next sign-in
            </label>
            <button type="submit" disabled={act.busy}>
              {profile.data === null ? 'Enable console access' : 'Set password'}
            </button>
            {profile.data !== null && (
              <ConfirmButton
                label="Remove console access"
                confirm="Remove this user's console password?"
                onConfirm={() => act.run(() => iam().send(new DeleteLoginProfileCommand({ UserName: props.userName })))}
              />
            )}
          </form>
        </>
      )}
    </Panel>
  );
}
