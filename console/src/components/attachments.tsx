import { useState } from 'preact/hooks';
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetGroupPolicyCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { iam } from '../api/iam.js';
import { policyText } from '../lib/format.js';
import { href } from '../lib/nav.js';
import { useAction, useAws } from '../lib/useAws.js';
import { ConfirmButton } from './forms.js';
import { ErrorNotice, Loading } from './notices.js';
import { Panel } from './page.js';
import { Table } from './table.js';

export type Holder = { kind: 'user'; name: string } | { kind: 'group'; name: string } | { kind: 'role'; name: string };

async function listAttached(h: Holder) {
  const c = iam();
  if (h.kind === 'user') return (await c.send(new ListAttachedUserPoliciesCommand({ UserName: h.name }))).AttachedPolicies ?? [];
  if (h.kind === 'group') return (await c.send(new ListAttachedGroupPoliciesCommand({ GroupName: h.name }))).AttachedPolicies ?? [];
  return (await c.send(new ListAttachedRolePoliciesCommand({ RoleName: h.name }))).AttachedPolicies ?? [];
}

function attach(h: Holder, PolicyArn: string) {
  const c = iam();
  if (h.kind === 'user') return c.send(new AttachUserPolicyCommand({ UserName: h.name, PolicyArn }));
  if (h.kind === 'group') return c.send(new AttachGroupPolicyCommand({ GroupName: h.name, PolicyArn }));
  return c.send(new AttachRolePolicyCommand({ RoleName: h.name, PolicyArn }));
}

function detach(h: Holder, PolicyArn: string) {
  const c = iam();
  if (h.kind === 'user') return c.send(new DetachUserPolicyCommand({ UserName: h.name, PolicyArn }));
  if (h.kind === 'group') return c.send(new DetachGroupPolicyCommand({ GroupName: h.name, PolicyArn }));
  return c.send(new DetachRolePolicyCommand({ RoleName: h.name, PolicyArn }));
}

/** The managed policies attached to a user, group or role; attach one (yours or AWS managed) or detach. */
export function AttachedPolicies(props: { holder: Holder }) {
  const { holder } = props;
  const attached = useAws(() => listAttached(holder), [holder.kind, holder.name]);
  const local = useAws(async () => (await iam().send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 100 }))).Policies ?? [], []);
  const [arn, setArn] = useState('');
  const act = useAction(async (run: () => Promise<unknown>) => {
    await run();
    attached.reload();
  });
  return (
    <Panel title="Permissions policies">
      {act.error !== undefined && <ErrorNotice error={act.error} what="change the attached policies" />}
      {attached.loading && <Loading what="attached policies" />}
      {attached.error !== undefined && <ErrorNotice error={attached.error} what="list attached policies" retry={attached.reload} />}
      {attached.data !== undefined && (
        <Table
          caption="Attached managed policies"
          rows={attached.data}
          rowKey={(p) => p.PolicyArn!}
          empty="No managed policy attached."
          columns={[
            { label: 'Policy', cell: (p) => <a href={href(`/policies/view?arn=${encodeURIComponent(p.PolicyArn!)}`)}>{p.PolicyName}</a> },
            { label: 'ARN', cell: (p) => p.PolicyArn, mono: true },
            {
              label: 'Actions',
              cell: (p) => <ConfirmButton label="Detach" confirm={`Detach ${p.PolicyName}?`} onConfirm={() => act.run(() => detach(holder, p.PolicyArn!))} />,
            },
          ]}
        />
      )}
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(async () => {
            await attach(holder, arn);
            setArn('');
          });
        }}
      >
        <div class="field">
          <label for={`attach-${holder.kind}`}>Attach a policy (ARN)</label>
          <input
            id={`attach-${holder.kind}`}
            list={`attach-${holder.kind}-choices`}
            value={arn}
            onInput={(e) => setArn(e.currentTarget.value)}
            placeholder="arn:aws:iam::aws:policy/ReadOnlyAccess"
            required
          />
          <datalist id={`attach-${holder.kind}-choices`}>
            {(local.data ?? []).map((p) => (
              <option key={p.Arn} value={p.Arn}>
                {p.PolicyName}
              </option>
            ))}
          </datalist>
        </div>
        <button type="submit" disabled={act.busy}>
          Attach policy
        </button>
      </form>
    </Panel>
  );
}

/** The inline policies of a user, group or role, each document shown. */
export function InlinePolicies(props: { holder: Holder }) {
  const { holder } = props;
  const inline = useAws(async () => {
    const c = iam();
    const names =
      holder.kind === 'user'
        ? ((await c.send(new ListUserPoliciesCommand({ UserName: holder.name }))).PolicyNames ?? [])
        : holder.kind === 'group'
          ? ((await c.send(new ListGroupPoliciesCommand({ GroupName: holder.name }))).PolicyNames ?? [])
          : ((await c.send(new ListRolePoliciesCommand({ RoleName: holder.name }))).PolicyNames ?? []);
    return Promise.all(
      names.map(async (PolicyName) => {
        const doc =
          holder.kind === 'user'
            ? (await c.send(new GetUserPolicyCommand({ UserName: holder.name, PolicyName }))).PolicyDocument
            : holder.kind === 'group'
              ? (await c.send(new GetGroupPolicyCommand({ GroupName: holder.name, PolicyName }))).PolicyDocument
              : (await c.send(new GetRolePolicyCommand({ RoleName: holder.name, PolicyName }))).PolicyDocument;
        return { name: PolicyName, document: policyText(doc) };
      }),
    );
  }, [holder.kind, holder.name]);
  return (
    <Panel title="Inline policies">
      {inline.loading && <Loading what="inline policies" />}
      {inline.error !== undefined && <ErrorNotice error={inline.error} what="read inline policies" retry={inline.reload} />}
      {inline.data !== undefined && inline.data.length === 0 && <p class="subtitle">No inline policy.</p>}
      {inline.data?.map((p) => (
        <details key={p.name}>
          <summary>{p.name}</summary>
          <pre>{p.document}</pre>
        </details>
      ))}
    </Panel>
  );
}
