/**
 * Policy engine benchmark: decisions per second, median and p99 per decision, against the cost of
 * one HMAC-SHA256 of 300 bytes measured the same way in the same run.
 * Run: npm run bench:policy
 */
import { createHmac } from 'node:crypto';
import { compilePolicy, evaluate, type ApplicablePolicies, type AuthzRequest, type CompiledPolicy } from '../src/policy/index.js';
import { normalizePolicy } from '../src/policy/normalize.js';
import type { PolicyType } from '../src/policy/ast.js';

const ACCOUNT = '111122223333';
const SERVICES = ['s3', 'ec2', 'iam', 'dynamodb', 'sqs', 'sns', 'kms', 'lambda', 'logs', 'cloudwatch'] as const;
const TEAMS = ['blue', 'red', 'green', 'ops', 'data'];

/** Deterministic pseudo-random numbers (mulberry32) so every run measures the same work. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(42);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function resourceFor(service: string, name: string): string {
  return service === 's3' ? `arn:aws:s3:::${name}/*` : `arn:aws:${service}:us-east-1:${ACCOUNT}:${name}*`;
}

function identityPolicy(p: number): unknown {
  const statements = [];
  for (let s = 0; s < 10; s++) {
    const service = SERVICES[(p * 3 + s) % SERVICES.length]!;
    const statement: Record<string, unknown> = {
      Sid: `P${p}S${s}`,
      Effect: s === 9 ? 'Deny' : 'Allow',
      Action: s % 3 === 0 ? [`${service}:Get*`, `${service}:List*`, `${service}:Describe*`] : [`${service}:*`],
      Resource: s % 4 === 0 ? '*' : [resourceFor(service, `team-${TEAMS[s % TEAMS.length]}-*`), resourceFor(service, 'shared-*')],
    };
    const condition: Record<string, unknown> = {};
    if (s % 2 === 0) condition['StringEquals'] = { 'aws:PrincipalTag/team': TEAMS[(p + s) % TEAMS.length] };
    if (s % 3 === 1) condition['IpAddress'] = { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] };
    if (s % 5 === 2) condition['Bool'] = { 'aws:SecureTransport': 'true' };
    if (s % 4 === 3) condition['DateLessThan'] = { 'aws:CurrentTime': '2027-01-01T00:00:00Z' };
    if (s === 9) {
      statement['Action'] = [`${service}:Delete*`];
      statement['Resource'] = '*';
      delete condition['StringEquals'];
      condition['NotIpAddress'] = { 'aws:SourceIp': '10.0.0.0/8' };
    }
    if (Object.keys(condition).length > 0) statement['Condition'] = condition;
    statements.push(statement);
  }
  return { Version: '2012-10-17', Statement: statements };
}

const compile = (doc: unknown, id: string, type: PolicyType): CompiledPolicy => compilePolicy(normalizePolicy(doc), { id, type });

const policies: ApplicablePolicies = {
  identity: [0, 1, 2, 3, 4].map((p) => compile(identityPolicy(p), `arn:aws:iam::${ACCOUNT}:policy/Team${p}`, 'identity')),
  resource: compile(
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/reader` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-*/*' },
        { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::team-*/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::shared-*/${aws:username}/*' },
      ],
    },
    'bucket-policy',
    'resource',
  ),
  boundary: compile(
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'iam:Get*', 'iam:List*', 'dynamodb:*', 'sqs:*', 'sns:*', 'kms:*', 'lambda:*', 'logs:*'], Resource: '*' },
        { Effect: 'Deny', Action: 'iam:Delete*', Resource: '*' },
      ],
    },
    `arn:aws:iam::${ACCOUNT}:policy/Boundary`,
    'boundary',
  ),
  scpLevels: [
    [
      compile({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }, 'p-FullAWSAccess', 'scp'),
      compile(
        {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Deny', Action: ['organizations:*', 'account:*'], Resource: '*' },
            {
              Effect: 'Deny',
              NotAction: ['iam:*', 'sts:*'],
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
            },
          ],
        },
        'p-guardrails',
        'scp',
      ),
    ],
  ],
};

const VERBS = ['GetObject', 'PutObject', 'DeleteObject', 'ListBucket', 'DescribeInstances', 'GetUser', 'DeleteUser', 'ListTables', 'SendMessage', 'Decrypt'];

function makeRequest(): { request: Omit<AuthzRequest, 'context'>; context: Record<string, string | boolean> } {
  const service = pick(SERVICES);
  const name = random() < 0.7 ? `team-${pick(TEAMS)}-${Math.floor(random() * 100)}` : `shared-${Math.floor(random() * 10)}`;
  const arn = service === 's3' ? `arn:aws:s3:::${name}/alice/object-${Math.floor(random() * 1000)}` : `arn:aws:${service}:us-east-1:${ACCOUNT}:${name}`;
  return {
    request: {
      principal: { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, type: 'IAMUser', userId: 'AIDAEXAMPLEALICE00001' },
      action: `${service}:${pick(VERBS)}`,
      resource: { arn, accountId: ACCOUNT },
    },
    context: {
      'aws:username': 'alice',
      'aws:PrincipalTag/team': pick(TEAMS),
      'aws:SourceIp': random() < 0.8 ? `10.${Math.floor(random() * 255)}.1.${Math.floor(random() * 255)}` : '203.0.113.9',
      'aws:SecureTransport': random() < 0.9,
      'aws:CurrentTime': '2026-11-21T19:00:00Z',
      'aws:EpochTime': '1795287600',
      'aws:RequestedRegion': random() < 0.95 ? 'us-east-1' : 'ap-south-1',
    },
  };
}

const requests: AuthzRequest[] = Array.from({ length: 1000 }, () => {
  const { request, context } = makeRequest();
  return { ...request, context };
});

/**
 * One decision as the pipeline makes it: the request carries its context as a plain record, so
 * building the context (lowercasing keys, parsing values) is part of every measured decision.
 */
function decide(i: number): string {
  return evaluate(requests[i]!, policies).result;
}

const counts: Record<string, number> = {};
for (let i = 0; i < requests.length; i++) {
  const result = decide(i);
  counts[result] = (counts[result] ?? 0) + 1;
}
for (const kind of ['Allowed', 'ImplicitlyDenied', 'ExplicitlyDenied']) {
  if (!counts[kind]) throw new Error(`the request mix produced no ${kind} decision: ${JSON.stringify(counts)}`);
}

const key = Buffer.alloc(32, 7);
const message = Buffer.alloc(300, 'a');
let sink = 0;
function hmac(): void {
  sink ^= createHmac('sha256', key).update(message).digest()[0]!;
}

const BATCH = 16;

/**
 * Per-item costs in ns of decisions and of HMACs, sampled alternately (each sample a batch of
 * BATCH repetitions) so that both see the same machine load.
 */
function sample(decisions: number[], hmacs: number[]): void {
  for (let i = 0; i < requests.length; i++) {
    let start = process.hrtime.bigint();
    for (let k = 0; k < BATCH; k++) decide(i);
    decisions.push(Number(process.hrtime.bigint() - start) / BATCH);
    start = process.hrtime.bigint();
    for (let k = 0; k < BATCH; k++) hmac();
    hmacs.push(Number(process.hrtime.bigint() - start) / BATCH);
  }
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

// Warm up both paths until the JIT has settled.
for (let round = 0; round < 3; round++) sample([], []);

const ROUNDS = 3;
const decisions: number[] = [];
const hmacs: number[] = [];
for (let round = 0; round < ROUNDS; round++) sample(decisions, hmacs);
decisions.sort((a, b) => a - b);
hmacs.sort((a, b) => a - b);

const throughputStart = process.hrtime.bigint();
const PASSES = 10;
for (let pass = 0; pass < PASSES; pass++) for (let i = 0; i < requests.length; i++) decide(i);
const seconds = Number(process.hrtime.bigint() - throughputStart) / 1e9;

const decisionMedian = percentile(decisions, 0.5);
const decisionP99 = percentile(decisions, 0.99);
const hmacMedian = percentile(hmacs, 0.5);
const hmacP99 = percentile(hmacs, 0.99);
const us = (ns: number): string => `${(ns / 1000).toFixed(2)} µs`;

const rows: [string, string][] = [
  ['requests (allowed / implicit / explicit)', `${requests.length} (${counts['Allowed']} / ${counts['ImplicitlyDenied']} / ${counts['ExplicitlyDenied']})`],
  ['policies', '5 identity × 10 statements, bucket policy, boundary, 1 SCP level'],
  ['decisions/s (context built per request)', Math.round((PASSES * requests.length) / seconds).toLocaleString('en-US')],
  ['decision median', us(decisionMedian)],
  ['decision p99', us(decisionP99)],
  ['HMAC-SHA256 of 300 bytes, median', us(hmacMedian)],
  ['HMAC-SHA256 of 300 bytes, p99', us(hmacP99)],
  ['median / HMAC (target ≤ 1.0)', (decisionMedian / hmacMedian).toFixed(2)],
  ['p99 / HMAC (target ≤ 10)', (decisionP99 / hmacMedian).toFixed(2)],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log('policy engine benchmark');
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
const ok = decisionMedian / hmacMedian <= 1 && decisionP99 / hmacMedian <= 10;
console.log(ok ? '  targets met' : '  TARGETS MISSED');
if (sink === -1) console.log(sink);
