import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { PolicyType } from './ast.js';
import { GRAMMAR_ISSUES } from './grammarMessages.js';
import { parsePolicy } from './parse.js';

interface Expansion {
  readonly marker: string;
  readonly text: string;
  readonly count: number;
}

interface GrammarCase {
  readonly name: string;
  readonly type: PolicyType;
  readonly policy: unknown;
  readonly ok: boolean;
  readonly message?: string;
  readonly issue?: string;
  readonly path?: string;
  readonly line?: number;
  readonly column?: number;
  readonly limit?: number;
  readonly maxLength?: number;
  /** Replaces each `marker` in the policy text with `text` repeated `count` times. */
  readonly expand?: Expansion | readonly Expansion[];
  readonly source: string;
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/policy-grammar');
const TYPES: ReadonlySet<string> = new Set(['identity', 'resource', 'trust', 'boundary', 'session', 'scp', 'rcp']);

function policyText(c: GrammarCase): string {
  const text = typeof c.policy === 'string' ? c.policy : JSON.stringify(c.policy, null, 2);
  const expansions: readonly Expansion[] = c.expand === undefined ? [] : Array.isArray(c.expand) ? c.expand : [c.expand as Expansion];
  return expansions.reduce((t, e) => t.split(e.marker).join(e.text.repeat(e.count)), text);
}

const files = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('policy grammar fixtures', () => {
  it('finds fixture files', () => {
    assert.ok(files.length >= 8, `expected fixture files in ${FIXTURES}`);
  });
  it('exercises every grammar issue at least once', () => {
    const seen = new Set(files.flatMap((f) => (JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as GrammarCase[]).map((c) => c.issue)));
    assert.deepEqual(
      GRAMMAR_ISSUES.filter((i) => !seen.has(i)),
      [],
    );
  });
  for (const file of files) {
    const cases = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as GrammarCase[];
    describe(file, () => {
      for (const c of cases) {
        it(c.name, () => {
          assert.ok(TYPES.has(c.type), `unknown type ${c.type}`);
          assert.ok(c.source.length > 0, 'every case cites its source');
          const options = c.maxLength === undefined ? {} : { maxLength: c.maxLength };
          const result = parsePolicy(policyText(c), c.type, options);
          if (c.ok) {
            assert.equal(result.ok, true, result.ok ? '' : JSON.stringify(result.errors, null, 1));
            return;
          }
          assert.equal(result.ok, false, 'expected a grammar error');
          if (result.ok) return;
          const first = result.errors[0];
          assert.ok(first !== undefined);
          if (c.message !== undefined) assert.equal(first.message, c.message);
          if (c.issue !== undefined) assert.equal(first.issue, c.issue);
          if (c.path !== undefined) assert.equal(first.path, c.path);
          if (c.line !== undefined) assert.equal(first.line, c.line);
          if (c.column !== undefined) assert.equal(first.column, c.column);
          if (c.limit !== undefined) assert.equal(first.limit, c.limit);
        });
      }
    });
  }
});

describe('parsePolicy', () => {
  it('normalizes a valid policy with normalizePolicy', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Id: 'p1',
      Statement: [
        {
          Sid: 'A1',
          Effect: 'Deny',
          NotAction: ['s3:*'],
          NotResource: 'arn:aws:s3:::b/*',
          Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:max-keys': 10 } },
        },
      ],
    });
    const result = parsePolicy(text, 'identity');
    assert.deepEqual(result, {
      ok: true,
      policy: {
        version: '2012-10-17',
        id: 'p1',
        statements: [
          {
            index: 0,
            sid: 'A1',
            effect: 'Deny',
            notAction: ['s3:*'],
            notResource: ['arn:aws:s3:::b/*'],
            conditions: [
              { operator: 'Bool', key: 'aws:SecureTransport', values: ['false'] },
              { operator: 'NumericLessThan', key: 's3:max-keys', values: ['10'] },
            ],
          },
        ],
      },
    });
  });

  it('reports every problem, ordered the way IAM checks', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'a-b', Effect: 'Allow', Action: 'nocolon', Resource: 'bucket' },
        { Effect: 'Allow', Action: 's3:GetObject' },
      ],
    });
    const result = parsePolicy(text, 'identity');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(
      result.errors.map((e) => [e.issue, e.path]),
      [
        ['SID_CHARSET', 'Statement[0].Sid'],
        ['MISSING_RESOURCE', 'Statement[1]'],
        ['RESOURCE_NOT_ARN', 'Statement[0].Resource'],
        ['ACTION_NO_VENDOR', 'Statement[0].Action'],
      ],
    );
  });

  it('keeps `__proto__` keys as data', () => {
    const text =
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"__proto__":"x"}}}}';
    const result = parsePolicy(text, 'identity');
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.deepEqual(result.policy.statements[0]?.conditions, [{ operator: 'StringEquals', key: '__proto__', values: ['x'] }]);
  });

  it('applies a maxLength override instead of the default quota', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } });
    assert.equal(parsePolicy(text, 'identity', { maxLength: 10 }).ok, false);
    assert.equal(parsePolicy(text, 'identity', { maxLength: text.length }).ok, true);
  });
});
