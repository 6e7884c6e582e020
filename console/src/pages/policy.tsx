import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import {
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
  SetDefaultPolicyVersionCommand,
} from '@aws-sdk/client-iam';
import { iam } from '../api/iam.js';
import { ConfirmButton } from '../components/forms.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { Page, Panel, Props } from '../components/page.js';
import { PolicySummary } from '../components/policySummary.js';
import { Table } from '../components/table.js';
import { diffLines } from '../lib/diff.js';
import { policyText, when } from '../lib/format.js';
import { href } from '../lib/nav.js';
import { useAction, useAws } from '../lib/useAws.js';

/** A managed policy: its summary, its default version in words and JSON, its versions, a diff between two, and who it is attached to. */
export function PolicyPage() {
  const location = useLocation();
  const arn = location.query['arn'] ?? '';
  const policy = useAws(async () => (await iam().send(new GetPolicyCommand({ PolicyArn: arn }))).Policy, [arn]);
  const versions = useAws(async () => (await iam().send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions ?? [], [arn]);
  const entities = useAws(() => iam().send(new ListEntitiesForPolicyCommand({ PolicyArn: arn })), [arn]);
  const defaultId = policy.data?.DefaultVersionId;
  const [left, setLeft] = useState<string | undefined>();
  const [right, setRight] = useState<string | undefined>();
  useEffect(() => {
    const ids = (versions.data ?? []).map((v) => v.VersionId!);
    if (ids.length > 0) {
      setRight(defaultId ?? ids[0]);
      setLeft(ids.find((id) => id !== (defaultId ?? ids[0])) ?? ids[0]);
    }
  }, [versions.data, defaultId]);
  const documents = useAws(async () => {
    const read = async (VersionId: string | undefined) =>
      VersionId === undefined ? '' : policyText((await iam().send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId }))).PolicyVersion?.Document);
    return { left: await read(left), right: await read(right), current: await read(defaultId) };
  }, [arn, left, right, defaultId]);
  const act = useAction(async (run: () => Promise<unknown>) => {
    await run();
    versions.reload();
    policy.reload();
  });
  const remove = useAction(async () => iam().send(new DeletePolicyCommand({ PolicyArn: arn })));
  const awsManaged = arn.startsWith('arn:aws:iam::aws:');
  const p = policy.data;
  return (
    <Page
      title={p?.PolicyName ?? 'Policy'}
      subtitle={awsManaged ? 'AWS managed policy' : 'Customer managed policy'}
      crumbs={[['Policies', href('/policies')]]}
      actions={
        !awsManaged && (
          <>
            <a class="button primary" href={href(`/policies/edit?arn=${encodeURIComponent(arn)}`)}>
              Edit (new version)
            </a>
            <ConfirmButton
              label="Delete policy"
              confirm="Delete this policy? IAM refuses while it is attached or has other versions."
              onConfirm={async () => {
                if ((await remove.run()) !== undefined) location.route(href('/policies'));
              }}
            />
          </>
        )
      }
    >
      {remove.error !== undefined && <ErrorNotice error={remove.error} what="delete the policy" />}
      {act.error !== undefined && <ErrorNotice error={act.error} what="change the versions" />}
      {policy.loading && <Loading what="the policy" />}
      {policy.error !== undefined && <ErrorNotice error={policy.error} what="read this policy" retry={policy.reload} />}
      {p !== undefined && (
        <Panel title="Summary">
          <Props
            items={[
              ['ARN', <code key="arn">{p.Arn}</code>],
              ['Description', p.Description ?? '—'],
              ['Default version', p.DefaultVersionId],
              ['Attachments', String(p.AttachmentCount ?? 0)],
              ['Created', when(p.CreateDate)],
              ['Updated', when(p.UpdateDate)],
            ]}
          />
        </Panel>
      )}
      {documents.data !== undefined && documents.data.current !== '' && (
        <Panel title={`What version ${defaultId} allows and denies`}>
          <PolicySummary text={documents.data.current} />
          <details>
            <summary>JSON</summary>
            <pre>{documents.data.current}</pre>
          </details>
        </Panel>
      )}
      <Panel title="Versions">
        {versions.error !== undefined && <ErrorNotice error={versions.error} what="list versions" retry={versions.reload} />}
        {versions.data !== undefined && (
          <Table
            caption="Policy versions"
            rows={versions.data}
            rowKey={(v) => v.VersionId!}
            empty="No versions."
            columns={[
              { label: 'Version', cell: (v) => `${v.VersionId}${v.IsDefaultVersion ? ' (default)' : ''}` },
              { label: 'Created', cell: (v) => when(v.CreateDate) },
              {
                label: 'Actions',
                cell: (v) =>
                  !v.IsDefaultVersion &&
                  !awsManaged && (
                    <span class="inline">
                      <button
                        type="button"
                        onClick={() => act.run(() => iam().send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId! })))}
                      >
                        Make default
                      </button>
                      <ConfirmButton
                        label="Delete"
                        confirm={`Delete ${v.VersionId}?`}
                        onConfirm={() => act.run(() => iam().send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId! })))}
                      />
                    </span>
                  ),
              },
            ]}
          />
        )}
        {(versions.data?.length ?? 0) > 1 && (
          <>
            <h3>Compare two versions</h3>
            <div class="toolbar">
              <div class="field">
                <label for="diff-left">From</label>
                <select id="diff-left" value={left} onChange={(e) => setLeft(e.currentTarget.value)}>
                  {versions.data!.map((v) => (
                    <option key={v.VersionId} value={v.VersionId}>
                      {v.VersionId}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for="diff-right">To</label>
                <select id="diff-right" value={right} onChange={(e) => setRight(e.currentTarget.value)}>
                  {versions.data!.map((v) => (
                    <option key={v.VersionId} value={v.VersionId}>
                      {v.VersionId}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            {documents.data !== undefined && (
              <section class="diff" aria-label={`Changes from ${left} to ${right}`}>
                {diffLines(documents.data.left, documents.data.right).map((line, i) => (
                  <div key={i} class={line.kind}>
                    {line.kind === 'add' && <span class="visually-hidden">added: </span>}
                    {line.kind === 'del' && <span class="visually-hidden">removed: </span>}
                    {line.text}
                  </div>
                ))}
              </section>
            )}
          </>
        )}
      </Panel>
      <Panel title="Attached to">
        {entities.error !== undefined && <ErrorNotice error={entities.error} what="list where it is attached" retry={entities.reload} />}
        {entities.data !== undefined && (
          <ul>
            {(entities.data.PolicyUsers ?? []).map((u) => (
              <li key={u.UserId}>
                User <a href={href(`/users/${encodeURIComponent(u.UserName!)}`)}>{u.UserName}</a>
              </li>
            ))}
            {(entities.data.PolicyGroups ?? []).map((g) => (
              <li key={g.GroupId}>
                Group <a href={href(`/groups/${encodeURIComponent(g.GroupName!)}`)}>{g.GroupName}</a>
              </li>
            ))}
            {(entities.data.PolicyRoles ?? []).map((r) => (
              <li key={r.RoleId}>
                Role <a href={href(`/roles/${encodeURIComponent(r.RoleName!)}`)}>{r.RoleName}</a>
              </li>
            ))}
            {(entities.data.PolicyUsers ?? []).length + (entities.data.PolicyGroups ?? []).length + (entities.data.PolicyRoles ?? []).length === 0 && (
              <li>Nothing.</li>
            )}
          </ul>
        )}
      </Panel>
    </Page>
  );
}
