import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIXTURE_ACCOUNT, FIXTURE_MANAGEMENT, fixtureExport } from '../../../test/support/exportFixtures.js';
import { assembleAccountExport } from './accountExport.js';
import { ExportError } from './exportError.js';
import { recogniseExport } from './recognise.js';
import type { ExportPiece } from './pieces.js';

const files = fixtureExport();
const read = (set: Record<string, string>): ExportPiece[] => Object.entries(set).flatMap(([name, text]) => recogniseExport(name, text));
const assemble = (set: Record<string, string>) => assembleAccountExport(read(set));

/** The error a set of files is refused with: its file, path and expectation. */
function refusal(fn: () => unknown): { file: string; path: string; expected: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof ExportError) return { file: err.file, path: err.path, expected: err.expected };
    throw err;
  }
  assert.fail('the files were accepted');
}

describe('AWS CLI exports, recognised by shape', () => {
  it('recognises each file as the command that printed it, whatever its name', () => {
    const kinds = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, recogniseExport(`renamed-${name.length}`, text)[0]!.kind]));
    assert.deepEqual(kinds, {
      'authorization-details.json': 'authorization-details',
      'credential-report.json': 'credential-report',
      'password-policy.json': 'password-policy',
      'virtual-mfa-devices.json': 'virtual-mfa-devices',
      'organization.json': 'organization',
      'roots.json': 'organization-roots',
      'units-of-root.json': 'organizational-units',
      'accounts-of-workloads.json': 'organization-accounts',
      'scps.json': 'organization-policies',
      'policy-full.json': 'organization-policy',
      'policy-deny.json': 'organization-policy',
      'targets-full.json': 'organization-policy-targets',
      'targets-deny.json': 'organization-policy-targets',
    });
  });

  it('reads the credential report as raw CSV, and the CLI error texts of what an account lacks', () => {
    const csv = Buffer.from(JSON.parse(files['credential-report.json']!).Content, 'base64').toString('utf8');
    const [report] = recogniseExport('report.csv', csv);
    assert.equal(report?.kind, 'credential-report');
    const rows = report!.kind === 'credential-report' ? report.rows : [];
    const alice = rows.find((r) => r.user === 'alice')!;
    assert.deepEqual(
      alice.accessKeys.map((k) => [k.slot, k.active, k.lastUsed]),
      [
        [1, true, '2025-05-20T00:00:00.000Z'],
        [2, true, null],
      ],
    );
    assert.equal(rows.find((r) => r.isRoot)?.passwordEnabled, false, 'not_supported reads as no password');
    const none = recogniseExport(
      'pp.txt',
      '\nAn error occurred (NoSuchEntity) when calling the GetAccountPasswordPolicy operation: The Password Policy with domain name 111122223333 cannot be found.\n',
    );
    assert.deepEqual(none, [{ kind: 'password-policy', file: 'pp.txt', policy: null }]);
    const outside = recogniseExport(
      'org.txt',
      'An error occurred (AWSOrganizationsNotInUseException) when calling the DescribeOrganization operation: Your account is not a member of an organization.',
    );
    assert.deepEqual(outside, [{ kind: 'organization', file: 'org.txt', organization: null }]);
  });

  it('assembles the account with its organization path and the guardrails on it', () => {
    const account = assemble(files);
    assert.equal(account.accountId, FIXTURE_ACCOUNT);
    const org = account.organization!;
    assert.equal(org.summary.managementAccountId, FIXTURE_MANAGEMENT);
    assert.deepEqual(
      org.levels.map((l) => l.id),
      ['r-ex12', 'ou-ex12-workload'],
    );
    assert.equal(org.pathFacts.path, 'o-exampleorg1/r-ex12/ou-ex12-workload/');
    assert.deepEqual(
      org.pathFacts.levels.SERVICE_CONTROL_POLICY?.map((level) => level.map((p) => p.arn)),
      [
        ['arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess'],
        [
          'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
          `arn:aws:organizations::${FIXTURE_MANAGEMENT}:policy/o-exampleorg1/service_control_policy/p-denyleave1`,
        ],
        ['arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess'],
      ],
    );
    assert.equal(account.passwordPolicy?.MinimumPasswordLength, 8);
    assert.deepEqual(account.warnings, []);
  });

  it('merges the pages of an SDK export given as a JSON array of pages', () => {
    const details = JSON.parse(files['authorization-details.json']!);
    const pages = [
      { UserDetailList: details.UserDetailList, IsTruncated: true, Marker: 'm1' },
      { GroupDetailList: details.GroupDetailList, RoleDetailList: details.RoleDetailList, Policies: details.Policies, IsTruncated: false },
    ];
    const account = assemble({ 'pages.json': JSON.stringify(pages) });
    assert.equal((account.details.UserDetailList ?? []).length, 2);
    assert.equal((account.details.RoleDetailList ?? []).length, 2);
  });
});

describe('exports that cannot be read are refused, naming the file, the place and what was expected', () => {
  it('malformed JSON: its line and column', () => {
    const broken = files['authorization-details.json']!.replace('"UserName": "alice",', '"UserName": "alice"');
    const error = refusal(() => recogniseExport('auth.json', broken));
    assert.equal(error.file, 'auth.json');
    assert.match(error.path, /^line \d+, column \d+$/);
  });

  it('an unknown member, with the members AWS returns there', () => {
    const details = JSON.parse(files['authorization-details.json']!);
    details.RoleDetailList[1].Owner = 'someone';
    const error = refusal(() => recogniseExport('auth.json', JSON.stringify(details)));
    assert.equal(error.path, '$.RoleDetailList[1].Owner');
    assert.match(error.expected, /^one of the members AWS returns here \(Path, RoleName, RoleId, Arn, .*\), not `Owner`$/);
  });

  it('a member of the wrong type', () => {
    const details = JSON.parse(files['authorization-details.json']!);
    details.UserDetailList[0].GroupList = 'admins';
    assert.deepEqual(
      refusal(() => recogniseExport('auth.json', JSON.stringify(details))),
      { file: 'auth.json', path: '$.UserDetailList[0].GroupList', expected: 'a list' },
    );
    details.UserDetailList[0].GroupList = [];
    details.UserDetailList[0].CreateDate = 'yesterday';
    assert.equal(refusal(() => recogniseExport('auth.json', JSON.stringify(details))).expected, 'a date (ISO 8601 text or epoch seconds)');
  });

  it('a document no command prints, and a per-parent listing without its parent', () => {
    assert.match(
      refusal(() => recogniseExport('notes.json', '{"Hello": 1}')).expected,
      /^the output of one of aws iam get-account-authorization-details, .*; its members \(Hello\) match none$/,
    );
    const listing = JSON.parse(files['accounts-of-workloads.json']!);
    delete listing.ParentId;
    const error = refusal(() => recogniseExport('accounts.json', JSON.stringify(listing)));
    assert.equal(error.path, '$.ParentId');
    assert.match(error.expected, /--query "\{ParentId: 'r-…', …\}"/);
  });

  it('an export without the authorization details', () => {
    const { 'authorization-details.json': _omit, ...rest } = files;
    assert.match(refusal(() => assemble(rest)).expected, /aws iam get-account-authorization-details/);
  });

  it('a missing side file of the Organizations tree, by what it would have said', () => {
    const { 'targets-deny.json': _omit, ...rest } = files;
    const error = refusal(() => assemble(rest));
    assert.match(error.expected, /list-targets-for-policy of p-denyleave1 \(deny-iam-keys\)/);
    const { 'units-of-root.json': _units, ...noUnits } = files;
    assert.match(refusal(() => assemble(noUnits)).expected, /list-organizational-units-for-parent of the parent of ou-ex12-workload/);
  });

  it('files of two accounts, and an entity listed twice', () => {
    const other = fixtureExport('777788889999');
    const error = refusal(() =>
      assembleAccountExport([...read({ 'a.json': files['authorization-details.json']! }), ...read({ 'b.json': other['authorization-details.json']! })]),
    );
    assert.equal(error.file, 'b.json');
    assert.match(error.expected, /an ARN of account 111122223333 \(as in a\.json\)/);
    const twice = refusal(() =>
      assembleAccountExport(read({ 'a.json': files['authorization-details.json']!, 'b.json': files['authorization-details.json']! })),
    );
    assert.match(twice.expected, /each entity once, but `alice` is also at a\.json \$\.UserDetailList\[0\]/);
  });

  it('a credential report with a value AWS never writes: its line and column', () => {
    const csv = Buffer.from(JSON.parse(files['credential-report.json']!).Content, 'base64')
      .toString('utf8')
      .replace(',false,true,2025-01-10', ',maybe,true,2025-01-10');
    assert.deepEqual(
      refusal(() => recogniseExport('report.csv', csv)),
      { file: 'report.csv', path: 'line 3, column mfa_active', expected: 'true or false, not `maybe`' },
    );
    assert.equal(refusal(() => recogniseExport('report.csv', 'user,arn,user_creation_time,oops\n')).path, 'line 1');
  });
});
