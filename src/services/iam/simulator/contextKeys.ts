import type { Policy, Statement } from '../../../policy/index.js';
import type { PolicyType } from '../../../policy/index.js';
import { parsePolicy } from '../../../policy/index.js';
import { ServiceError } from '../../../errors.js';
import { defineOperation, type Operation } from '../../operation.js';
import { iamNeed } from '../iamNeed.js';
import { loadPrincipalPolicies } from './simulatorPolicies.js';

/**
 * GetContextKeysForCustomPolicy and GetContextKeysForPrincipalPolicy.
 *
 * AWS: API_GetContextKeysForCustomPolicy — "Context keys are variables maintained by AWS and its
 * services that provide details about the context of an API query request. Context keys can be
 * evaluated by testing against a value specified in an IAM policy." The keys are those named in
 * Condition blocks and those used as policy variables (`${aws:username}`) in Resource and Condition
 * values; each key is listed once (keys are case-insensitive), in document order.
 */

const VARIABLE = /\$\{([^}]*)\}/g;
const FIXED_VARIABLES = new Set(['*', '?', '$']);

/** The variables (`${key}` or `${key, 'default'}`) used in a text, as key names. */
export function variablesIn(text: string): string[] {
  const keys: string[] = [];
  for (const m of text.matchAll(VARIABLE)) {
    const body = m[1]!.trim();
    if (FIXED_VARIABLES.has(body)) continue;
    const key = body.split(',')[0]!.trim();
    if (key.includes(':')) keys.push(key);
  }
  return keys;
}

/** Every context key one statement uses: condition keys, then variables in its resources and values. */
export function statementContextKeys(statement: Statement, variables: boolean): string[] {
  const keys: string[] = [];
  if (variables) for (const r of [...(statement.resource ?? []), ...(statement.notResource ?? [])]) keys.push(...variablesIn(r));
  for (const test of statement.conditions) {
    keys.push(test.key);
    if (variables) for (const v of test.values) keys.push(...variablesIn(v));
  }
  return keys;
}

/** Every context key the policies use, each once (first spelling kept), in document order. */
export function policyContextKeys(policies: readonly Policy[]): string[] {
  const seen = new Map<string, string>();
  for (const policy of policies) {
    const variables = policy.version === '2012-10-17';
    for (const statement of policy.statements) {
      for (const key of statementContextKeys(statement, variables)) {
        if (!seen.has(key.toLowerCase())) seen.set(key.toLowerCase(), key);
      }
    }
  }
  return [...seen.values()];
}

/**
 * Parses policy documents passed to the simulator APIs. AWS: these APIs answer a policy that does not
 * parse with InvalidInput (their documented errors are InvalidInput, NoSuchEntity, PolicyEvaluation).
 */
export function parseInputPolicies(texts: readonly string[] | undefined, type: PolicyType, member: string): Policy[] {
  return (texts ?? []).map((text, i) => parseInputPolicy(text, type, `${member}.${i + 1}`));
}

/** Parses one policy document passed to the simulator APIs; see {@link parseInputPolicies}. */
export function parseInputPolicy(text: string, type: PolicyType, where: string): Policy {
  // AWS: the simulator takes policies of either version (2008-10-17 leaves policy variables literal).
  const result = parsePolicy(text, type, { anyVersion: true });
  if (result.ok) return result.policy;
  throw new ServiceError('InvalidInput', `Invalid policy document in ${where}: ${result.errors[0]?.message ?? 'Syntax errors in policy.'}`);
}

interface CustomInput {
  PolicyInputList: string[];
}

interface PrincipalInput {
  PolicySourceArn: string;
  PolicyInputList?: string[];
}

export const GetContextKeysForCustomPolicy = defineOperation<CustomInput, { ContextKeyNames: string[] }>({
  service: 'iam',
  name: 'GetContextKeysForCustomPolicy',
  readOnly: true,
  authorize: () => iamNeed('GetContextKeysForCustomPolicy', '*'),
  handle: async (input) => ({
    ContextKeyNames: policyContextKeys(parseInputPolicies(input.PolicyInputList, 'identity', 'PolicyInputList')),
  }),
});

export const GetContextKeysForPrincipalPolicy = defineOperation<PrincipalInput, { ContextKeyNames: string[] }>({
  service: 'iam',
  name: 'GetContextKeysForPrincipalPolicy',
  readOnly: true,
  authorize: (input) => iamNeed('GetContextKeysForPrincipalPolicy', input.PolicySourceArn),
  handle: async (input, ctx) => {
    const gathered = await loadPrincipalPolicies(ctx.store, ctx.principal.accountId, input.PolicySourceArn);
    const policies = [...gathered.identity.map((p) => p.policy), ...parseInputPolicies(input.PolicyInputList, 'identity', 'PolicyInputList')];
    return { ContextKeyNames: policyContextKeys(policies) };
  },
});

/** The context-key operations. */
export const contextKeyOperations: Operation[] = [GetContextKeysForCustomPolicy, GetContextKeysForPrincipalPolicy];
