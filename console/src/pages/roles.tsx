import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { CreateRoleCommand, DeleteRoleCommand, GetRoleCommand, ListRolesCommand, type Role } from '@aws-sdk/client-iam';
import { iam } from '../api/iam.js';
import { AttachedPolicies, InlinePolicies } from '../components/attachments.js';
import { ConfirmButton, Field, TextField } from '../components/forms.js';
import { IamListView } from '../components/listPage.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { Page, Panel, Props } from '../components/page.js';
import { PolicySummary } from '../components/policySummary.js';
import { policyText, when } from '../lib/format.js';
import { PAGE_SIZE, useIamList } from '../lib/iamList.js';
import { href } from '../lib/nav.js';
import { useAction, useAws } from '../lib/useAws.js';
import { useSession } from '../session.js';

export function RolesPage() {
  const [creating, setCreating] = useState(false);
  const list = useIamList<Role>(async (Marker, PathPrefix) => {
    const out = await iam().send(new ListRolesCommand({ MaxItems: PAGE_SIZE, ...(Marker ? { Marker } : {}), ...(PathPrefix ? { PathPrefix } : {}) }));
    return { items: out.Roles ?? [], marker: out.IsTruncated ? out.Marker : undefined };
  });
  return (
    <Page
      title="Roles"
      subtitle="Identities that people, services and other accounts assume for temporary credentials."
      actions={
        <button type="button" class="primary" onClick={() => setCreating(!creating)} aria-expanded={creating}>
          Create role
        </button>
      }
    >
      {creating && <CreateRole />}
      <IamListView
        list={list}
        what="roles"
        rowKey={(r) => r.RoleId!}
        empty="No roles yet."
        columns={[
          { label: 'Role name', cell: (r) => <a href={href(`/roles/${encodeURIComponent(r.RoleName!)}`)}>{r.RoleName}</a> },
          { label: 'Path', cell: (r) => r.Path, mono: true },
          { label: 'Created', cell: (r) => when(r.CreateDate) },
          { label: 'Description', cell: (r) => r.Description ?? '' },
        ]}
      />
    </Page>
  );
}

function CreateRole() {
  const { session } = useSession();
  const location = useLocation();
  const [name, setName] = useState('');
  const [trust, setTrust] = useState(
    JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${session?.principal.accountId ?? ''}:root` }, Action: 'sts:AssumeRole' }],
      },
      null,
      2,
    ),
  );
  const create = useAction(async () => iam().send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust })));
  return (
    <Panel title="Create role">
      {create.error !== undefined && <ErrorNotice error={create.error} what="create the role" />}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if ((await create.run()) !== undefined) location.route(href(`/roles/${encodeURIComponent(name)}`));
        }}
      >
        <TextField label="Role name" value={name} onInput={setName} required maxLength={64} />
        <Field label="Trust policy" hint="Who may assume the role.">
          {({ id, describedBy }) => (
            <textarea id={id} class="code" rows={10} aria-describedby={describedBy} value={trust} onInput={(e) => setTrust(e.currentTarget.value)} />
          )}
        </Field>
        <button type="submit" class="primary" disabled={create.busy}>
          Create role
        </button>
      </form>
    </Panel>
  );
}

export function RolePage() {
  const { params } = useRoute();
  const location = useLocation();
  const name = decodeURIComponent(params['name']!);
  const role = useAws(async () => (await iam().send(new GetRoleCommand({ RoleName: name }))).Role, [name]);
  const remove = useAction(async () => iam().send(new DeleteRoleCommand({ RoleName: name })));
  const r = role.data;
  const trust = policyText(r?.AssumeRolePolicyDocument);
  return (
    <Page
      title={name}
      subtitle="IAM role"
      crumbs={[['Roles', href('/roles')]]}
      actions={
        <ConfirmButton
          label="Delete role"
          confirm={`Delete ${name}?`}
          onConfirm={async () => {
            if ((await remove.run()) !== undefined) location.route(href('/roles'));
          }}
        />
      }
    >
      {remove.error !== undefined && <ErrorNotice error={remove.error} what="delete the role" />}
      {role.loading && <Loading what="the role" />}
      {role.error !== undefined && <ErrorNotice error={role.error} what="read this role" retry={role.reload} />}
      {r !== undefined && (
        <>
          <Panel title="Summary">
            <Props
              items={[
                ['ARN', <code key="arn">{r.Arn}</code>],
                ['Unique ID', <code key="id">{r.RoleId}</code>],
                ['Created', when(r.CreateDate)],
                ['Maximum session', `${(r.MaxSessionDuration ?? 3600) / 3600} h`],
                ['Last used', r.RoleLastUsed?.LastUsedDate ? when(r.RoleLastUsed.LastUsedDate) : 'Not in the tracking period'],
                ['Permissions boundary', r.PermissionsBoundary?.PermissionsBoundaryArn ?? 'None'],
              ]}
            />
          </Panel>
          <Panel title="Trust policy">
            <PolicySummary text={trust} />
            <details>
              <summary>JSON</summary>
              <pre>{trust}</pre>
            </details>
          </Panel>
        </>
      )}
      <AttachedPolicies holder={{ kind: 'role', name }} />
      <InlinePolicies holder={{ kind: 'role', name }} />
    </Page>
  );
}
