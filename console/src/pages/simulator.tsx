import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import {
  GetContextKeysForPrincipalPolicyCommand,
  ListRolesCommand,
  ListUsersCommand,
  SimulatePrincipalPolicyCommand,
  type ContextEntry,
  type ContextKeyTypeEnum,
  type EvaluationResult,
} from '@aws-sdk/client-iam';
import { iam } from '../api/iam.js';
import { Field } from '../components/forms.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { Page, Panel } from '../components/page.js';
import { href } from '../lib/nav.js';
import { useAction, useAws } from '../lib/useAws.js';

const TYPES: readonly ContextKeyTypeEnum[] = [
  'string',
  'stringList',
  'numeric',
  'numericList',
  'boolean',
  'booleanList',
  'ip',
  'ipList',
  'date',
  'dateList',
  'binary',
  'binaryList',
];

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * IAM's policy simulator (SimulatePrincipalPolicy): a principal, actions, resources and context
 * values; each decision with the statements and guardrails that decided it. The inputs are in the
 * page's URL, so a simulation can be shared.
 */
export function SimulatorPage() {
  const location = useLocation();
  const q = location.query;
  const [principal, setPrincipal] = useState(q['principal'] ?? '');
  const [actions, setActions] = useState(q['actions'] ?? '');
  const [resources, setResources] = useState(q['resources'] ?? '*');
  const [context, setContext] = useState<{ key: string; type: ContextKeyTypeEnum; values: string }[]>([]);
  const [results, setResults] = useState<EvaluationResult[] | undefined>();
  const principals = useAws(async () => {
    const users = (await iam().send(new ListUsersCommand({ MaxItems: 100 }))).Users ?? [];
    const roles = (await iam().send(new ListRolesCommand({ MaxItems: 100 }))).Roles ?? [];
    return [...users.map((u) => u.Arn!), ...roles.map((r) => r.Arn!)];
  }, []);
  const keys = useAws(
    async () =>
      principal.startsWith('arn:')
        ? ((await iam().send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: principal }))).ContextKeyNames ?? [])
        : [],
    [principal],
  );
  const simulate = useAction(async () => {
    const entries: ContextEntry[] = context
      .filter((c) => c.key !== '')
      .map((c) => ({ ContextKeyName: c.key, ContextKeyType: c.type, ContextKeyValues: lines(c.values) }));
    const out = await iam().send(
      new SimulatePrincipalPolicyCommand({ PolicySourceArn: principal, ActionNames: lines(actions), ResourceArns: lines(resources), ContextEntries: entries }),
    );
    setResults(out.EvaluationResults ?? []);
    const query = new URLSearchParams({ principal, actions, resources });
    location.route(`${href('/simulator')}?${query.toString()}`, true);
  });
  return (
    <Page title="Policy simulator" subtitle="See what the policy engine decides for a principal, with the statements that decide it.">
      <form
        class="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void simulate.run();
        }}
      >
        <Field label="Principal (user, group or role ARN)">
          {({ id }) => (
            <>
              <input id={id} list="simulator-principals" value={principal} onInput={(e) => setPrincipal(e.currentTarget.value)} required />
              <datalist id="simulator-principals">
                {(principals.data ?? []).map((arn) => (
                  <option key={arn} value={arn} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <div class="inline">
          <Field label="Actions" hint="One per line, e.g. s3:GetObject">
            {({ id, describedBy }) => (
              <textarea
                id={id}
                class="code"
                rows={4}
                aria-describedby={describedBy}
                value={actions}
                onInput={(e) => setActions(e.currentTarget.value)}
                required
              />
            )}
          </Field>
          <Field label="Resources" hint="One ARN per line; * for any">
            {({ id, describedBy }) => (
              <textarea id={id} class="code" rows={4} aria-describedby={describedBy} value={resources} onInput={(e) => setResources(e.currentTarget.value)} />
            )}
          </Field>
        </div>
        <fieldset>
          <legend>Context keys</legend>
          {context.map((c, i) => (
            <div class="inline" key={i}>
              <div class="field">
                <label for={`ctx-key-${i}`}>Key</label>
                <input
                  id={`ctx-key-${i}`}
                  value={c.key}
                  onInput={(e) => setContext(context.map((x, j) => (j === i ? { ...x, key: e.currentTarget.value } : x)))}
                />
              </div>
              <div class="field">
                <label for={`ctx-type-${i}`}>Type</label>
                <select
                  id={`ctx-type-${i}`}
                  value={c.type}
                  onChange={(e) => setContext(context.map((x, j) => (j === i ? { ...x, type: e.currentTarget.value as ContextKeyTypeEnum } : x)))}
                >
                  {TYPES.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              </div>
              <div class="field">
                <label for={`ctx-values-${i}`}>Values (comma-separated)</label>
                <input
                  id={`ctx-values-${i}`}
                  value={c.values}
                  onInput={(e) => setContext(context.map((x, j) => (j === i ? { ...x, values: e.currentTarget.value } : x)))}
                />
              </div>
              <button type="button" onClick={() => setContext(context.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
          ))}
          <p class="inline">
            <button type="button" onClick={() => setContext([...context, { key: '', type: 'string', values: '' }])}>
              Add a context key
            </button>
            {(keys.data ?? [])
              .filter((k) => !context.some((c) => c.key === k))
              .slice(0, 8)
              .map((k) => (
                <button
                  type="button"
                  key={k}
                  onClick={() =>
                    setContext([...context, { key: k, type: k.includes('MultiFactor') || k.includes('Secure') ? 'boolean' : 'string', values: '' }])
                  }
                >
                  + {k}
                </button>
              ))}
          </p>
          {(keys.data?.length ?? 0) > 0 && <p class="hint">The buttons name the keys the principal's policies test.</p>}
        </fieldset>
        <button type="submit" class="primary" disabled={simulate.busy}>
          Simulate
        </button>
      </form>
      {simulate.busy && <Loading what="the simulation" />}
      {simulate.error !== undefined && <ErrorNotice error={simulate.error} what="simulate" />}
      {results !== undefined && <SimulationResults results={results} />}
    </Page>
  );
}

/** What IAM's `SourcePolicyType` names, in words. */
function policyKind(type: string | undefined): string {
  const kinds: Record<string, string> = {
    user: 'an inline policy of the user',
    group: 'an inline policy of a group',
    role: 'an inline policy of the role',
    'aws-managed': 'an AWS managed policy',
    'user-managed': 'a customer managed policy',
    resource: 'the resource-based policy',
    'IAM Policy': 'an identity-based policy',
  };
  return type === undefined ? 'a policy' : (kinds[type] ?? `a ${type} policy`);
}

/** Each decision of a simulation, with what decided it. */
export function SimulationResults(props: { results: readonly EvaluationResult[] }) {
  return (
    <Panel title="Decisions">
      {props.results.map((r, i) => {
        const allowed = r.EvalDecision === 'allowed';
        return (
          <div key={i} class="notice" data-decision={r.EvalDecision}>
            <h3>
              <span class={`badge ${allowed ? 'allowed' : 'denied'}`}>
                {r.EvalDecision === 'explicitDeny' ? 'Explicitly denied' : allowed ? 'Allowed' : 'Implicitly denied'}
              </span>{' '}
              <code>{r.EvalActionName}</code> on <code>{r.EvalResourceName}</code>
            </h3>
            {(r.MatchedStatements ?? []).length > 0 ? (
              <>
                <p>Decided by:</p>
                <ul>
                  {r.MatchedStatements!.map((m, j) => (
                    <li key={j} class="deciding-statement">
                      the statement at line {m.StartPosition?.Line}, column {m.StartPosition?.Column} of <code>{m.SourcePolicyId}</code> (
                      {policyKind(m.SourcePolicyType)})
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p>No statement matched: nothing allows this request, so it is denied by default.</p>
            )}
            {r.OrganizationsDecisionDetail?.AllowedByOrganizations === false && <p>An SCP or RCP of the organization does not allow it.</p>}
            {r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary === false && <p>The permissions boundary does not allow it.</p>}
            {(r.MissingContextValues ?? []).length > 0 && (
              <p>
                Context keys the policies test that you gave no value: <code>{r.MissingContextValues!.join(', ')}</code>
              </p>
            )}
          </div>
        );
      })}
    </Panel>
  );
}
