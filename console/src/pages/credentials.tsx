import { useState } from 'preact/hooks';
import { startRegistration } from '@simplewebauthn/browser';
import { CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, type VirtualMFADevice } from '@aws-sdk/client-iam';
import { iam } from '../api/iam.js';
import { postJson } from '../api/session.js';
import { AccessKeys, MfaList } from '../components/credentials.js';
import { TextField } from '../components/forms.js';
import { ErrorNotice, Notice } from '../components/notices.js';
import { Page, Panel, Props } from '../components/page.js';
import { href } from '../lib/nav.js';
import { useAction } from '../lib/useAws.js';
import { useSession } from '../session.js';

/** Your own credentials: password, MFA devices (authenticator apps, security keys, passkeys) and access keys. */
export function CredentialsPage() {
  const { session } = useSession();
  const p = session!.principal;
  const [refresh, setRefresh] = useState(0);
  const isUser = p.type === 'IAMUser';
  return (
    <Page title="My security credentials" subtitle={p.arn}>
      <Panel title="You">
        <Props
          items={[
            ['Signed in as', p.type === 'Root' ? 'Root user' : p.type],
            ['ARN', <code key="arn">{p.arn}</code>],
            ['Account', session!.accountAlias !== undefined ? `${session!.accountAlias} (${p.accountId})` : p.accountId],
            ['Signed in with MFA', p.mfa ? 'Yes' : 'No'],
            ['Session ends', new Date(session!.expiresAt).toLocaleString()],
          ]}
        />
        {isUser && (
          <p>
            <a href={href('/change-password')}>Change your password</a>
          </p>
        )}
      </Panel>
      {(isUser || p.type === 'Root') && (
        <Panel title="Multi-factor authentication (MFA)">
          <MfaList refresh={refresh} />
          <div class="two-col">
            {isUser && <AssignVirtualDevice userName={p.userName!} onDone={() => setRefresh((r) => r + 1)} />}
            <RegisterSecurityKey onDone={() => setRefresh((r) => r + 1)} />
          </div>
        </Panel>
      )}
      {(isUser || p.type === 'Root') && <AccessKeys />}
    </Page>
  );
}

/** CreateVirtualMFADevice, its QR code, then EnableMFADevice with two consecutive codes. */
function AssignVirtualDevice(props: { userName: string; onDone: () => void }) {
  const [name, setName] = useState(props.userName);
  const [device, setDevice] = useState<VirtualMFADevice | undefined>();
  const [code1, setCode1] = useState('');
  const [code2, setCode2] = useState('');
  const [done, setDone] = useState(false);
  const create = useAction(async () => setDevice((await iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }))).VirtualMFADevice));
  const enable = useAction(async () => {
    await iam().send(
      new EnableMFADeviceCommand({ UserName: props.userName, SerialNumber: device!.SerialNumber!, AuthenticationCode1: code1, AuthenticationCode2: code2 }),
    );
    setDone(true);
    setDevice(undefined);
    props.onDone();
  });
  const qr = device?.QRCodePNG !== undefined ? `data:image/png;base64,${btoa(String.fromCharCode(...device.QRCodePNG))}` : undefined;
  const seed = device?.Base32StringSeed !== undefined ? new TextDecoder().decode(device.Base32StringSeed) : undefined;
  return (
    <section>
      <h3>Authenticator app</h3>
      {done && (
        <Notice kind="ok">
          <p>The device is assigned: the next sign-in asks for its code.</p>
        </Notice>
      )}
      {create.error !== undefined && <ErrorNotice error={create.error} what="create the device" />}
      {enable.error !== undefined && <ErrorNotice error={enable.error} what="enable the device" />}
      {device === undefined ? (
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void create.run();
          }}
        >
          <TextField label="Device name" value={name} onInput={setName} required />
          <button type="submit" disabled={create.busy}>
            Assign authenticator app
          </button>
        </form>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void enable.run();
          }}
        >
          <p>Scan this code with your authenticator app, then type two consecutive codes it shows.</p>
          {qr !== undefined && <img class="qr" src={qr} alt="QR code of the virtual MFA device's secret" />}
          {seed !== undefined && (
            <details>
              <summary>Can't scan? Show the secret key</summary>
              <code class="mono">{seed}</code>
            </details>
          )}
          <TextField label="First code" value={code1} onInput={setCode1} inputMode="numeric" autoComplete="one-time-code" required maxLength={6} />
          <TextField label="Second code" value={code2} onInput={setCode2} inputMode="numeric" autoComplete="one-time-code" required maxLength={6} />
          <button type="submit" class="primary" disabled={enable.busy}>
            Enable device
          </button>
        </form>
      )}
    </section>
  );
}

/**
 * A FIDO2 security key or passkey (WebAuthn). IAM has no API to register one: the console does,
 * and Gatehouse authorizes it as iam:EnableMFADevice for you and records it in the audit trail.
 */
function RegisterSecurityKey(props: { onDone: () => void }) {
  const [name, setName] = useState('security-key');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const register = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setMessage(undefined);
    try {
      const options = await postJson<{ options?: unknown; transaction?: string; message?: string }>('security-keys/options', { deviceName: name });
      if (options.status !== 200) throw new Error(options.body.message ?? 'Gatehouse refused to start the registration.');
      const response = await startRegistration({ optionsJSON: options.body.options as never });
      const saved = await postJson<{ serialNumber?: string; message?: string }>('security-keys', { transaction: options.body.transaction, response });
      if (saved.status !== 200) throw new Error(saved.body.message ?? 'Gatehouse did not accept the key.');
      setMessage({ kind: 'ok', text: `Registered as ${saved.body.serialNumber}. The next sign-in can use it.` });
      props.onDone();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h3>Security key or passkey</h3>
      {message !== undefined && (
        <Notice kind={message.kind}>
          <p>{message.text}</p>
        </Notice>
      )}
      <form class="inline" onSubmit={register}>
        <TextField label="Key name" hint="Up to 64 letters, digits or +=,.@_-" value={name} onInput={setName} required maxLength={64} />
        <button type="submit" disabled={busy}>
          Register security key
        </button>
      </form>
    </section>
  );
}
