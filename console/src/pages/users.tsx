import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { AddUserToGroupCommand, CreateLoginProfileCommand, CreateUserCommand, ListUsersCommand, type User } from '@aws-sdk/client-iam';
import { iam } from '../api/iam.js';
import { TextField } from '../components/forms.js';
import { IamListView } from '../components/listPage.js';
import { ErrorNotice } from '../components/notices.js';
import { Page, Panel } from '../components/page.js';
import { when } from '../lib/format.js';
import { PAGE_SIZE, useIamList } from '../lib/iamList.js';
import { href } from '../lib/nav.js';
import { useAction } from '../lib/useAws.js';

export function UsersPage() {
  const [creating, setCreating] = useState(false);
  const list = useIamList<User>(async (Marker, PathPrefix) => {
    const out = await iam().send(new ListUsersCommand({ MaxItems: PAGE_SIZE, ...(Marker ? { Marker } : {}), ...(PathPrefix ? { PathPrefix } : {}) }));
    return { items: out.Users ?? [], marker: out.IsTruncated ? out.Marker : undefined };
  });
  return (
    <Page
      title="Users"
      subtitle="IAM users: people and workloads with long-term credentials."
      actions={
        <button type="button" class="primary" onClick={() => setCreating(!creating)} aria-expanded={creating}>
          Create user
        </button>
      }
    >
      {creating && <CreateUser onCreated={list.reload} />}
      <IamListView
        list={list}
        what="users"
        rowKey={(u) => u.UserId!}
        empty="No users yet. Create one for each person instead of sharing the root user."
        columns={[
          { label: 'User name', cell: (u) => <a href={href(`/users/${encodeURIComponent(u.UserName!)}`)}>{u.UserName}</a> },
          { label: 'Path', cell: (u) => u.Path, mono: true },
          { label: 'Created', cell: (u) => when(u.CreateDate) },
          { label: 'Password last used', cell: (u) => (u.PasswordLastUsed ? when(u.PasswordLastUsed) : 'Never') },
        ]}
      />
    </Page>
  );
}

/** CreateUser, and optionally its console password and a group, each an IAM call as you. */
function CreateUser(props: { onCreated: () => void }) {
  const location = useLocation();
  const [name, setName] = useState('');
  const [path, setPath] = useState('/');
  const [password, setPassword] = useState('');
  const [reset, setReset] = useState(true);
  const [group, setGroup] = useState('');
  const create = useAction(async () => {
    await iam().send(new CreateUserCommand({ UserName: name, ...(path !== '/' && path !== '' ? { Path: path } : {}) }));
    if (password !== '') await iam().send(new CreateLoginProfileCommand({ UserName: name, Password: password, PasswordResetRequired: reset }));
    if (group !== '') await iam().send(new AddUserToGroupCommand({ UserName: name, GroupName: group }));
    return name;
  });
  return (
    <Panel title="Create user">
      {create.error !== undefined && <ErrorNotice error={create.error} what="create the user" />}
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const created = await create.run();
          if (created !== undefined) {
            props.onCreated();
            location.route(href(`/users/${encodeURIComponent(created)}`));
          }
        }}
      >
        <TextField label="User name" hint="Up to 64 letters, digits and +=,.@_-" value={name} onInput={setName} required maxLength={64} />
        <TextField label="Path" hint="Optional, e.g. /engineering/. Begins and ends with /." value={path} onInput={setPath} />
        <TextField
          label="Console password (optional)"
          type="password"
          hint="Leave empty for a user without console access. The account password policy applies."
          value={password}
          onInput={setPassword}
          autoComplete="new-password"
        />
        <label class="checkbox">
          <input type="checkbox" checked={reset} onChange={(e) => setReset(e.currentTarget.checked)} /> The user must set a new password at first sign-in
        </label>
        <TextField label="Add to group (optional)" value={group} onInput={setGroup} />
        <button type="submit" class="primary" disabled={create.busy}>
          Create user
        </button>
      </form>
    </Panel>
  );
}
