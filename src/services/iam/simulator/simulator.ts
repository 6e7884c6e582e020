import { ServiceError } from '../../../errors.js';
import { parseArn } from '../../../model/index.js';
import type { ContextRecord, RequestPrincipal } from '../../../policy/index.js';
import { defineOperation, type Operation, type OperationContext } from '../../operation.js';
import { iamNeed } from '../iamNeed.js';
import { parseInputPolicies, parseInputPolicy } from './contextKeys.js';
import { pageOf } from '../paging.js';
import { Simulator, type ResourceResult } from './simulationEngine.js';
import { contextRecord, type ContextEntryInput } from './simulatorContext.js';
import { loadPrincipalPolicies, type SourcedPolicy } from './simulatorPolicies.js';
import { gathererOver } from '../../../auth/index.js';
import type { CompiledPolicy } from '../../../policy/index.js';

/**
 * SimulateCustomPolicy and SimulatePrincipalPolicy: the policy simulator API, on the same engine
 * that authorizes every request.
 *
 * AWS: API_SimulateCustomPolicy, API_SimulatePrincipalPolicy (parameters `CallerArn`,
 * `ResourceOwner`, `ResourcePolicy`, `PermissionsBoundaryPolicyInputList`, `ContextEntries`,
 * `MaxItems`/`Marker`). Each action is simulated on each resource in `ResourceArns` (or on `*`);
 * every pair is one `EvaluationResult`, and results are paginated.
 */

interface SimulationInput {
  PolicyInputList?: string[];
  PermissionsBoundaryPolicyInputList?: string[];
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: ContextEntryInput[];
  ResourceHandlingOption?: string;
  MaxItems?: number;
  Marker?: string;
}

interface PrincipalSimulationInput extends SimulationInput {
  PolicySourceArn: string;
}

interface EvaluationResult extends Omit<ResourceResult, 'EvalResourceName' | 'EvalDecision'> {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: string;
  ResourceSpecificResults?: {
    EvalResourceName: string;
    EvalResourceDecision: string;
    MatchedStatements: ResourceResult['MatchedStatements'];
    MissingContextValues: string[];
    EvalDecisionDetails?: ResourceResult['EvalDecisionDetails'];
    PermissionsBoundaryDecisionDetail?: ResourceResult['PermissionsBoundaryDecisionDetail'];
  }[];
}

interface SimulationOutput {
  EvaluationResults: EvaluationResult[];
  IsTruncated: boolean;
  Marker?: string;
}

const USER_ARN = /^arn:[^:]+:iam::\d{12}:user\/(?:.*\/)?[^/]+$/;

function customPolicies(list: string[] | undefined, member: string, type: 'identity' | 'boundary'): SourcedPolicy[] {
  return parseInputPolicies(list, type, member).map((policy, i) => ({
    sourceId: `${member}.${i + 1}`,
    sourceType: 'none' as const,
    text: list![i]!,
    policy,
  }));
}

/** The account owning resources that do not name one: ResourceOwner, else the caller's account. */
function ownerAccount(input: SimulationInput, callerAccount: string): string {
  if (input.ResourceOwner === undefined) return callerAccount;
  const arn = parseArn(input.ResourceOwner);
  const account = arn?.accountId ?? (/^\d{12}$/.test(input.ResourceOwner) ? input.ResourceOwner : undefined);
  if (account === undefined || !/^\d{12}$/.test(account)) {
    throw new ServiceError('InvalidInput', `Invalid ResourceOwner ${input.ResourceOwner}: it must be an account ARN such as arn:aws:iam::123456789012:root.`);
  }
  return account;
}

/** The simulated caller: CallerArn (an IAM user), else what the simulation is for. */
function callerPrincipal(callerArn: string | undefined, fallback: RequestPrincipal): RequestPrincipal {
  if (callerArn === undefined) return fallback;
  // AWS: "You can specify only the ARN of an IAM user. You cannot specify the ARN of an assumed role,
  // federated user, or a service principal." (API_SimulateCustomPolicy, CallerArn)
  if (!USER_ARN.test(callerArn)) throw new ServiceError('InvalidInput', `Invalid CallerArn ${callerArn}: it must be the ARN of an IAM user.`);
  return { arn: callerArn, accountId: callerArn.split(':')[4]!, type: 'IAMUser', simulatedCaller: true };
}

function runAll(
  ctx: OperationContext,
  input: SimulationInput,
  sim: {
    identity: SourcedPolicy[];
    boundary?: SourcedPolicy;
    principal: RequestPrincipal;
    scpLevels?: readonly (readonly CompiledPolicy[])[];
    principalSimulation?: boolean;
  },
): SimulationOutput {
  for (const action of input.ActionNames) {
    if (!action.includes(':')) throw new ServiceError('InvalidInput', `Invalid action name ${action}: it must be service:ActionName.`);
  }
  const resourcePolicy =
    input.ResourcePolicy === undefined
      ? undefined
      : {
          sourceId: 'ResourcePolicy',
          sourceType: 'resource' as const,
          text: input.ResourcePolicy,
          policy: parseInputPolicy(input.ResourcePolicy, 'resource', 'ResourcePolicy'),
        };
  const context: ContextRecord = contextRecord(input.ContextEntries);
  const simulator = new Simulator({
    identity: sim.identity,
    ...(sim.boundary !== undefined ? { boundary: sim.boundary } : {}),
    ...(resourcePolicy !== undefined ? { resourcePolicy } : {}),
    principal: sim.principal,
    context,
    defaultResourceAccount: ownerAccount(input, sim.principal.accountId || ctx.principal.accountId),
    ...(sim.scpLevels !== undefined ? { scpLevels: sim.scpLevels } : {}),
  });
  const named = input.ResourceArns !== undefined && input.ResourceArns.length > 0;
  const resources = named ? input.ResourceArns! : ['*'];
  const pairs = input.ActionNames.flatMap((action) => resources.map((resource) => [action, resource] as const));
  const page = pageOf(pairs, input.Marker, input.MaxItems);
  const results = page.items.map(([action, resource]): EvaluationResult => {
    const r = simulator.run(action, resource);
    const result: EvaluationResult = {
      EvalActionName: action,
      EvalResourceName: resource,
      EvalDecision: r.EvalDecision,
      MatchedStatements: r.MatchedStatements,
      MissingContextValues: named ? [] : r.MissingContextValues,
      ...(r.PermissionsBoundaryDecisionDetail !== undefined ? { PermissionsBoundaryDecisionDetail: r.PermissionsBoundaryDecisionDetail } : {}),
      // AWS (recorded SimulatePrincipalPolicy responses): a principal's simulation always carries
      // EvalDecisionDetails, empty without a resource policy; the custom examples carry none then.
      ...(r.EvalDecisionDetails !== undefined
        ? { EvalDecisionDetails: r.EvalDecisionDetails }
        : sim.principalSimulation === true
          ? { EvalDecisionDetails: {} }
          : {}),
      ...(r.OrganizationsDecisionDetail !== undefined ? { OrganizationsDecisionDetail: r.OrganizationsDecisionDetail } : {}),
    };
    // AWS: "If you include a list of resources, then any missing context values are instead included
    // under the ResourceSpecificResults section." (API_EvaluationResult, MissingContextValues)
    if (named) {
      result.ResourceSpecificResults = [
        {
          EvalResourceName: resource,
          EvalResourceDecision: r.EvalDecision,
          MatchedStatements: r.MatchedStatements,
          MissingContextValues: r.MissingContextValues,
          ...(r.EvalDecisionDetails !== undefined ? { EvalDecisionDetails: r.EvalDecisionDetails } : {}),
          ...(r.PermissionsBoundaryDecisionDetail !== undefined ? { PermissionsBoundaryDecisionDetail: r.PermissionsBoundaryDecisionDetail } : {}),
        },
      ];
    }
    return result;
  });
  return { EvaluationResults: results, IsTruncated: page.IsTruncated, ...(page.Marker !== undefined ? { Marker: page.Marker } : {}) };
}

export const SimulateCustomPolicy = defineOperation<SimulationInput, SimulationOutput>({
  service: 'iam',
  name: 'SimulateCustomPolicy',
  readOnly: true,
  authorize: () => iamNeed('SimulateCustomPolicy', '*'),
  handle: async (input, ctx) => {
    if (input.ResourcePolicy !== undefined && input.CallerArn === undefined) {
      throw new ServiceError('InvalidInput', 'CallerArn is required when a ResourcePolicy is included in the simulation.');
    }
    const accountId = ctx.principal.accountId;
    const fallback: RequestPrincipal = { arn: `arn:aws:iam::${accountId}:user/`, accountId, type: 'IAMUser' };
    const boundary = customPolicies(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'boundary');
    return runAll(ctx, input, {
      identity: customPolicies(input.PolicyInputList, 'PolicyInputList', 'identity'),
      ...(boundary[0] !== undefined ? { boundary: boundary[0] } : {}),
      principal: callerPrincipal(input.CallerArn, fallback),
    });
  },
});

export const SimulatePrincipalPolicy = defineOperation<PrincipalSimulationInput, SimulationOutput>({
  service: 'iam',
  name: 'SimulatePrincipalPolicy',
  readOnly: true,
  authorize: (input) => iamNeed('SimulatePrincipalPolicy', input.PolicySourceArn),
  handle: async (input, ctx) => {
    const accountId = ctx.principal.accountId;
    const entity = await loadPrincipalPolicies(ctx.store, accountId, input.PolicySourceArn);
    // AWS: "CallerArn is required if you include a ResourcePolicy and the PolicySourceArn is not the
    // ARN for an IAM user." (API_SimulatePrincipalPolicy)
    if (input.ResourcePolicy !== undefined && input.CallerArn === undefined && entity.kind !== 'user') {
      throw new ServiceError('InvalidInput', 'CallerArn is required when a ResourcePolicy is included and PolicySourceArn is not an IAM user.');
    }
    let fallback: RequestPrincipal;
    if (entity.kind === 'role') {
      const sessionArn = `arn:aws:sts::${accountId}:assumed-role/${entity.name}/simulation`;
      fallback = { arn: sessionArn, accountId, type: 'AssumedRole', roleArn: entity.arn };
    } else {
      fallback = { arn: entity.kind === 'user' ? entity.arn : `arn:aws:iam::${accountId}:user/`, accountId, type: 'IAMUser', simulatedCaller: true };
    }
    // AWS: a boundary passed in PermissionsBoundaryPolicyInputList replaces the entity's own.
    const passed = customPolicies(input.PermissionsBoundaryPolicyInputList, 'PermissionsBoundaryPolicyInputList', 'boundary');
    const boundary = passed[0] ?? entity.boundary;
    // AWS: SCPs of the account's organization path limit the simulated principal (never the management account's).
    const guardrails = await gathererOver(ctx.store).guardrailsOf(accountId);
    const scpLevels = guardrails !== null && !guardrails.isManagement ? guardrails.scpLevels : undefined;
    return runAll(ctx, input, {
      ...(scpLevels !== undefined ? { scpLevels } : {}),
      identity: [...entity.identity, ...customPolicies(input.PolicyInputList, 'PolicyInputList', 'identity')],
      ...(boundary !== undefined ? { boundary } : {}),
      principal: callerPrincipal(input.CallerArn, fallback),
      principalSimulation: true,
    });
  },
});

/** The policy simulator operations. */
export const simulationOperations: Operation[] = [SimulateCustomPolicy, SimulatePrincipalPolicy];
