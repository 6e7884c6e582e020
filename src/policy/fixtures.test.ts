import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { PolicyType } from './ast.js';
import { compilePolicy, type CompiledPolicy } from './compile.js';
import type { Decision } from './decision.js';
import { evaluate } from './evaluate.js';
import { renderAccessDeniedMessage } from './explain.js';
import { normalizePolicy } from './normalize.js';
import type { ApplicablePolicies, AuthzRequest, RequestPrincipal } from './request.js';

/**
 * Walks test/fixtures/policy-eval and test/fixtures/policy-operators: every JSON file, every case.
 * Each case names its `source` (AWS doc page or oracle table row).
 */

const ROOT = new URL('../../test/fixtures/', import.meta.url).pathname;

type Json = Record<string, unknown>;
type DocRef = string | { type?: PolicyType; document: string };

interface EvalCase {
  name: string;
  source: string;
  unverified?: string;
  request: { principal: string | RequestPrincipal; action: string; resource: string | { arn: string; accountId?: string }; context?: Json };
  identity?: DocRef[];
  resource?: DocRef;
  resourcePolicyRequired?: boolean;
  boundary?: DocRef;
  session?: DocRef[];
  scpLevels?: DocRef[][];
  rcpLevels?: DocRef[][];
  expect: {
    result: Decision['result'];
    blockedBy?: string[];
    explicitDenyIn?: PolicyType;
    message?: string;
    errors?: number;
  };
}

interface EvalFile {
  description: string;
  principals: Record<string, RequestPrincipal>;
  documents: Record<string, Json & { id?: string; policy?: Json }>;
  cases: EvalCase[];
}

interface OperatorCase {
  name: string;
  source: string;
  version?: '2012-10-17' | '2008-10-17';
  condition?: Json;
  action?: string | string[];
  notAction?: string | string[];
  resource?: string | string[];
  notResource?: string | string[];
  requestAction?: string;
  requestResource?: string;
  context?: Json;
  expect: boolean;
  errors?: boolean;
}

function files(folder: string): string[] {
  return readdirSync(join(ROOT, folder))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

function load<T>(folder: string, file: string): T {
  return JSON.parse(readFileSync(join(ROOT, folder, file), 'utf8')) as T;
}

function accountOf(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

function buildPolicies(file: EvalFile, c: EvalCase): ApplicablePolicies {
  const cache = new Map<string, CompiledPolicy>();
  const compile = (ref: DocRef, fallback: PolicyType): CompiledPolicy => {
    const name = typeof ref === 'string' ? ref : ref.document;
    const type = typeof ref === 'string' ? fallback : (ref.type ?? fallback);
    const key = `${type}/${name}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const entry = file.documents[name];
    assert.ok(entry, `unknown document ${name}`);
    const document = entry.policy ?? entry;
    const compiled = compilePolicy(normalizePolicy(document), { id: entry.id ?? name, type });
    cache.set(key, compiled);
    return compiled;
  };
  const policies: { -readonly [K in keyof ApplicablePolicies]: ApplicablePolicies[K] } = {
    identity: (c.identity ?? []).map((r) => compile(r, 'identity')),
  };
  if (c.resource !== undefined) policies.resource = compile(c.resource, 'resource');
  if (c.resourcePolicyRequired !== undefined) policies.resourcePolicyRequired = c.resourcePolicyRequired;
  if (c.boundary !== undefined) policies.boundary = compile(c.boundary, 'boundary');
  if (c.session !== undefined) policies.session = c.session.map((r) => compile(r, 'session'));
  if (c.scpLevels !== undefined) policies.scpLevels = c.scpLevels.map((l) => l.map((r) => compile(r, 'scp')));
  if (c.rcpLevels !== undefined) policies.rcpLevels = c.rcpLevels.map((l) => l.map((r) => compile(r, 'rcp')));
  return policies;
}

function buildRequest(file: EvalFile, c: EvalCase): AuthzRequest {
  const principal = typeof c.request.principal === 'string' ? file.principals[c.request.principal] : c.request.principal;
  assert.ok(principal, `unknown principal ${String(c.request.principal)}`);
  const r = c.request.resource;
  const resource = typeof r === 'string' ? { arn: r, accountId: accountOf(r) } : r;
  return {
    principal,
    action: c.request.action,
    resource: resource.accountId === undefined ? { arn: resource.arn } : resource,
    context: (c.request.context ?? {}) as AuthzRequest['context'],
  };
}

describe('policy-eval fixtures', () => {
  for (const name of files('policy-eval')) {
    const file = load<EvalFile>('policy-eval', name);
    describe(`${name}: ${file.description}`, () => {
      for (const c of file.cases) {
        it(c.unverified === undefined ? c.name : `${c.name} [unverified against live AWS]`, () => {
          assert.ok(c.source, 'every case names its source');
          const request = buildRequest(file, c);
          const decision = evaluate(request, buildPolicies(file, c));
          assert.equal(decision.result, c.expect.result);
          assert.equal(decision.decision, c.expect.result === 'Allowed' ? 'Allow' : 'Deny');
          if (c.expect.blockedBy !== undefined) assert.deepEqual(decision.blockedBy, c.expect.blockedBy);
          if (c.expect.explicitDenyIn !== undefined) assert.equal(decision.explicitDenyIn, c.expect.explicitDenyIn);
          if (c.expect.message !== undefined) assert.equal(renderAccessDeniedMessage(request, decision), c.expect.message);
          if (c.expect.errors !== undefined) assert.equal(decision.errors.length, c.expect.errors);
        });
      }
    });
  }
});

const OPERATOR_PRINCIPAL: RequestPrincipal = {
  arn: 'arn:aws:iam::111122223333:user/alice',
  accountId: '111122223333',
  type: 'IAMUser',
  userId: 'AIDAEXAMPLEALICE00001',
};

describe('policy-operators fixtures', () => {
  for (const name of files('policy-operators')) {
    const file = load<{ description: string; cases: OperatorCase[] }>('policy-operators', name);
    describe(`${name}: ${file.description}`, () => {
      for (const c of file.cases) {
        it(c.name, () => {
          assert.ok(c.source, 'every case names its source');
          const statement: Json = { Effect: 'Allow' };
          if (c.notAction !== undefined) statement['NotAction'] = c.notAction;
          else statement['Action'] = c.action ?? '*';
          if (c.notResource !== undefined) statement['NotResource'] = c.notResource;
          else statement['Resource'] = c.resource ?? '*';
          if (c.condition !== undefined) statement['Condition'] = c.condition;
          const policy = compilePolicy(normalizePolicy({ Version: c.version ?? '2012-10-17', Statement: [statement] }), { id: 'fixture', type: 'identity' });
          const requestResource = c.requestResource ?? 'arn:aws:s3:::bucket/key';
          const decision = evaluate(
            {
              principal: OPERATOR_PRINCIPAL,
              action: c.requestAction ?? 's3:GetObject',
              resource: { arn: requestResource },
              context: (c.context ?? {}) as AuthzRequest['context'],
            },
            { identity: [policy] },
          );
          assert.equal(decision.result === 'Allowed', c.expect, `expected the statement to ${c.expect ? '' : 'not '}match`);
          assert.equal(decision.errors.length > 0, c.errors === true, `errors: ${JSON.stringify(decision.errors)}`);
        });
      }
    });
  }
});
