import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { AddUserToGroupCommand, DeleteUserCommand, GetUserCommand, ListGroupsForUserCommand, RemoveUserFromGroupCommand } from '@aws-sdk/client-iam';
import { iam } from '../api/iam.js';
import { AttachedPolicies, InlinePolicies } from '../components/attachments.js';
import { AccessKeys, LoginProfile, MfaList } from '../components/credentials.js';
import { ConfirmButton, TextField } from '../components/forms.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { Page, Panel, Props } from '../components/page.js';
import { Table } from '../components/table.js';
import { when } from '../lib/format.js';
import { href } from '../lib/nav.js';
import { useAction, useAws } from '../lib/useAws.js';

export function UserPage() {
  const { params } = useRoute();
  const location = useLocation();
  const name = decodeURIComponent(params['name']!);
  const user = useAws(async () => (await iam().send(new GetUserCommand({ UserName: name }))).User, [name]);
  const remove = useAction(async () => iam().send(new DeleteUserCommand({ UserName: name })));
  const u = user.data;
  return (
    <Page
      title={name}
      subtitle="IAM user"
      crumbs={[['Users', href('/users')]]}
      actions={
        <ConfirmButton
          label="Delete user"
          confirm={`Delete ${name}? IAM refuses while it still has keys, a password, MFA devices, policies or groups.`}
          onConfirm={async () => {
            if ((await remove.run()) !== undefined) location.route(href('/users'));
          }}
        />
      }
    >
      {remove.error !== undefined && <ErrorNotice error={remove.error} what="delete the user" />}
      {user.loading && <Loading what="the user" />}
      {user.error !== undefined && <ErrorNotice error={user.error} what="read this user" retry={user.reload} />}
      {u !== undefined && (
        <Panel title="Summary">
          <Props
            items={[
              ['ARN', <code key="arn">{u.Arn}</code>],
              ['Unique ID', <code key="id">{u.UserId}</code>],
              ['Path', u.Path],
              ['Created', when(u.CreateDate)],
              ['Password last used', u.PasswordLastUsed ? when(u.PasswordLastUsed) : 'Never'],
              ['Permissions boundary', u.PermissionsBoundary?.PermissionsBoundaryArn ?? 'None'],
              ['Tags', (u.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).join(', ') || 'None'],
            ]}
          />
        </Panel>
      )}
      <AttachedPolicies holder={{ kind: 'user', name }} />
      <InlinePolicies holder={{ kind: 'user', name }} />
      <UserGroups userName={name} />
      <LoginProfile userName={name} />
      <AccessKeys userName={name} />
      <Panel title="MFA devices">
        <MfaList userName={name} />
        <p class="hint">Users assign their own devices under “My security credentials”.</p>
      </Panel>
    </Page>
  );
}

function UserGroups(props: { userName: string }) {
  const groups = useAws(async () => (await iam().send(new ListGroupsForUserCommand({ UserName: props.userName }))).Groups ?? [], [props.userName]);
  const [group, setGroup] = useState('');
  const act = useAction(async (run: () => Promise<unknown>) => {
    await run();
    groups.reload();
  });
  return (
    <Panel title="Groups">
      {act.error !== undefined && <ErrorNotice error={act.error} what="change group membership" />}
      {groups.loading && <Loading what="groups" />}
      {groups.error !== undefined && <ErrorNotice error={groups.error} what="list this user's groups" retry={groups.reload} />}
      {groups.data !== undefined && (
        <Table
          caption="Groups of this user"
          rows={groups.data}
          rowKey={(g) => g.GroupId!}
          empty="Not in any group."
          columns={[
            { label: 'Group', cell: (g) => <a href={href(`/groups/${encodeURIComponent(g.GroupName!)}`)}>{g.GroupName}</a> },
            {
              label: 'Actions',
              cell: (g) => (
                <ConfirmButton
                  label="Remove"
                  confirm={`Remove from ${g.GroupName}?`}
                  onConfirm={() => act.run(() => iam().send(new RemoveUserFromGroupCommand({ UserName: props.userName, GroupName: g.GroupName! })))}
                />
              ),
            },
          ]}
        />
      )}
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(async () => {
            await iam().send(new AddUserToGroupCommand({ UserName: props.userName, GroupName: group }));
            setGroup('');
          });
        }}
      >
        <TextField label="Add to group" value={group} onInput={setGroup} required />
        <button type="submit" disabled={act.busy}>
          Add
        </button>
      </form>
    </Panel>
  );
}
