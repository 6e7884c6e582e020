import { useLocation } from 'preact-iso';
import {
  DescribeEffectivePolicyCommand,
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  type EffectivePolicyType,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { describeFailure } from '../api/aws.js';
import { organizations } from '../api/organizations.js';
import { ErrorNotice, Loading, Notice } from '../components/notices.js';
import { Page, Panel, Props } from '../components/page.js';
import { href } from '../lib/nav.js';
import { useAws } from '../lib/useAws.js';

interface Node {
  readonly id: string;
  readonly name: string;
  readonly kind: 'root' | 'ou' | 'account';
  readonly children: Node[];
  readonly policyTypes?: readonly string[];
}

/** The organization's tree: roots, OUs (depth first), accounts. */
async function loadTree(): Promise<{ org: Awaited<ReturnType<typeof describe>>; roots: Node[] } | null> {
  let org: Awaited<ReturnType<typeof describe>>;
  try {
    org = await describe();
  } catch (err) {
    if (describeFailure(err).code === 'AWSOrganizationsNotInUseException') return null;
    throw err;
  }
  const c = organizations();
  const grow = async (id: string, name: string, kind: 'root' | 'ou', policyTypes?: readonly string[]): Promise<Node> => {
    const ous = (await c.send(new ListOrganizationalUnitsForParentCommand({ ParentId: id }))).OrganizationalUnits ?? [];
    const accounts = (await c.send(new ListAccountsForParentCommand({ ParentId: id }))).Accounts ?? [];
    return {
      id,
      name,
      kind,
      ...(policyTypes !== undefined ? { policyTypes } : {}),
      children: [
        ...(await Promise.all(ous.map((ou) => grow(ou.Id!, ou.Name!, 'ou')))),
        ...accounts.map((a) => ({ id: a.Id!, name: `${a.Name} (${a.Id})`, kind: 'account' as const, children: [] })),
      ],
    };
  };
  const roots = (await c.send(new ListRootsCommand({}))).Roots ?? [];
  return {
    org,
    roots: await Promise.all(
      roots.map((r) =>
        grow(
          r.Id!,
          r.Name ?? 'Root',
          'root',
          (r.PolicyTypes ?? []).filter((t) => t.Status === 'ENABLED').map((t) => t.Type!),
        ),
      ),
    ),
  };
}

async function describe() {
  return (await organizations().send(new DescribeOrganizationCommand({}))).Organization!;
}

function pathTo(nodes: readonly Node[], id: string): Node[] | undefined {
  for (const n of nodes) {
    if (n.id === id) return [n];
    const below = pathTo(n.children, id);
    if (below !== undefined) return [n, ...below];
  }
  return undefined;
}

const MANAGEMENT_TYPES: readonly EffectivePolicyType[] = ['TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY'];

/**
 * Organizations: the tree of OUs and accounts; for the chosen node, the SCPs and RCPs attached at
 * each level above it and on it (every level must allow a request), and an account's effective
 * management policies. The chosen node is the page's `node` query parameter.
 */
export function OrganizationsPage() {
  const location = useLocation();
  const tree = useAws(loadTree, []);
  // The chosen node is in the URL (?node=ou-…), so what applies to it can be shared.
  const selected = location.query['node'];
  const setSelected = (id: string) => location.route(`${href('/organizations')}?${new URLSearchParams({ node: id }).toString()}`, true);
  const path = tree.data != null && selected !== undefined ? pathTo(tree.data.roots, selected) : undefined;
  const enabled = tree.data?.roots[0]?.policyTypes ?? [];
  const guardrails = useAws(async () => {
    if (path === undefined) return [];
    const c = organizations();
    const types: PolicyType[] = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];
    return Promise.all(
      path.map(async (node) => ({
        node,
        policies: (
          await Promise.all(
            types
              .filter((t) => enabled.includes(t))
              .map(async (t) =>
                ((await c.send(new ListPoliciesForTargetCommand({ TargetId: node.id, Filter: t }))).Policies ?? []).map((p) => ({
                  type: t,
                  name: p.Name!,
                  id: p.Id!,
                })),
              ),
          )
        ).flat(),
      })),
    );
  }, [selected, tree.data]);
  const selectedNode = path?.[path.length - 1];
  const effective = useAws(async () => {
    if (selectedNode?.kind !== 'account') return [];
    const out: { type: string; content: string }[] = [];
    for (const type of MANAGEMENT_TYPES.filter((t) => enabled.includes(t))) {
      try {
        const policy = await organizations().send(new DescribeEffectivePolicyCommand({ PolicyType: type, TargetId: selectedNode.id }));
        out.push({ type, content: JSON.stringify(JSON.parse(policy.EffectivePolicy?.PolicyContent ?? '{}'), null, 2) });
      } catch (err) {
        if (describeFailure(err).code !== 'EffectivePolicyNotFoundException') throw err;
      }
    }
    return out;
  }, [selectedNode?.id]);

  const render = (n: Node) => (
    <li key={n.id}>
      <button type="button" class="node" aria-pressed={selected === n.id} onClick={() => setSelected(n.id)}>
        {n.kind === 'root' ? 'Root' : n.kind === 'ou' ? 'OU' : 'Account'}: {n.name}
      </button>
      {n.children.length > 0 && <ul>{n.children.map(render)}</ul>}
    </li>
  );
  return (
    <Page title="Organizations" subtitle="Accounts, organizational units, and the guardrails that apply where.">
      {tree.loading && <Loading what="the organization" />}
      {tree.error !== undefined && <ErrorNotice error={tree.error} what="read the organization" retry={tree.reload} />}
      {tree.data === null && (
        <Notice title="This account is not in an organization">
          <p>
            Create one with <code>aws organizations create-organization</code> to add member accounts and service or resource control policies.
          </p>
        </Notice>
      )}
      {tree.data != null && (
        <div class="two-col">
          <Panel title="Tree">
            <Props
              items={[
                ['Organization', tree.data.org.Id],
                ['Management account', tree.data.org.MasterAccountId],
                ['Feature set', tree.data.org.FeatureSet],
                ['Policy types enabled', enabled.join(', ') || 'none'],
              ]}
            />
            <ul class="tree" aria-label="Organization tree">
              {tree.data.roots.map(render)}
            </ul>
          </Panel>
          <Panel title={selectedNode !== undefined ? `What applies to ${selectedNode.name}` : 'What applies where'}>
            {selectedNode === undefined && <p>Choose a root, OU or account in the tree.</p>}
            {guardrails.error !== undefined && <ErrorNotice error={guardrails.error} what="list the policies" retry={guardrails.reload} />}
            {guardrails.data !== undefined && selectedNode !== undefined && (
              <>
                <p>A request of an account must be allowed by the SCPs (and its resources by the RCPs) at every level from the root down:</p>
                <ol>
                  {guardrails.data.map(({ node, policies }) => (
                    <li key={node.id}>
                      <strong>{node.name}</strong>
                      {policies.length === 0 ? (
                        ' — nothing attached'
                      ) : (
                        <ul>
                          {policies.map((p) => (
                            <li key={`${p.type}-${p.id}`}>
                              {p.type === 'SERVICE_CONTROL_POLICY' ? 'SCP' : 'RCP'} <code>{p.name}</code> ({p.id})
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  ))}
                </ol>
              </>
            )}
            {effective.data !== undefined && effective.data.length > 0 && (
              <>
                <h3>Effective management policies</h3>
                {effective.data.map((e) => (
                  <details key={e.type}>
                    <summary>{e.type}</summary>
                    <pre>{e.content}</pre>
                  </details>
                ))}
              </>
            )}
            {effective.error !== undefined && <ErrorNotice error={effective.error} what="read the effective policies" />}
          </Panel>
        </div>
      )}
    </Page>
  );
}
