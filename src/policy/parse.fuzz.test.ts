import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { PolicyType } from './ast.js';
import { MAX_GRAMMAR_ERRORS, type ParseResult } from './grammarReport.js';
import { parsePolicy } from './parse.js';

const TYPES: readonly PolicyType[] = ['identity', 'resource', 'trust', 'boundary', 'session', 'scp', 'rcp'];
/** Generous per-call bound; a document of a few KB parses in microseconds. */
const PER_CALL_MS = 100;
const SEED = 20261121;

const SEEDS: Readonly<Record<PolicyType, unknown>> = {
  identity: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'A',
        Effect: 'Allow',
        Action: ['s3:GetObject', 'ec2:Describe*'],
        Resource: 'arn:aws:s3:::b/${aws:username}/*',
        Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
      },
      { Effect: 'Deny', NotAction: 'iam:*', NotResource: '*', Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['a*'] } } },
    ],
  },
  boundary: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } },
  session: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' } },
  trust: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com', AWS: ['arn:aws:iam::123456789012:root'] },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
      },
    ],
  },
  resource: {
    Version: '2008-10-17',
    Id: 'p',
    Statement: [
      {
        Sid: 'Public read',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
        Condition: { Bool: { 'aws:SecureTransport': true } },
      },
    ],
  },
  scp: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', NotAction: ['iam:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } },
    ],
  },
  rcp: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }],
  },
};

/** Random text: mostly Latin-1 (passes the charset check, exercises the JSON parser), some not. */
const bytes = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0, max: 0x17f }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
  fc.string({ unit: fc.constantFrom(...'{}[]":,. \n\t0123456789-eEtrufalsn'.split('')), maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

let slowest = 0;

/** Calls parsePolicy, failing on a throw or a slow call, and checks the result's shape. */
function check(text: string, type: PolicyType): ParseResult {
  const started = performance.now();
  let result: ParseResult;
  try {
    result = parsePolicy(text, type);
  } catch (e) {
    assert.fail(`parsePolicy threw for ${type}: ${String(e)} on ${JSON.stringify(text.slice(0, 200))}`);
  }
  let elapsed = performance.now() - started;
  // A shared CI machine can stall any single call; re-time a slow one to tell noise from cost.
  for (let retry = 0; retry < 2 && elapsed >= PER_CALL_MS; retry++) {
    const again = performance.now();
    parsePolicy(text, type);
    elapsed = Math.min(elapsed, performance.now() - again);
  }
  slowest = Math.max(slowest, elapsed);
  assert.ok(elapsed < PER_CALL_MS, `parsePolicy took ${elapsed.toFixed(1)} ms`);
  if (result.ok) {
    assert.ok(result.policy.version === '2012-10-17' || result.policy.version === '2008-10-17');
    assert.ok(Array.isArray(result.policy.statements) && result.policy.statements.length > 0);
    for (const s of result.policy.statements) {
      assert.ok(s.effect === 'Allow' || s.effect === 'Deny');
      assert.ok(Number.isInteger(s.index) && Array.isArray(s.conditions));
      assert.ok((s.action ?? s.notAction) !== undefined, 'a valid statement has actions');
    }
  } else {
    assert.ok(result.errors.length > 0 && result.errors.length <= MAX_GRAMMAR_ERRORS);
    for (const e of result.errors) {
      assert.ok(typeof e.message === 'string' && e.message.length > 0);
      assert.ok(typeof e.issue === 'string' && typeof e.detail === 'string');
      if (e.line !== undefined) assert.ok(Number.isInteger(e.line) && e.line >= 1 && Number.isInteger(e.column) && (e.column ?? 0) >= 1);
      if (e.path !== undefined) assert.equal(typeof e.path, 'string');
    }
  }
  return result;
}

type Mutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'retype'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'binary-ascii', maxLength: 8 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat({ max: 60 }) }),
);

/** Every container slot of a JSON value, as [parent, key] pairs. */
function slots(value: unknown, out: Array<[Record<string, unknown> | unknown[], string | number]> = []): typeof out {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      out.push([value, i]);
      slots(v, out);
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) out.push([value as Record<string, unknown>, k]), slots(v, out);
  }
  return out;
}

function mutate(seed: unknown, mutations: readonly Mutation[]): string {
  const value: unknown = structuredClone(seed);
  let text: string | undefined;
  for (const m of mutations) {
    if (m.kind === 'delete' || m.kind === 'retype') {
      if (text !== undefined) continue;
      const all = slots(value);
      const slot = all[m.at % Math.max(all.length, 1)];
      if (slot === undefined) continue;
      const [parent, key] = slot;
      if (m.kind === 'retype') (parent as Record<string | number, unknown>)[key] = m.value;
      else if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      continue;
    }
    text ??= JSON.stringify(value, null, 1);
    const at = m.at % (text.length + 1);
    if (m.kind === 'truncate') text = text.slice(0, at);
    else if (m.kind === 'insert') text = text.slice(0, at) + m.text + text.slice(at);
    else text = text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
  }
  return text ?? JSON.stringify(value, null, 1);
}

describe('parsePolicy fuzz', () => {
  it('seed policies are valid for their types', () => {
    for (const type of TYPES) assert.equal(check(JSON.stringify(SEEDS[type]), type).ok, true, type);
  });

  it('survives random bytes for every type', () => {
    fc.assert(
      fc.property(bytes, fc.constantFrom(...TYPES), (text, type) => {
        check(text, type);
      }),
      { numRuns: 1000, seed: SEED },
    );
  });

  it('survives random JSON for every type', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 6 }), fc.constantFrom(...TYPES), (text, type) => {
        check(text, type);
      }),
      { numRuns: 800, seed: SEED },
    );
  });

  it('survives mutated valid policies for every type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), fc.constantFrom(...TYPES), fc.array(mutation, { minLength: 1, maxLength: 4 }), (from, type, ms) => {
        check(mutate(SEEDS[from], ms), type);
      }),
      { numRuns: 2000, seed: SEED },
    );
  });

  it('stays linear on large hostile documents', () => {
    const hostile = [
      '['.repeat(200_000),
      `{"Version":"2012-10-17","Statement":[${'{"Effect":"Allow","Action":"s3:*","Resource":"*"},'.repeat(2000)}{}]}`,
      `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringLike":{"k":"${'${'.repeat(50_000)}"}}}}`,
      `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:${'*a'.repeat(2000)}b"}}`,
      `{${Array.from({ length: 10_000 }, (_, i) => `"k${i}":${i}`).join(',')}}`,
    ];
    for (const text of hostile) {
      for (const type of ['identity', 'trust', 'rcp'] as const) {
        const started = performance.now();
        const result = parsePolicy(text, type, { maxLength: Number.MAX_SAFE_INTEGER });
        assert.ok(performance.now() - started < 1000, `hostile input of ${text.length} chars took too long`);
        assert.equal(result.ok, false);
      }
    }
  });

  it('measured the slowest call', () => {
    assert.ok(slowest < PER_CALL_MS, `slowest call ${slowest.toFixed(2)} ms`);
  });
});
