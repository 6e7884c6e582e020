import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { describeFailure } from '../api/aws.js';
import { iam } from '../api/iam.js';
import { getAccountPosture } from '../api/posture.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { Page, Panel } from '../components/page.js';
import { Table } from '../components/table.js';
import { href } from '../lib/nav.js';
import { useAws } from '../lib/useAws.js';
import { useSession } from '../session.js';

interface Recommendation {
  readonly id: string;
  readonly severity: 'HIGH' | 'MEDIUM' | 'LOW';
  readonly text: string;
  readonly fix: string;
  readonly link?: string;
}

/** Whether a user has a console password (GetLoginProfile; NoSuchEntity means none). */
async function hasPassword(UserName: string): Promise<boolean> {
  try {
    await iam().send(new GetLoginProfileCommand({ UserName }));
    return true;
  } catch (err) {
    if (describeFailure(err).kind === 'not-found') return false;
    throw err;
  }
}

/** How many users the per-user checks read (each costs three calls). */
const USERS_CHECKED = 100;

/**
 * Best-practice checks read from IAM's own answers, as they are now: the account summary, the
 * password policy, and each user's password, MFA devices and access keys.
 */
async function recommendations(): Promise<Recommendation[]> {
  const out: Recommendation[] = [];
  const summary = (await iam().send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
  if (summary['AccountMFAEnabled'] !== 1) {
    out.push({
      id: 'root-mfa',
      severity: 'HIGH',
      text: 'The root user has no MFA device.',
      fix: 'Sign in as root and register one under My security credentials.',
      link: href('/security-credentials'),
    });
  }
  if (summary['AccountAccessKeysPresent'] === 1) {
    out.push({
      id: 'root-keys',
      severity: 'HIGH',
      text: 'The root user has access keys.',
      fix: 'Create an administrator, then delete the root user’s keys.',
      link: href('/security-credentials'),
    });
  }
  try {
    await iam().send(new GetAccountPasswordPolicyCommand({}));
  } catch (err) {
    if (describeFailure(err).kind !== 'not-found') throw err;
    out.push({
      id: 'password-policy',
      severity: 'MEDIUM',
      text: 'The account has no password policy.',
      fix: 'Set one with UpdateAccountPasswordPolicy (length 14+, reuse prevention).',
    });
  }
  const users = (await iam().send(new ListUsersCommand({ MaxItems: USERS_CHECKED }))).Users ?? [];
  const now = Date.now();
  const checks = await Promise.all(
    users.map(async (u) => {
      const name = u.UserName!;
      const [password, mfa, keys] = await Promise.all([
        hasPassword(name),
        iam().send(new ListMFADevicesCommand({ UserName: name })),
        iam().send(new ListAccessKeysCommand({ UserName: name })),
      ]);
      const found: Recommendation[] = [];
      const link = href(`/users/${encodeURIComponent(name)}`);
      if (password && (mfa.MFADevices ?? []).length === 0) {
        found.push({
          id: `mfa-${name}`,
          severity: 'MEDIUM',
          text: `${name} signs in with a password but has no MFA device.`,
          fix: 'Ask them to assign one.',
          link,
        });
      }
      for (const key of keys.AccessKeyMetadata ?? []) {
        if (key.Status === 'Active' && key.CreateDate !== undefined && now - key.CreateDate.getTime() > 90 * 86_400_000) {
          found.push({
            id: `key-${key.AccessKeyId}`,
            severity: 'LOW',
            text: `${name}'s access key ${key.AccessKeyId} is older than 90 days.`,
            fix: 'Rotate it.',
            link,
          });
        }
      }
      return found;
    }),
  );
  return [...out, ...checks.flat()];
}

const COUNTS: readonly (readonly [string, string, string])[] = [
  ['Users', 'Users', '/users'],
  ['Groups', 'Groups', '/groups'],
  ['Roles', 'Roles', '/roles'],
  ['Policies', 'Customer managed policies', '/policies'],
  ['Providers', 'Identity providers', '/identity-providers'],
  ['MFADevicesInUse', 'MFA devices in use', '/mfa-devices'],
];

const SEVERITY_BADGE = { critical: 'error', high: 'error', medium: 'warning', low: '' } as const;

export function DashboardPage() {
  const { session } = useSession();
  const summary = useAws(async () => (await iam().send(new GetAccountSummaryCommand({}))).SummaryMap ?? {}, []);
  const recs = useAws(recommendations, []);
  const posture = useAws(getAccountPosture, []);
  return (
    <Page title="Dashboard" subtitle={`Account ${session?.accountAlias ?? ''} ${session?.principal.accountId ?? ''}`.trim()}>
      <Panel title="Resources">
        {summary.loading && <Loading what="the account summary" />}
        {summary.error !== undefined && <ErrorNotice error={summary.error} what="read the account summary" retry={summary.reload} />}
        {summary.data !== undefined && (
          <div class="grid">
            {COUNTS.map(([key, label, to]) => (
              <a key={key} class="stat" href={href(to)}>
                <div class="value">{(summary.data as Record<string, number>)[key] ?? 0}</div>
                <div class="label">{label}</div>
              </a>
            ))}
          </div>
        )}
      </Panel>
      <Panel title="Security recommendations">
        {recs.loading && <Loading what="recommendations" />}
        {recs.error !== undefined && <ErrorNotice error={recs.error} what="check the account" retry={recs.reload} />}
        {recs.data !== undefined && (
          <Table
            caption="Security recommendations"
            rows={recs.data}
            rowKey={(r) => r.id}
            empty="Nothing to fix: root has MFA and no keys, a password policy is set, and every console user has MFA."
            columns={[
              {
                label: 'Severity',
                cell: (r) => <span class={`badge ${r.severity === 'HIGH' ? 'error' : r.severity === 'MEDIUM' ? 'warning' : ''}`}>{r.severity}</span>,
              },
              { label: 'Finding', cell: (r) => (r.link !== undefined ? <a href={r.link}>{r.text}</a> : r.text) },
              { label: 'What to do', cell: (r) => r.fix },
            ]}
          />
        )}
      </Panel>
      <Panel title="Posture checks">
        {posture.loading && <Loading what="posture findings" />}
        {posture.error !== undefined && <ErrorNotice error={posture.error} what="analyse the account's posture" retry={posture.reload} />}
        {posture.data !== undefined && (
          <>
            <p>
              {posture.data.checks.filter((c) => c.status === 'pass').length} of {posture.data.checks.length} checks pass (CIS AWS Foundations, AWS Security
              Hub, Prowler, pathfinding.cloud); {posture.data.summary.total} {posture.data.summary.total === 1 ? 'finding' : 'findings'}:{' '}
              {(['critical', 'high', 'medium', 'low'] as const).map((s) => `${posture.data!.summary[s]} ${s}`).join(', ')}.
            </p>
            <Table
              caption="Posture findings"
              rows={posture.data.findings}
              rowKey={(f) => `${f.id} ${f.resourceArn}`}
              empty="No posture findings."
              columns={[
                { label: 'Severity', cell: (f) => <span class={`badge ${SEVERITY_BADGE[f.severity]}`}>{f.severity.toUpperCase()}</span> },
                {
                  label: 'Finding',
                  cell: (f) => (
                    <>
                      <strong>{f.path !== undefined ? <a href={href('/escalation-paths')}>{f.title}</a> : f.title}</strong>
                      <br />
                      {f.reason}
                    </>
                  ),
                },
                { label: 'Resource', cell: (f) => f.resourceArn, mono: true },
                {
                  label: 'Fix',
                  cell: (f) =>
                    f.remediation.map((command) => (
                      <code key={command} class="command">
                        {command}
                      </code>
                    )),
                },
              ]}
            />
          </>
        )}
      </Panel>
    </Page>
  );
}
