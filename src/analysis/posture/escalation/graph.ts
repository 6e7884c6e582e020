import type { PolicyGatherer } from '../../../auth/policies/index.js';
import type { CompiledPolicy } from '../../../policy/index.js';
import type { AccountModel, GroupModel, PolicyModel, RoleModel, UserModel } from '../accountModel.js';
import type { ActingNode } from './actingContext.js';
import { administrator, PROBE_ACTION } from './adminProbe.js';
import { allowAll, compileIdentity, EngineDecider, type EdgeDecision, type PolicyChange } from './decider.js';
import type { AdministratorInfo, EscalationAnalysis, EscalationPath, EscalationStep, StepAction } from './paths.js';
import { mayAdmit, mayAllowAction, namesDirectly, trustAdmission, type TrustAdmission } from './prefilter.js';
import { ADMINISTRATOR_ACCESS, IAM_TECHNIQUES, PASSROLE_TECHNIQUES, type Technique } from './techniques.js';

/**
 * The privilege-escalation graph of one account: who is an administrator, and, for every other
 * user and role, the shortest chains of steps to one. Steps are pathfinding.cloud's 22 IAM and STS
 * paths (self-escalation: the caller changes its own permissions; principal-access: it gets another
 * principal's credentials or session, or changes another principal and then acts as it), Gatehouse's
 * two self-escalations, and pathfinding.cloud's new-PassRole paths (marked conditional). Each call of
 * each step is decided by the engine for the acting principal with everything that applies to it
 * (`decider.ts`); a step blocked by a condition, a boundary, an SCP, an RCP or the target's trust
 * policy is not taken.
 *
 * The search runs backwards from the administrators, level by level: a principal is asked about
 * edges only into principals already known to lead to an administrator, so the engine is asked
 * about a small part of all principal pairs.
 */
export async function analyzeEscalation(model: AccountModel, gatherer: PolicyGatherer, now: Date, progress?: ProgressListener): Promise<EscalationAnalysis> {
  const started = Date.now();
  const graph = new EscalationGraph(model, gatherer, now, progress ?? (() => {}));
  const result = await graph.run();
  return { ...result, stats: { principals: graph.nodes.length, evaluations: graph.decider.evaluations, milliseconds: Date.now() - started } };
}

/** Told how far the analysis has got: a phase's label, and how many of how many principals it has done. */
export type ProgressListener = (phase: string, done: number, total: number) => void;

/** The calls of one step: action, resource, the action's own condition keys, a trust policy in place of the role's. */
type Calls = readonly (readonly [action: string, resource: string, context?: Record<string, string>, trust?: string])[];

interface Reached {
  readonly distance: number;
  /** The first steps of the principal's shortest paths, at most one per technique. */
  readonly steps: EscalationStep[];
}

class EscalationGraph {
  readonly decider: EngineDecider;
  readonly nodes: readonly ActingNode[];
  readonly #model: AccountModel;
  readonly #gatherer: PolicyGatherer;
  readonly #account: string;
  readonly #identity = new Map<string, Promise<readonly CompiledPolicy[]>>();
  readonly #may = new Map<string, Promise<boolean>>();
  readonly #trust = new Map<string, TrustAdmission>();
  readonly #potential = new Map<string, Promise<EdgeDecision | undefined>>();
  readonly #groupPolicies = new Map<string, Promise<readonly CompiledPolicy[]>>();
  readonly #groups: ReadonlyMap<string, GroupModel>;
  readonly #progress: ProgressListener;

  constructor(model: AccountModel, gatherer: PolicyGatherer, now: Date, progress: ProgressListener) {
    this.#progress = progress;
    this.#model = model;
    this.#gatherer = gatherer;
    this.#account = model.accountId;
    this.decider = new EngineDecider(gatherer, model.accountId, now);
    const byArn = (a: { arn: string }, b: { arn: string }) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0);
    this.nodes = [...model.users, ...model.roles.filter((r) => !r.serviceLinked)].sort(byArn);
    this.#groups = new Map(model.groups.map((g) => [g.name.toLowerCase(), g]));
  }

  async run(): Promise<Omit<EscalationAnalysis, 'stats'>> {
    const administrators: AdministratorInfo[] = [];
    const reached = new Map<string, Reached>();
    for (const [i, node] of this.nodes.entries()) {
      if (i % 100 === 0) this.#progress('finding administrators', i, this.nodes.length);
      const admin = await this.#administrator(node);
      if (admin === undefined) continue;
      administrators.push({ arn: node.arn, type: node.kind, mfaRequired: admin.mfaRequired, grantedBy: admin.allowedBy });
      reached.set(node.arn, { distance: 0, steps: [] });
    }
    const others = this.nodes.filter((n) => !reached.has(n.arn));
    // Distance 1 without another principal's help: the caller changes its own permissions, or
    // changes another principal it can then act as.
    for (const [i, node] of others.entries()) {
      if (i % 100 === 0) this.#progress('self-escalation', i, others.length);
      const steps = [...(await this.#selfEscalations(node)), ...(await this.#modifyAndAccess(node, reached))];
      if (steps.length > 0) reached.set(node.arn, { distance: 1, steps: firstPerTechnique(steps) });
    }
    // Then backwards, level by level: edges into principals that lead to an administrator.
    let frontier = this.nodes.filter((n) => reached.get(n.arn)?.distance === 0);
    for (let distance = 1; frontier.length > 0; distance++) {
      const next: ActingNode[] = [];
      for (const [i, node] of others.entries()) {
        if (i % 100 === 0) this.#progress(`paths of length ${distance}`, i, others.length);
        const known = reached.get(node.arn);
        if (known !== undefined && known.distance < distance) continue;
        const steps: EscalationStep[] = [];
        const capable = await this.#accessCapable(node);
        for (const target of frontier) {
          if (target.arn === node.arn) continue;
          // Without any access action of its own, only a trust policy naming the node can let it in.
          if (!capable && !(target.kind === 'role' && namesDirectly(this.#trustOf(target), node))) continue;
          steps.push(...(await this.#access(node, target)));
        }
        if (steps.length === 0) continue;
        if (known === undefined) {
          reached.set(node.arn, { distance, steps: firstPerTechnique(steps) });
          next.push(node);
        } else known.steps.splice(0, known.steps.length, ...firstPerTechnique([...known.steps, ...steps]));
      }
      if (distance === 1) for (const node of others) if (reached.get(node.arn)?.distance === 1 && !next.includes(node)) next.push(node);
      frontier = next;
    }
    const paths: EscalationPath[] = [];
    for (const node of others) {
      const known = reached.get(node.arn);
      if (known === undefined) continue;
      for (const first of known.steps) {
        const steps = [first];
        let at = first;
        while (!at.makesAdministrator && reached.get(at.to)!.distance > 0) {
          at = reached.get(at.to)!.steps[0]!;
          steps.push(at);
        }
        paths.push({
          source: node.arn,
          sourceType: node.kind,
          steps,
          administrator: steps[steps.length - 1]!.to,
          conditional: steps.some((s) => s.conditional),
          mfaRequired: steps.some((s) => s.mfaRequired),
        });
      }
    }
    return { administrators, paths };
  }

  // --- the engine's questions ---

  /** The node's identity policies as the gatherer compiled (and keeps) them for its decisions. */
  #identity_(node: ActingNode): Promise<readonly CompiledPolicy[]> {
    let pending = this.#identity.get(node.arn);
    if (pending === undefined) {
      pending = this.decider.identityOf(node);
      this.#identity.set(node.arn, pending);
    }
    return pending;
  }

  /** Whether some Allow of the node's identity policies names the action (any resource). */
  #mayAllow(node: ActingNode, action: string): Promise<boolean> {
    const key = `${node.arn}\n${action}`;
    let pending = this.#may.get(key);
    if (pending === undefined) {
      pending = this.#identity_(node).then((policies) => mayAllowAction(policies, action));
      this.#may.set(key, pending);
    }
    return pending;
  }

  /** Whether the node's identity policies name any action a principal-access step takes. */
  async #accessCapable(node: ActingNode): Promise<boolean> {
    for (const action of ACCESS_ACTIONS) if (await this.#mayAllow(node, action)) return true;
    return false;
  }

  async #mayAllowAll(node: ActingNode, actions: readonly string[]): Promise<boolean> {
    for (const action of actions) if (!(await this.#mayAllow(node, action))) return false;
    return true;
  }

  #trustOf(role: RoleModel): TrustAdmission {
    let trust = this.#trust.get(role.arn);
    if (trust === undefined) this.#trust.set(role.arn, (trust = trustAdmission(role)));
    return trust;
  }

  async #administrator(node: ActingNode, change?: PolicyChange): Promise<EdgeDecision | undefined> {
    // Only a statement allowing every action allows the probe's action of no real service.
    if (change === undefined && !(await this.#mayAllow(node, PROBE_ACTION))) return undefined;
    return administrator(this.decider, node, this.#account, change);
  }

  /**
   * Whether `node` would be an administrator with `change` made to its policies (memoized per node
   * and change). A node held back only by its permissions boundary is one too when the change lets
   * it delete that boundary: it takes that step next.
   */
  #potential_(node: ActingNode, change: PolicyChange): Promise<EdgeDecision | undefined> {
    const key = `${node.arn}\n${change.key}`;
    let pending = this.#potential.get(key);
    if (pending === undefined) {
      pending = (async () => {
        const admin = await this.#administrator(node, change);
        if (admin !== undefined || node.boundaryArn === null || change.boundary !== undefined) return admin;
        const kind = node.kind === 'user' ? 'User' : 'Role';
        const unbind = await this.decider.decide(node, `iam:Delete${kind}PermissionsBoundary`, node.arn, { change });
        if (!unbind.allowed) return undefined;
        const unbound = await this.#administrator(node, { ...change, key: `${change.key}\nno boundary`, boundary: 'remove' });
        return unbound === undefined ? undefined : { ...unbound, mfaRequired: unbound.mfaRequired || unbind.mfaRequired };
      })();
      this.#potential.set(key, pending);
    }
    return pending;
  }

  async #all(node: ActingNode, calls: Calls) {
    const actions: StepAction[] = [];
    let mfaRequired = false;
    for (const [action, resource, context, trust] of calls) {
      const d = await this.decider.decide(node, action, resource, {
        ...(context !== undefined ? { context } : {}),
        ...(trust !== undefined ? { trustPolicy: trust } : {}),
      });
      if (!d.allowed) return undefined;
      mfaRequired ||= d.mfaRequired;
      actions.push({ action, resource, ...(context !== undefined ? { context } : {}), allowedBy: d.allowedBy });
    }
    return { actions, mfaRequired };
  }

  #step(
    technique: Technique,
    from: ActingNode,
    to: ActingNode,
    made: { actions: StepAction[]; mfaRequired: boolean },
    description: string,
    makesAdministrator: boolean,
    extraMfa = false,
    conditional = false,
  ): EscalationStep {
    return {
      technique: technique.id,
      name: technique.name,
      category: technique.category,
      link: technique.link,
      from: from.arn,
      to: to.arn,
      makesAdministrator,
      actions: made.actions,
      mfaRequired: made.mfaRequired || extraMfa,
      conditional,
      description,
    };
  }

  /** The customer managed policies that apply to a node (its own and, for a user, its groups'). */
  #customerPolicies(node: ActingNode) {
    const arns = new Set(node.attached);
    if (node.kind === 'user') for (const g of node.groups) for (const arn of this.#groups.get(g.toLowerCase())?.attached ?? []) arns.add(arn);
    return [...arns].map((arn) => this.#model.policies.get(arn)).filter((p): p is PolicyModel => p !== undefined && !p.awsManaged);
  }

  // --- self-escalation: the caller changes its own permissions ---

  async #selfEscalations(node: ActingNode): Promise<EscalationStep[]> {
    const T = IAM_TECHNIQUES;
    const steps: EscalationStep[] = [];
    const becomes = async (technique: Technique, change: () => PolicyChange, calls: Calls, description: string) => {
      // IAM's own actions on users, groups, roles and policies are granted by identity policies alone.
      if (
        !(await this.#mayAllowAll(
          node,
          calls.map(([action]) => action),
        ))
      )
        return;
      const made = await this.#all(node, calls);
      if (made === undefined) return;
      const admin = await this.#potential_(node, change());
      if (admin !== undefined) steps.push(this.#step(technique, node, node, made, description, true, admin.mfaRequired));
    };

    if (await this.#mayAllow(node, 'iam:CreatePolicyVersion')) {
      for (const policy of this.#customerPolicies(node)) {
        const calls: [string, string][] = [['iam:CreatePolicyVersion', policy.arn]];
        // AWS: a managed policy keeps at most five versions; a sixth needs one deleted first.
        if (policy.versions.length >= 5) calls.push(['iam:DeletePolicyVersion', policy.arn]);
        await becomes(
          T.createPolicyVersion,
          () => ({ key: `replace ${policy.arn}`, remove: [policy.arn], add: [allowAll(policy.arn)] }),
          calls,
          `${nameOf(node)} can create a new default version of ${policy.name}, which applies to it, allowing everything`,
        );
      }
    }
    if (await this.#mayAllow(node, 'iam:SetDefaultPolicyVersion')) {
      for (const policy of this.#customerPolicies(node)) {
        for (const version of policy.versions.filter((v) => !v.isDefault)) {
          const compiled = compileIdentity(policy.arn, version.document);
          if (compiled === undefined) continue;
          await becomes(
            T.setDefaultPolicyVersion,
            () => ({ key: `version ${policy.arn} ${version.versionId}`, remove: [policy.arn], add: [compiled] }),
            [['iam:SetDefaultPolicyVersion', policy.arn]],
            `${nameOf(node)} can make version ${version.versionId} of ${policy.name}, which applies to it and makes it an administrator, the default`,
          );
        }
      }
    }
    const inlineId = `inline:${node.kind}/${node.name}/gatehouse-escalation`;
    if (node.kind === 'role') {
      await becomes(
        T.putRolePolicySelf,
        () => ({ key: 'inline allow-all', add: [allowAll(inlineId)] }),
        [['iam:PutRolePolicy', node.arn]],
        `${nameOf(node)} can put an inline policy allowing everything on itself`,
      );
      await becomes(
        T.attachRolePolicySelf,
        () => ({ key: 'attach AdministratorAccess', add: [allowAll(ADMINISTRATOR_ACCESS)] }),
        [['iam:AttachRolePolicy', node.arn, { 'iam:PolicyARN': ADMINISTRATOR_ACCESS }]],
        `${nameOf(node)} can attach AdministratorAccess to itself`,
      );
    } else {
      await becomes(
        T.putUserPolicySelf,
        () => ({ key: 'inline allow-all', add: [allowAll(inlineId)] }),
        [['iam:PutUserPolicy', node.arn]],
        `${nameOf(node)} can put an inline policy allowing everything on itself`,
      );
      await becomes(
        T.attachUserPolicySelf,
        () => ({ key: 'attach AdministratorAccess', add: [allowAll(ADMINISTRATOR_ACCESS)] }),
        [['iam:AttachUserPolicy', node.arn, { 'iam:PolicyARN': ADMINISTRATOR_ACCESS }]],
        `${nameOf(node)} can attach AdministratorAccess to itself`,
      );
      for (const groupName of node.groups) {
        const group = this.#groups.get(groupName.toLowerCase());
        if (group === undefined) continue;
        await becomes(
          T.attachGroupPolicy,
          () => ({ key: 'attach AdministratorAccess', add: [allowAll(ADMINISTRATOR_ACCESS)] }),
          [['iam:AttachGroupPolicy', group.arn, { 'iam:PolicyARN': ADMINISTRATOR_ACCESS }]],
          `${nameOf(node)} can attach AdministratorAccess to its group ${group.name}`,
        );
        await becomes(
          T.putGroupPolicy,
          () => ({ key: 'inline allow-all', add: [allowAll(`inline:group/${group.name}/gatehouse-escalation`)] }),
          [['iam:PutGroupPolicy', group.arn]],
          `${nameOf(node)} can put an inline policy allowing everything on its group ${group.name}`,
        );
      }
      if (await this.#mayAllow(node, 'iam:AddUserToGroup')) {
        const mine = new Set(node.groups.map((g) => g.toLowerCase()));
        for (const group of this.#model.groups) {
          if (mine.has(group.name.toLowerCase())) continue;
          const policies = await this.#groupPolicies_(group);
          if (policies.length === 0) continue;
          await becomes(
            T.addUserToGroup,
            () => ({ key: `join ${group.arn}`, add: [...policies] }),
            [['iam:AddUserToGroup', group.arn]],
            `${nameOf(node)} can add itself to the group ${group.name}, whose policies make it an administrator`,
          );
        }
      }
    }
    if (node.boundaryArn !== null) {
      const kind = node.kind === 'user' ? 'User' : 'Role';
      await becomes(
        T.removeOwnBoundary,
        () => ({ key: 'no boundary', boundary: 'remove' }),
        [[`iam:Delete${kind}PermissionsBoundary`, node.arn]],
        `${nameOf(node)} can delete its own permissions boundary, which is all that keeps it from being an administrator`,
      );
      await becomes(
        T.removeOwnBoundary,
        () => ({ key: 'boundary AdministratorAccess', boundary: { ...allowAll(ADMINISTRATOR_ACCESS), type: 'boundary' } }),
        [[`iam:Put${kind}PermissionsBoundary`, node.arn, { 'iam:PermissionsBoundary': ADMINISTRATOR_ACCESS }]],
        `${nameOf(node)} can make AdministratorAccess its own permissions boundary, which is all that keeps it from being an administrator`,
      );
    }
    return steps;
  }

  #groupPolicies_(group: GroupModel): Promise<readonly CompiledPolicy[]> {
    let pending = this.#groupPolicies.get(group.arn);
    if (pending === undefined) {
      pending = this.#gatherer.entityPolicies(this.#account, 'group', group.name).then((e) => e?.identity.map((p) => p.compiled) ?? []);
      this.#groupPolicies.set(group.arn, pending);
    }
    return pending;
  }

  // --- principal access after a change: the caller changes another principal, then acts as it ---

  async #modifyAndAccess(node: ActingNode, reached: ReadonlyMap<string, Reached>): Promise<EscalationStep[]> {
    const T = IAM_TECHNIQUES;
    const steps: EscalationStep[] = [];
    const may = async (action: string) => this.#mayAllow(node, action);
    const [attachRole, putRole, createVersion, updateTrust, attachUser, putUser, createKey] = await Promise.all(
      [
        'iam:AttachRolePolicy',
        'iam:PutRolePolicy',
        'iam:CreatePolicyVersion',
        'iam:UpdateAssumeRolePolicy',
        'iam:AttachUserPolicy',
        'iam:PutUserPolicy',
        'iam:CreateAccessKey',
      ].map(may),
    );
    if (!attachRole && !putRole && !createVersion && !attachUser && !putUser) return steps;
    const rewritten = trustNaming(node.arn);
    const add = async (technique: Technique, target: ActingNode, change: () => PolicyChange, calls: Calls, description: string) => {
      if (
        !(await this.#mayAllowAll(
          node,
          calls.filter(([action]) => action !== 'sts:AssumeRole').map(([action]) => action),
        ))
      )
        return;
      const made = await this.#all(node, calls);
      if (made === undefined) return;
      const admin = await this.#potential_(target, change());
      if (admin !== undefined) steps.push(this.#step(technique, node, target, made, description, true, admin.mfaRequired));
    };
    for (const role of this.#model.roles) {
      if (role.serviceLinked || role.arn === node.arn || reached.get(role.arn)?.distance === 0) continue;
      const trust = this.#trustOf(role);
      const assumable = mayAdmit(trust, node, this.#account) && ((await may('sts:AssumeRole')) || namesDirectly(trust, node));
      const attach = () => ({ key: 'attach AdministratorAccess', add: [allowAll(ADMINISTRATOR_ACCESS)] });
      const inline = () => ({ key: 'inline allow-all', add: [allowAll(`inline:role/${role.name}/gatehouse-escalation`)] });
      const adminArn = { 'iam:PolicyARN': ADMINISTRATOR_ACCESS };
      if (attachRole && assumable) {
        await add(
          T.attachRolePolicyAssume,
          role,
          attach,
          [
            ['iam:AttachRolePolicy', role.arn, adminArn],
            ['sts:AssumeRole', role.arn],
          ],
          `${nameOf(node)} can attach AdministratorAccess to ${nameOf(role)} and assume it`,
        );
      }
      if (putRole && assumable) {
        await add(
          T.putRolePolicyAssume,
          role,
          inline,
          [
            ['iam:PutRolePolicy', role.arn],
            ['sts:AssumeRole', role.arn],
          ],
          `${nameOf(node)} can put an inline policy allowing everything on ${nameOf(role)} and assume it`,
        );
      }
      if (updateTrust) {
        const assumeRewritten = ['sts:AssumeRole', role.arn, undefined, rewritten] as const;
        if (attachRole) {
          await add(
            T.attachRolePolicyUpdateTrust,
            role,
            attach,
            [['iam:AttachRolePolicy', role.arn, adminArn], ['iam:UpdateAssumeRolePolicy', role.arn], assumeRewritten],
            `${nameOf(node)} can attach AdministratorAccess to ${nameOf(role)}, make its trust policy name ${nameOf(node)} and assume it`,
          );
        }
        if (putRole) {
          await add(
            T.putRolePolicyUpdateTrust,
            role,
            inline,
            [['iam:PutRolePolicy', role.arn], ['iam:UpdateAssumeRolePolicy', role.arn], assumeRewritten],
            `${nameOf(node)} can put an inline policy allowing everything on ${nameOf(role)}, make its trust policy name ${nameOf(node)} and assume it`,
          );
        }
      }
      if (createVersion && (assumable || updateTrust)) {
        for (const policy of this.#customerPolicies(role)) {
          const calls: [string, string, undefined?, string?][] = [['iam:CreatePolicyVersion', policy.arn]];
          if (policy.versions.length >= 5) calls.push(['iam:DeletePolicyVersion', policy.arn]);
          const change = () => ({ key: `replace ${policy.arn}`, remove: [policy.arn], add: [allowAll(policy.arn)] });
          if (assumable) {
            await add(
              T.createPolicyVersionAssume,
              role,
              change,
              [...calls, ['sts:AssumeRole', role.arn]],
              `${nameOf(node)} can create a new default version of ${policy.name}, attached to ${nameOf(role)}, allowing everything, and assume the role`,
            );
          }
          if (updateTrust) {
            await add(
              T.createPolicyVersionUpdateTrust,
              role,
              change,
              [...calls, ['iam:UpdateAssumeRolePolicy', role.arn], ['sts:AssumeRole', role.arn, undefined, rewritten]],
              `${nameOf(node)} can create a new default version of ${policy.name}, attached to ${nameOf(role)}, allowing everything, make the role's trust policy name ${nameOf(node)} and assume it`,
            );
          }
        }
      }
    }
    if ((attachUser || putUser) && createKey) {
      for (const user of this.#model.users) {
        if (user.arn === node.arn || reached.get(user.arn)?.distance === 0) continue;
        // AWS: a user has at most two access keys (pathfinding.cloud: the target needs fewer than two).
        if (keyCount(user) === 2) continue;
        if (attachUser) {
          await add(
            T.attachUserPolicyAccessKey,
            user,
            () => ({ key: 'attach AdministratorAccess', add: [allowAll(ADMINISTRATOR_ACCESS)] }),
            [
              ['iam:AttachUserPolicy', user.arn, { 'iam:PolicyARN': ADMINISTRATOR_ACCESS }],
              ['iam:CreateAccessKey', user.arn],
            ],
            `${nameOf(node)} can attach AdministratorAccess to ${nameOf(user)} and create an access key for it`,
          );
        }
        if (putUser) {
          await add(
            T.putUserPolicyAccessKey,
            user,
            () => ({ key: 'inline allow-all', add: [allowAll(`inline:user/${user.name}/gatehouse-escalation`)] }),
            [
              ['iam:PutUserPolicy', user.arn],
              ['iam:CreateAccessKey', user.arn],
            ],
            `${nameOf(node)} can put an inline policy allowing everything on ${nameOf(user)} and create an access key for it`,
          );
        }
      }
    }
    return steps;
  }

  // --- principal access: the caller acts as a principal that leads to an administrator ---

  async #access(node: ActingNode, target: ActingNode): Promise<EscalationStep[]> {
    const T = IAM_TECHNIQUES;
    const steps: EscalationStep[] = [];
    const take = async (technique: Technique, calls: Calls, description: string) => {
      if (
        !(await this.#mayAllowAll(
          node,
          calls.filter(([action]) => action !== 'sts:AssumeRole').map(([action]) => action),
        ))
      )
        return;
      const made = await this.#all(node, calls);
      if (made !== undefined) steps.push(this.#step(technique, node, target, made, description, false));
    };
    if (target.kind === 'role') {
      const trust = this.#trustOf(target);
      if (mayAdmit(trust, node, this.#account) && ((await this.#mayAllow(node, 'sts:AssumeRole')) || namesDirectly(trust, node))) {
        await take(T.assumeRole, [['sts:AssumeRole', target.arn]], `${nameOf(node)} can assume ${nameOf(target)}`);
      }
      if (await this.#mayAllow(node, 'iam:UpdateAssumeRolePolicy')) {
        await take(
          T.updateAssumeRolePolicy,
          [
            ['iam:UpdateAssumeRolePolicy', target.arn],
            ['sts:AssumeRole', target.arn, undefined, trustNaming(node.arn)],
          ],
          `${nameOf(node)} can make ${nameOf(target)}'s trust policy name ${nameOf(node)} and assume it`,
        );
      }
      if (await this.#mayAllow(node, 'iam:PassRole')) steps.push(...(await this.#passRole(node, target, trust)));
      return steps;
    }
    const keys = keyCount(target);
    const password = target.credentials?.passwordEnabled;
    if (await this.#mayAllow(node, 'iam:CreateAccessKey')) {
      if (keys === undefined || keys < 2) {
        await take(T.createAccessKey, [['iam:CreateAccessKey', target.arn]], `${nameOf(node)} can create an access key for ${nameOf(target)}`);
      } else {
        await take(
          T.createAccessKeyAfterDelete,
          [
            ['iam:DeleteAccessKey', target.arn],
            ['iam:CreateAccessKey', target.arn],
          ],
          `${nameOf(node)} can delete one of ${nameOf(target)}'s two access keys and create another`,
        );
      }
    }
    if (password !== true && (await this.#mayAllow(node, 'iam:CreateLoginProfile'))) {
      await take(
        T.createLoginProfile,
        [['iam:CreateLoginProfile', target.arn]],
        `${nameOf(node)} can give ${nameOf(target)} a console password and sign in as it`,
      );
    }
    if (password !== false && (await this.#mayAllow(node, 'iam:UpdateLoginProfile'))) {
      await take(
        T.updateLoginProfile,
        [['iam:UpdateLoginProfile', target.arn]],
        `${nameOf(node)} can change ${nameOf(target)}'s console password and sign in as it`,
      );
    }
    return steps;
  }

  async #passRole(node: ActingNode, role: RoleModel, trust: TrustAdmission): Promise<EscalationStep[]> {
    const steps: EscalationStep[] = [];
    for (const technique of PASSROLE_TECHNIQUES) {
      if (!trust.services.has(technique.service) && !trust.anyone) continue;
      if (technique.needsInstanceProfile === true && role.instanceProfiles.length === 0) continue;
      if (!(await this.#mayAllowAll(node, technique.actions))) continue;
      const resource = technique.resource.replaceAll('{account}', this.#account);
      const made = await this.#all(node, [
        ['iam:PassRole', role.arn, { 'iam:PassedToService': technique.service }],
        ...technique.actions.map((action) => [action, resource] as [string, string]),
      ]);
      if (made === undefined) continue;
      const service = await this.decider.serviceMayAssume(technique.service, role.arn, resource);
      if (!service.allowed) continue;
      steps.push(
        this.#step(
          technique,
          node,
          role,
          made,
          `${nameOf(node)} can pass ${nameOf(role)} to ${technique.service} (${technique.actions.join(', ')}) and run code as it, if that service is available to it`,
          false,
          false,
          true,
        ),
      );
    }
    return steps;
  }
}

/** The actions of the principal-access steps (and PassRole's), any of which makes a node worth asking about. */
const ACCESS_ACTIONS = [
  'sts:AssumeRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:PassRole',
  'iam:CreateAccessKey',
  'iam:CreateLoginProfile',
  'iam:UpdateLoginProfile',
] as const;

/** A trust policy naming one principal, as an attacker with UpdateAssumeRolePolicy writes it. */
function trustNaming(arn: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: arn }, Action: 'sts:AssumeRole' }] });
}

function keyCount(user: ActingNode): number | undefined {
  return user.kind === 'user' && user.credentials !== undefined ? user.credentials.accessKeys.length : undefined;
}

function nameOf(node: ActingNode | RoleModel | UserModel): string {
  return `${node.kind} ${node.name}`;
}

/** At most one step per technique, the first in order (targets are visited by ARN). */
function firstPerTechnique(steps: readonly EscalationStep[]): EscalationStep[] {
  const seen = new Set<string>();
  const out: EscalationStep[] = [];
  for (const step of steps) {
    if (seen.has(step.technique)) continue;
    seen.add(step.technique);
    out.push(step);
  }
  return out;
}
