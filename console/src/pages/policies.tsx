import { useLocation } from 'preact-iso';
import { ListPoliciesCommand, type Policy } from '@aws-sdk/client-iam';
import { iam } from '../api/iam.js';
import { IamListView } from '../components/listPage.js';
import { Page } from '../components/page.js';
import { when } from '../lib/format.js';
import { PAGE_SIZE, useIamList } from '../lib/iamList.js';
import { href } from '../lib/nav.js';

/** Managed policies, filtered on the server by scope, attachment and path. */
export function PoliciesPage() {
  const location = useLocation();
  const scope = (location.query['scope'] as 'Local' | 'AWS' | 'All' | undefined) ?? 'Local';
  const onlyAttached = location.query['attached'] === '1';
  const list = useIamList<Policy>(async (Marker, PathPrefix) => {
    const out = await iam().send(
      new ListPoliciesCommand({
        Scope: scope,
        OnlyAttached: onlyAttached,
        MaxItems: PAGE_SIZE,
        ...(Marker ? { Marker } : {}),
        ...(PathPrefix ? { PathPrefix } : {}),
      }),
    );
    return { items: out.Policies ?? [], marker: out.IsTruncated ? out.Marker : undefined };
  });
  const setQuery = (next: { scope?: string; attached?: boolean }) => {
    const q = new URLSearchParams();
    q.set('scope', next.scope ?? scope);
    if (next.attached ?? onlyAttached) q.set('attached', '1');
    location.route(`${href('/policies')}?${q.toString()}`, true);
  };
  return (
    <Page
      title="Policies"
      subtitle="Managed policies: yours, and AWS's."
      actions={
        <a class="button primary" href={href('/policies/new')}>
          Create policy
        </a>
      }
    >
      <div class="toolbar">
        <div class="field">
          <label for="policy-scope">Scope</label>
          <select id="policy-scope" value={scope} onChange={(e) => setQuery({ scope: e.currentTarget.value })}>
            <option value="Local">Customer managed</option>
            <option value="AWS">AWS managed</option>
            <option value="All">All</option>
          </select>
        </div>
        <label class="checkbox">
          <input type="checkbox" checked={onlyAttached} onChange={(e) => setQuery({ attached: e.currentTarget.checked })} /> Only attached ones
        </label>
      </div>
      <IamListView
        list={list}
        what="policies"
        rowKey={(p) => p.Arn!}
        empty="No policies match."
        columns={[
          { label: 'Policy name', cell: (p) => <a href={href(`/policies/view?arn=${encodeURIComponent(p.Arn!)}`)}>{p.PolicyName}</a> },
          { label: 'Attachments', cell: (p) => String(p.AttachmentCount ?? 0) },
          { label: 'Default version', cell: (p) => p.DefaultVersionId },
          { label: 'Updated', cell: (p) => when(p.UpdateDate) },
        ]}
      />
    </Page>
  );
}
