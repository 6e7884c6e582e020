import type { Policy, PolicyType } from '../../../policy/index.js';
import {
  buildContext,
  compilePolicy,
  evaluate,
  type AuthzRequest,
  type CompiledPolicy,
  type ContextRecord,
  type Decision,
  type RequestPrincipal,
} from '../../../policy/index.js';
import { statementContextKeys } from './contextKeys.js';
import type { SourcedPolicy } from './simulatorPolicies.js';
import { statementSpans, type StatementSpan } from './statementPositions.js';

/**
 * Runs simulations on the real policy engine and shapes each answer as IAM's `EvaluationResult`.
 *
 * AWS: API_SimulateCustomPolicy / API_SimulatePrincipalPolicy and API_EvaluationResult —
 * `EvalDecision` is `allowed`, `explicitDeny` or `implicitDeny`; `MatchedStatements` lists the
 * statements that applied; `MissingContextValues` lists the context keys that the policies need for
 * the action and resource but the request did not supply; with `ResourceArns`, each result carries
 * its resource's `ResourceSpecificResults`.
 */

/** Everything one simulation needs. */
export interface Simulation {
  readonly identity: readonly SourcedPolicy[];
  readonly boundary?: SourcedPolicy;
  readonly resourcePolicy?: SourcedPolicy;
  readonly principal: RequestPrincipal;
  readonly context: ContextRecord;
  /** The owner of resources whose ARN has no account (and of `*`). */
  readonly defaultResourceAccount: string;
  /** SCP levels of the simulated principal's account (root → account); undefined outside an organization. */
  readonly scpLevels?: readonly (readonly CompiledPolicy[])[];
}

type Decided = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** One `Statement` entry of IAM's output. */
export interface MatchedStatementOut {
  SourcePolicyId: string;
  SourcePolicyType?: string;
  StartPosition?: { Line: number; Column: number };
  EndPosition?: { Line: number; Column: number };
}

/** The part of an `EvaluationResult` that describes one resource. */
export interface ResourceResult {
  EvalResourceName: string;
  EvalDecision: Decided;
  MatchedStatements: MatchedStatementOut[];
  MissingContextValues: string[];
  EvalDecisionDetails?: Record<string, Decided>;
  PermissionsBoundaryDecisionDetail?: { AllowedByPermissionsBoundary: boolean };
  OrganizationsDecisionDetail?: { AllowedByOrganizations: boolean };
}

interface Entry {
  readonly source: SourcedPolicy;
  readonly compiled: CompiledPolicy;
  /** The same policy without conditions (and with variable resources widened), to find needed keys. */
  readonly probe: CompiledPolicy;
  spans?: StatementSpan[];
}

/** A prepared simulation: policies compiled once, evaluated per action and resource. */
export class Simulator {
  private readonly entries = new Map<string, Entry>();
  private readonly identity: Entry[];
  private readonly boundary: Entry | undefined;
  private readonly resource: Entry | undefined;

  constructor(private readonly sim: Simulation) {
    this.identity = sim.identity.map((p, i) => this.add(p, `identity.${i}`, 'identity'));
    this.boundary = sim.boundary === undefined ? undefined : this.add(sim.boundary, 'boundary', 'boundary');
    this.resource = sim.resourcePolicy === undefined ? undefined : this.add(sim.resourcePolicy, 'resource', 'resource');
  }

  /** The answer for one action on one resource (`*` when the request named none). */
  run(action: string, resourceArn: string): ResourceResult {
    const request: AuthzRequest = {
      principal: this.sim.principal,
      action,
      resource: { arn: resourceArn, accountId: accountOf(resourceArn) ?? this.sim.defaultResourceAccount },
      context: buildContext(this.sim.context),
    };
    const decision = evaluate(request, { ...this.policies((e) => e.compiled), ...(this.sim.scpLevels !== undefined ? { scpLevels: this.sim.scpLevels } : {}) });
    const probe = evaluate(
      request,
      this.policies((e) => e.probe),
    );
    const result: ResourceResult = {
      EvalResourceName: resourceArn,
      EvalDecision: decided(decision),
      MatchedStatements: decision.matchedStatements.filter((m) => this.entries.has(m.policyId)).map((m) => this.describe(m.policyId, m.index)),
      MissingContextValues: this.missing(probe),
    };
    if (this.boundary !== undefined) {
      result.PermissionsBoundaryDecisionDetail = { AllowedByPermissionsBoundary: layerDecision(decision, 'boundary') === 'allowed' };
    }
    // AWS: API_EvaluationResult, OrganizationsDecisionDetail — "how Organizations and its service
    // control policies affect the results of the simulation", when the account is in an organization.
    if (this.sim.scpLevels !== undefined) result.OrganizationsDecisionDetail = { AllowedByOrganizations: !decision.blockedBy.includes('scp') };
    if (this.resource !== undefined) {
      const details: Record<string, Decided> = { 'IAM Policy': layerDecision(decision, 'identity') };
      if (this.boundary !== undefined) details['PermissionsBoundaryPolicy'] = layerDecision(decision, 'boundary');
      details['ResourcePolicy'] = layerDecision(decision, 'resource');
      result.EvalDecisionDetails = details;
    }
    return result;
  }

  private add(source: SourcedPolicy, id: string, type: PolicyType): Entry {
    const entry: Entry = {
      source,
      compiled: compilePolicy(source.policy, { id, type }),
      probe: compilePolicy(probePolicy(source.policy), { id, type }),
    };
    this.entries.set(id, entry);
    return entry;
  }

  private policies(pick: (e: Entry) => CompiledPolicy) {
    return {
      identity: this.identity.map(pick),
      ...(this.boundary !== undefined ? { boundary: pick(this.boundary) } : {}),
      ...(this.resource !== undefined ? { resource: pick(this.resource) } : {}),
    };
  }

  private describe(policyId: string, index: number): MatchedStatementOut {
    const entry = this.entries.get(policyId)!;
    entry.spans ??= statementSpans(entry.source.text);
    const span = entry.spans[index];
    // AWS: policies passed in the request carry no SourcePolicyType (the AWS CLI's simulate examples).
    const out: MatchedStatementOut =
      entry.source.sourceType === 'none'
        ? { SourcePolicyId: entry.source.sourceId }
        : { SourcePolicyId: entry.source.sourceId, SourcePolicyType: entry.source.sourceType };
    if (span !== undefined) {
      out.StartPosition = { Line: span.start.line, Column: span.start.column };
      out.EndPosition = { Line: span.end.line, Column: span.end.column };
    }
    return out;
  }

  private missing(probe: Decision): string[] {
    const context = buildContext(this.sim.context);
    const seen = new Map<string, string>();
    for (const m of probe.matchedStatements) {
      const policy = this.entries.get(m.policyId)!.source.policy;
      const statement = policy.statements.find((s) => s.index === m.index);
      if (statement === undefined) continue;
      for (const key of statementContextKeys(statement, policy.version === '2012-10-17')) {
        const lower = key.toLowerCase();
        if (context.getLower(lower) === undefined && !seen.has(lower)) seen.set(lower, key);
      }
    }
    return [...seen.values()];
  }
}

/** The policy with its conditions removed and variable resources widened to `*`. */
function probePolicy(policy: Policy): Policy {
  return {
    ...policy,
    statements: policy.statements.map((s) => {
      const variable = [...(s.resource ?? []), ...(s.notResource ?? [])].some((r) => r.includes('${'));
      if (!variable) return { ...s, conditions: [] };
      const { notResource: _dropped, ...rest } = s;
      return { ...rest, resource: ['*'], conditions: [] };
    }),
  };
}

function decided(decision: Decision): Decided {
  return decision.result === 'Allowed' ? 'allowed' : decision.result === 'ExplicitlyDenied' ? 'explicitDeny' : 'implicitDeny';
}

/** One layer's own verdict: a matching Deny, else a matching Allow, else nothing that allows. */
function layerDecision(decision: Decision, type: PolicyType): Decided {
  const statements = decision.matchedStatements.filter((m) => m.policyType === type);
  if (statements.some((m) => m.effect === 'Deny')) return 'explicitDeny';
  return statements.some((m) => m.effect === 'Allow') ? 'allowed' : 'implicitDeny';
}

function accountOf(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const account = arn.split(':')[4];
  return account === undefined || account === '' ? undefined : account;
}
