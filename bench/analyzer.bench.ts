/**
 * Access Analyzer ValidatePolicy benchmark: median and p99 of one engine call on a 6 KB identity
 * policy (every family of checks has work to do: actions of several services, ARNs, variables,
 * condition operators and values), beside a JSON.parse of the same document measured the same way
 * in the same run.
 * Then CheckNoNewAccess: median and p99 of one check of a 10-statement policy against a
 * 10-statement reference (Allow and Deny statements, wildcards, ARNs, variables and conditions of
 * several families), on a pair that passes (every statement has to be proved) and one that fails.
 * Then external access findings for 10,000 roles (target ≤ 10 s with RSS ≤ 512 MiB): the pure
 * analysis of their trust policies alone, and the findings engine's full pass of an ACCOUNT
 * analyzer over a SQLite store holding them (list, analyze, write findings and analyzed
 * resources), then the time from one trust policy edit to its finding with the 10,000 roles there.
 * Run: npm run bench:analyzer
 */
import { loadCatalog } from '../src/catalog/index.js';
import { validatePolicy } from '../src/analysis/validation/index.js';
import { checkNoNewAccess } from '../src/analysis/customChecks/index.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeExternalAccess } from '../src/analysis/externalAccess/index.js';
import { openStore } from '../src/store/index.js';
import { FindingsEngine } from '../src/services/accessanalyzer/index.js';

const ACCOUNT = '111122223333';
const SERVICES = ['s3', 'ec2', 'iam', 'dynamodb', 'sqs', 'sns', 'kms', 'lambda', 'logs', 'cloudwatch'] as const;
const VERBS: Readonly<Record<string, readonly string[]>> = {
  s3: ['GetObject', 'PutObject', 'ListBucket'],
  ec2: ['StartInstances', 'StopInstances', 'DescribeInstances'],
  iam: ['GetRole', 'PassRole', 'ListRoles'],
  dynamodb: ['GetItem', 'Query', 'PutItem'],
  sqs: ['SendMessage', 'ReceiveMessage', 'DeleteMessage'],
  sns: ['Publish', 'Subscribe', 'ListTopics'],
  kms: ['Decrypt', 'Encrypt', 'GenerateDataKey'],
  lambda: ['InvokeFunction', 'GetFunction', 'ListFunctions'],
  logs: ['PutLogEvents', 'CreateLogStream', 'DescribeLogGroups'],
  cloudwatch: ['PutMetricData', 'GetMetricData', 'ListMetrics'],
};
const ARNS: Readonly<Record<string, (n: number) => string>> = {
  s3: (n) => `arn:aws:s3:::team-bucket-${n}/home/\${aws:username}/*`,
  ec2: (n) => `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-0abc${n}def0123456`,
  iam: (n) => `arn:aws:iam::${ACCOUNT}:role/app-${n}`,
  dynamodb: (n) => `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/Orders${n}`,
  sqs: (n) => `arn:aws:sqs:us-east-1:${ACCOUNT}:queue-${n}`,
  sns: (n) => `arn:aws:sns:us-east-1:${ACCOUNT}:topic-${n}`,
  kms: (n) => `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890a${n % 10}`,
  lambda: (n) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:worker-${n}`,
  logs: (n) => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/app/${n}:*`,
  cloudwatch: () => '*',
};

function statement(i: number): Record<string, unknown> {
  const service = SERVICES[i % SERVICES.length]!;
  const verbs = VERBS[service]!;
  const s: Record<string, unknown> = {
    Sid: `Statement${i}`,
    Effect: i % 7 === 6 ? 'Deny' : 'Allow',
    Action:
      i % 3 === 0 ? [`${service}:${verbs[0]}`, `${service}:${verbs[1]}`, `${service}:${verbs[2]}`] : [`${service}:${verbs[i % 3]}`, `${service}:Describe*`],
    Resource: [ARNS[service]!(i), ARNS[service]!(i + 100)],
  };
  const condition: Record<string, Record<string, unknown>> = {};
  if (i % 2 === 0) condition['StringEquals'] = { 'aws:PrincipalTag/team': ['blue', 'red'], 'aws:RequestedRegion': 'us-east-1' };
  if (i % 3 === 1) condition['IpAddress'] = { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] };
  if (i % 4 === 2) condition['DateLessThan'] = { 'aws:CurrentTime': '2027-01-01T00:00:00Z' };
  if (i % 5 === 3) condition['Bool'] = { 'aws:SecureTransport': 'true' };
  if (Object.keys(condition).length > 0) s['Condition'] = condition;
  return s;
}

function policyOfSize(bytes: number): string {
  const statements: Record<string, unknown>[] = [];
  let text = '';
  while (text.length < bytes) {
    statements.push(statement(statements.length));
    text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
  }
  return text;
}

await loadCatalog();
const DOCUMENT = policyOfSize(6 * 1024);
const findings = validatePolicy(DOCUMENT, { policyType: 'IDENTITY_POLICY' });

let sink = 0;
const validate = (): void => {
  sink ^= validatePolicy(DOCUMENT, { policyType: 'IDENTITY_POLICY' }).length;
};
const parse = (): void => {
  sink ^= (JSON.parse(DOCUMENT) as { Statement: unknown[] }).Statement.length;
};

/** Per-call costs in ns, sampled alternately so both paths see the same machine load. */
function sample(validations: number[], parses: number[], count: number): void {
  for (let i = 0; i < count; i++) {
    let start = process.hrtime.bigint();
    validate();
    validations.push(Number(process.hrtime.bigint() - start));
    start = process.hrtime.bigint();
    for (let k = 0; k < 16; k++) parse();
    parses.push(Number(process.hrtime.bigint() - start) / 16);
  }
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
sample([], [], 500);
const validations: number[] = [];
const parses: number[] = [];
sample(validations, parses, 3000);
validations.sort((a, b) => a - b);
parses.sort((a, b) => a - b);

const ms = (ns: number): string => `${(ns / 1e6).toFixed(3)} ms`;
const p50 = percentile(validations, 0.5);
const p99 = percentile(validations, 0.99);
const parse50 = percentile(parses, 0.5);
const parse99 = percentile(parses, 0.99);
const rows: [string, string][] = [
  ['document', `${DOCUMENT.length} characters, ${(JSON.parse(DOCUMENT) as { Statement: unknown[] }).Statement.length} statements, ${findings.length} findings`],
  ['ValidatePolicy median', ms(p50)],
  ['ValidatePolicy p99 (target ≤ 5 ms)', ms(p99)],
  ['JSON.parse median', ms(parse50)],
  ['JSON.parse p99', ms(parse99)],
  ['median / JSON.parse', (p50 / parse50).toFixed(1)],
  ['p99 / JSON.parse', (p99 / parse99).toFixed(1)],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log('access analyzer ValidatePolicy benchmark');
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
console.log(p99 <= 5e6 ? '  target met' : '  TARGET MISSED');
if (sink === -1) console.log(sink);

/**
 * Statement `i` of the reference (`narrow` false) or of the updated policy (`narrow` true: fewer
 * actions and resources, stricter conditions), so that the updated policy grants nothing new.
 */
function checkStatement(i: number, narrow: boolean): Record<string, unknown> {
  const service = SERVICES[i % SERVICES.length]!;
  const verbs = VERBS[service]!;
  const deny = i % 5 === 4;
  const s: Record<string, unknown> = {
    Sid: `Statement${i}`,
    Effect: deny ? 'Deny' : 'Allow',
    Action: narrow && !deny ? [`${service}:${verbs[0]}`] : [`${service}:${verbs[0]}`, `${service}:${verbs[1]}`, `${service}:Describe*`],
    Resource: narrow && !deny ? [ARNS[service]!(i)] : [ARNS[service]!(i), ARNS[service]!(i + 100), `arn:aws:${service}:*:${ACCOUNT}:*`],
  };
  const condition: Record<string, Record<string, unknown>> = {};
  if (i % 2 === 0) condition['StringEquals'] = { 'aws:PrincipalTag/team': narrow ? 'blue' : ['blue', 'red'] };
  if (i % 3 === 1) condition['IpAddress'] = { 'aws:SourceIp': narrow ? '203.0.113.0/25' : ['203.0.113.0/24', '198.51.100.0/24'] };
  if (i % 4 === 2) condition['DateLessThan'] = { 'aws:CurrentTime': narrow ? '2026-06-01T00:00:00Z' : '2027-01-01T00:00:00Z' };
  if (deny) condition['Bool'] = { 'aws:SecureTransport': 'false' };
  if (Object.keys(condition).length > 0) s['Condition'] = condition;
  return s;
}

const pairOf = (narrow: boolean): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 10 }, (_, i) => checkStatement(i, narrow)) }, null, 2);
const REFERENCE = pairOf(false);
const UPDATED = pairOf(true);
const WIDER = JSON.stringify(
  { Version: '2012-10-17', Statement: Array.from({ length: 10 }, (_, i) => ({ ...checkStatement(i, false), Action: '*' })) },
  null,
  2,
);
const passing = checkNoNewAccess(UPDATED, REFERENCE, 'IDENTITY_POLICY');
const failing = checkNoNewAccess(WIDER, REFERENCE, 'IDENTITY_POLICY');
if (passing.result !== 'PASS' || failing.result !== 'FAIL') throw new Error(`unexpected results: ${passing.result}, ${failing.result}`);

function sampleChecks(pass: number[], fail: number[], count: number): void {
  for (let i = 0; i < count; i++) {
    let start = process.hrtime.bigint();
    sink ^= checkNoNewAccess(UPDATED, REFERENCE, 'IDENTITY_POLICY').result.length;
    pass.push(Number(process.hrtime.bigint() - start));
    start = process.hrtime.bigint();
    sink ^= checkNoNewAccess(WIDER, REFERENCE, 'IDENTITY_POLICY').result.length;
    fail.push(Number(process.hrtime.bigint() - start));
  }
}

sampleChecks([], [], 200);
const passes: number[] = [];
const fails: number[] = [];
sampleChecks(passes, fails, 2000);
passes.sort((a, b) => a - b);
fails.sort((a, b) => a - b);
const checkRows: [string, string][] = [
  ['pair', `10 + 10 statements, ${REFERENCE.length} + ${UPDATED.length} characters`],
  ['PASS pair median', ms(percentile(passes, 0.5))],
  ['PASS pair p99 (target ≤ 50 ms)', ms(percentile(passes, 0.99))],
  ['FAIL pair median', ms(percentile(fails, 0.5))],
  ['FAIL pair p99 (target ≤ 50 ms)', ms(percentile(fails, 0.99))],
];
const checkWidth = Math.max(...checkRows.map(([k]) => k.length));
console.log('access analyzer CheckNoNewAccess benchmark');
for (const [k, v] of checkRows) console.log(`  ${k.padEnd(checkWidth)}  ${v}`);
console.log(Math.max(percentile(passes, 0.99), percentile(fails, 0.99)) <= 50e6 ? '  target met' : '  TARGET MISSED');

/**
 * Trust policy `i` of the 10,000: mostly a service's (no finding), then another account's with
 * an external ID, the organization's, a network range for anyone, a GitHub OIDC subject; each
 * text distinct so that no analysis is reused.
 */
function trustPolicy(i: number): string {
  const kinds = [
    {
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f${i}` } },
    },
    {
      Principal: { AWS: `arn:aws:iam::${String(444455550000 + (i % 9999)).padStart(12, '0')}:root` },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': `ext-${i}` } },
    },
    {
      Principal: { AWS: '*' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-exampleorgid', 'aws:PrincipalTag/team': `t${i}` } },
    },
    { Principal: { AWS: '*' }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { IpAddress: { 'aws:SourceIp': [`10.${i % 256}.0.0/16`] } } },
    {
      Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: { 'token.actions.githubusercontent.com:sub': `repo:org/r${i}:*` },
      },
    },
  ];
  const weights = [0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 1];
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...kinds[weights[i % weights.length]!] }] });
}

const ROLES = 10_000;
const policies = Array.from({ length: ROLES }, (_, i) => trustPolicy(i));
const zone = { accounts: new Set([ACCOUNT]) };
let peakRss = process.memoryUsage().rss;
const watchRss = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

let started = process.hrtime.bigint();
let accesses = 0;
for (let i = 0; i < ROLES; i++) {
  const result = analyzeExternalAccess(
    { resourceType: 'AWS::IAM::Role', resourceArn: `arn:aws:iam::${ACCOUNT}:role/r${i}`, ownerAccount: ACCOUNT, policy: policies[i]! },
    zone,
  );
  if ('accesses' in result) accesses += result.accesses.length;
}
const pureMs = Number(process.hrtime.bigint() - started) / 1e6;

const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-bench-analyzer-'));
const store = await openStore({ dataDir });
await store.accounts.create({ id: ACCOUNT, name: 'bench' });
for (let i = 0; i < ROLES; i += 500) {
  await store.transaction(async (tx) => {
    for (let k = i; k < Math.min(ROLES, i + 500); k++) {
      await tx.roles.create({
        accountId: ACCOUNT,
        roleId: `AROA${String(k).padStart(17, '0')}`,
        name: `r${k}`,
        path: '/',
        arn: `arn:aws:iam::${ACCOUNT}:role/r${k}`,
        trustPolicy: policies[k]!,
        maxSessionDuration: 3600,
      });
    }
  });
}
const engine = new FindingsEngine(store, { clock: () => new Date() });
await engine.idle();
const analyzerArn = `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/bench`;
started = process.hrtime.bigint();
await store.transaction((tx) =>
  tx.analyzers.create({
    arn: analyzerArn,
    accountId: ACCOUNT,
    name: 'bench',
    type: 'ACCOUNT',
    status: 'ACTIVE',
    statusReason: null,
    organizationId: null,
    configuration: null,
    tags: {},
    clientToken: null,
    createdAt: new Date().toISOString(),
    lastResourceAnalyzed: null,
    lastResourceAnalyzedAt: null,
  }),
);
await engine.idle();
const fullMs = Number(process.hrtime.bigint() - started) / 1e6;
const stored = (await store.analyzerFindings.list(analyzerArn)).length;

started = process.hrtime.bigint();
await store.transaction((tx) =>
  tx.roles.update(ACCOUNT, 'r0', {
    trustPolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '999988887777' }, Action: 'sts:AssumeRole' }] }),
  }),
);
await engine.idle();
const editMs = Number(process.hrtime.bigint() - started) / 1e6;
const edited = (await store.analyzerFindings.list(analyzerArn, { resources: [`arn:aws:iam::${ACCOUNT}:role/r0`] })).length;
clearInterval(watchRss);
await engine.close();
await store.close();
await rm(dataDir, { recursive: true, force: true });

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
const engineRows: [string, string][] = [
  ['roles', `${ROLES} (${accesses} external accesses)`],
  ['analysis alone', `${(pureMs / 1000).toFixed(2)} s (${((pureMs * 1000) / ROLES).toFixed(0)} µs a role)`],
  ['full pass, SQLite (target ≤ 10 s)', `${(fullMs / 1000).toFixed(2)} s, ${stored} findings stored`],
  ['one trust policy edit to its finding', `${editMs.toFixed(0)} ms (${edited} finding${edited === 1 ? '' : 's'} on the role)`],
  ['peak RSS (target ≤ 512 MiB)', mib(maxRss)],
];
const engineWidth = Math.max(...engineRows.map(([k]) => k.length));
console.log('access analyzer external access findings benchmark');
for (const [k, v] of engineRows) console.log(`  ${k.padEnd(engineWidth)}  ${v}`);
console.log(fullMs <= 10_000 && maxRss <= 512 * 1024 * 1024 ? '  target met' : '  TARGET MISSED');
