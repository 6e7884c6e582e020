import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { DecodeAuthorizationMessageCommand } from '@aws-sdk/client-sts';
import { describeFailure, type AwsFailure } from '../api/aws.js';
import { sts } from '../api/sts.js';
import { href } from '../lib/nav.js';
import { rememberDenial } from '../lib/denials.js';

export function Loading(props: { what?: string }) {
  return (
    <p class="loading" role="status">
      Loading{props.what !== undefined ? ` ${props.what}` : ''}…
    </p>
  );
}

export function Notice(props: { kind?: 'error' | 'warning' | 'ok' | 'info'; title?: string; children?: ComponentChildren }) {
  const kind = props.kind ?? 'info';
  return (
    <div class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {props.title !== undefined && <h2>{props.title}</h2>}
      {props.children}
    </div>
  );
}

/** The action and resource an AccessDenied message names (AWS: "… is not authorized to perform: A on resource: R …"). */
export function deniedRequest(message: string): { action?: string; resource?: string } {
  const action = /perform: ([\w-]+:[\w*]+)/.exec(message)?.[1];
  const resource = /on resource: (\S+?)(?: because|$)/.exec(message)?.[1];
  return { ...(action !== undefined ? { action } : {}), ...(resource !== undefined ? { resource } : {}) };
}

/**
 * A failed AWS call, explained: what Gatehouse said, what it means, and what to do. A denial shows
 * AWS's message (which names the action, the resource and the kind of policy that decided), and
 * offers to decode its authorization message into the statements that decided it.
 */
export function ErrorNotice(props: { error: AwsFailure; what?: string; retry?: () => void }) {
  const { error } = props;
  const [decoded, setDecoded] = useState<{ reason?: string; failure?: AwsFailure; raw?: string } | undefined>();
  if (error.kind === 'not-implemented') return <NotAvailable detail={error.message} />;
  if (error.kind === 'denied') {
    const { action, resource } = deniedRequest(error.message);
    const decode = async () => {
      try {
        const out = await sts().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: error.encodedMessage! }));
        const message = JSON.parse(out.DecodedMessage ?? '{}') as { reason?: string };
        setDecoded({ ...(message.reason !== undefined ? { reason: message.reason } : {}), raw: out.DecodedMessage ?? '' });
      } catch (err) {
        setDecoded({ failure: describeFailure(err) });
      }
    };
    return (
      <Notice kind="error" title={`Access denied${props.what !== undefined ? ` to ${props.what}` : ''}`}>
        <p>
          Gatehouse's policy engine refused this request for you: <q>{error.message}</q>
        </p>
        <p>
          {action !== undefined ? (
            <>
              To see this, you need permission for <code>{action}</code>
              {resource !== undefined && (
                <>
                  {' '}
                  on <code>{resource}</code>
                </>
              )}
              . Ask an administrator to grant it, or sign in as someone who has it.
            </>
          ) : (
            'Ask an administrator for the permission this page needs, or sign in as someone who has it.'
          )}
        </p>
        {error.encodedMessage !== undefined && decoded === undefined && (
          <p>
            <button type="button" onClick={decode}>
              Why was this denied?
            </button>{' '}
            <a
              href={href('/why-denied')}
              onClick={() => {
                rememberDenial(error.encodedMessage!);
              }}
            >
              Open in “Why was this denied?”
            </a>
          </p>
        )}
        {decoded?.reason !== undefined && (
          <p>
            <strong>Why:</strong> {decoded.reason}
          </p>
        )}
        {decoded?.failure !== undefined && (
          <p>
            The reason could not be decoded either: {decoded.failure.message} (decoding needs <code>sts:DecodeAuthorizationMessage</code>).
          </p>
        )}
      </Notice>
    );
  }
  if (error.kind === 'signed-out') {
    return (
      <Notice kind="warning" title="Your session has ended">
        <p>
          Sign in again to go on. <a href={href('/signin')}>Sign in</a>
        </p>
      </Notice>
    );
  }
  return (
    <Notice kind="error" title={error.kind === 'unreachable' ? 'Gatehouse did not answer' : error.kind === 'not-found' ? 'Not found' : `${error.code}`}>
      <p>{error.message}</p>
      {props.retry !== undefined && (
        <p>
          <button type="button" onClick={props.retry}>
            Retry
          </button>
        </p>
      )}
    </Notice>
  );
}

/** A service this Gatehouse does not serve yet (it answers NotImplemented): the page lights up once it does. */
export function NotAvailable(props: { service?: string; detail?: string; children?: ComponentChildren }) {
  return (
    <Notice kind="warning" title={`${props.service ?? 'This service'} is not available in this Gatehouse yet`}>
      <p>
        Gatehouse answered <code>NotImplemented</code>
        {props.detail !== undefined ? <>: {props.detail}</> : '.'} This page calls the service's AWS API and will work as soon as your Gatehouse serves it;
        nothing needs to change here.
      </p>
      {props.children}
    </Notice>
  );
}
