import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { CreateGroupCommand, DeleteGroupCommand, GetGroupCommand, ListGroupsCommand, RemoveUserFromGroupCommand, type Group } from '@aws-sdk/client-iam';
import { iam } from '../api/iam.js';
import { AttachedPolicies, InlinePolicies } from '../components/attachments.js';
import { ConfirmButton, TextField } from '../components/forms.js';
import { IamListView } from '../components/listPage.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { Page, Panel, Props } from '../components/page.js';
import { Table } from '../components/table.js';
import { when } from '../lib/format.js';
import { PAGE_SIZE, useIamList } from '../lib/iamList.js';
import { href } from '../lib/nav.js';
import { useAction, useAws } from '../lib/useAws.js';

export function GroupsPage() {
  const location = useLocation();
  const [name, setName] = useState('');
  const [path, setPath] = useState('/');
  const list = useIamList<Group>(async (Marker, PathPrefix) => {
    const out = await iam().send(new ListGroupsCommand({ MaxItems: PAGE_SIZE, ...(Marker ? { Marker } : {}), ...(PathPrefix ? { PathPrefix } : {}) }));
    return { items: out.Groups ?? [], marker: out.IsTruncated ? out.Marker : undefined };
  });
  const create = useAction(async () => iam().send(new CreateGroupCommand({ GroupName: name, ...(path !== '/' && path !== '' ? { Path: path } : {}) })));
  return (
    <Page title="Groups" subtitle="Give permissions to groups, and put users in them.">
      <Panel title="Create group">
        {create.error !== undefined && <ErrorNotice error={create.error} what="create the group" />}
        <form
          class="inline"
          onSubmit={async (e) => {
            e.preventDefault();
            if ((await create.run()) !== undefined) location.route(href(`/groups/${encodeURIComponent(name)}`));
          }}
        >
          <TextField label="Group name" value={name} onInput={setName} required maxLength={128} />
          <TextField label="Path" value={path} onInput={setPath} />
          <button type="submit" class="primary" disabled={create.busy}>
            Create group
          </button>
        </form>
      </Panel>
      <IamListView
        list={list}
        what="groups"
        rowKey={(g) => g.GroupId!}
        empty="No groups yet."
        columns={[
          { label: 'Group name', cell: (g) => <a href={href(`/groups/${encodeURIComponent(g.GroupName!)}`)}>{g.GroupName}</a> },
          { label: 'Path', cell: (g) => g.Path, mono: true },
          { label: 'Created', cell: (g) => when(g.CreateDate) },
        ]}
      />
    </Page>
  );
}

export function GroupPage() {
  const { params } = useRoute();
  const location = useLocation();
  const name = decodeURIComponent(params['name']!);
  const group = useAws(() => iam().send(new GetGroupCommand({ GroupName: name })), [name]);
  const act = useAction(async (run: () => Promise<unknown>) => {
    await run();
    group.reload();
  });
  const remove = useAction(async () => iam().send(new DeleteGroupCommand({ GroupName: name })));
  return (
    <Page
      title={name}
      subtitle="IAM group"
      crumbs={[['Groups', href('/groups')]]}
      actions={
        <ConfirmButton
          label="Delete group"
          confirm={`Delete ${name}?`}
          onConfirm={async () => {
            if ((await remove.run()) !== undefined) location.route(href('/groups'));
          }}
        />
      }
    >
      {remove.error !== undefined && <ErrorNotice error={remove.error} what="delete the group" />}
      {act.error !== undefined && <ErrorNotice error={act.error} what="change the members" />}
      {group.loading && <Loading what="the group" />}
      {group.error !== undefined && <ErrorNotice error={group.error} what="read this group" retry={group.reload} />}
      {group.data !== undefined && (
        <>
          <Panel title="Summary">
            <Props
              items={[
                ['ARN', <code key="arn">{group.data.Group?.Arn}</code>],
                ['Created', when(group.data.Group?.CreateDate)],
              ]}
            />
          </Panel>
          <Panel title="Members">
            <Table
              caption="Members"
              rows={group.data.Users ?? []}
              rowKey={(u) => u.UserId!}
              empty="No members. Add users from their page."
              columns={[
                { label: 'User', cell: (u) => <a href={href(`/users/${encodeURIComponent(u.UserName!)}`)}>{u.UserName}</a> },
                {
                  label: 'Actions',
                  cell: (u) => (
                    <ConfirmButton
                      label="Remove"
                      confirm={`Remove ${u.UserName}?`}
                      onConfirm={() => act.run(() => iam().send(new RemoveUserFromGroupCommand({ GroupName: name, UserName: u.UserName! })))}
                    />
                  ),
                },
              ]}
            />
          </Panel>
        </>
      )}
      <AttachedPolicies holder={{ kind: 'group', name }} />
      <InlinePolicies holder={{ kind: 'group', name }} />
    </Page>
  );
}
