import { AccountGenerations } from '../../accountGenerations.js';
import type { Principal } from '../../model/index.js';
import { rootArn } from '../../model/index.js';
import { compilePolicy } from '../../policy/index.js';
import type { ApplicablePolicies, CompiledPolicy } from '../../policy/index.js';
import type { AuthorizationNeed } from '../need.js';
import { resourceRuleFor } from '../resourceRules/index.js';
import type { ResourceRuleTools } from '../resourceRules/index.js';
import { CompiledCache, emptyPolicy, parseStored } from './compiled.js';
import { Guardrails, type OrganizationAwarePolicies } from './guardrails.js';
import type { BucketFacts, HolderKind, PolicyReader } from './reader.js';

/**
 * One identity policy or permissions boundary with where it came from: what the engine evaluates
 * (`compiled`) and what the simulator and explanations show (names, text).
 */
export interface GatheredPolicy {
  /** The id decisions name: a managed policy's ARN, `inline:<kind>/<holder>/<policy name>` for an inline policy. */
  readonly id: string;
  /** The inline policy's name or the managed policy's name (the simulator's `SourcePolicyId`). */
  readonly name: string;
  readonly origin: 'inline' | 'aws-managed' | 'customer-managed';
  /** The document as stored. */
  readonly text: string;
  readonly compiled: CompiledPolicy;
}

/** The identity policies and permissions boundary of a user, group or role. */
export interface EntityPolicies {
  readonly kind: HolderKind;
  readonly name: string;
  readonly arn: string;
  /** Own inline then attached policies; for a user, then each group's. */
  readonly identity: readonly GatheredPolicy[];
  readonly boundary?: GatheredPolicy;
}

/** Options of {@link PolicyGatherer}. */
export interface GathererOptions {
  /** Compiled managed policies, resource policies and session policy sets kept (each). */
  readonly maxCompiled?: number;
  /**
   * Whether an S3 bucket policy is public, as S3 defines it ("The meaning of public"), for
   * RestrictPublicBuckets. Absent: no policy is public (Access Analyzer's judgement lives above
   * this layer; the server and the offline analyses pass it).
   */
  readonly isPublicBucketPolicy?: (document: string) => boolean;
}

const NONE: ApplicablePolicies = Object.freeze({ identity: Object.freeze([]) as readonly CompiledPolicy[] });

/** Grants everything; stands for the root user's permissions under a root-made federation token. */
const ROOT_IDENTITY: CompiledPolicy = compilePolicy(
  parseStored('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'identity')!,
  {
    id: 'root',
    type: 'identity',
  },
);

/**
 * The one gatherer of the policies that apply to a principal: its identity policies (inline and
 * managed, a user's and its groups', a role's), its permissions boundary, its session policies,
 * the guardrails of its organization path (SCPs, and the RCPs of the resource's account) and the
 * resource-based policy its resource rule names. It reads through a {@link PolicyReader} — the
 * store of a running server or the snapshot of an exported account — and compiles each document
 * once.
 *
 * Compiled policies are cached: a principal's policies until {@link forgetAccount} for its account,
 * managed policy versions (immutable) until the cache fills, guardrails until
 * {@link forgetGuardrails}. The store-backed gatherer is told of changes by the change feed
 * (`auth/storePolicyReader.ts`); a snapshot never changes.
 *
 * AWS: reference_policies_evaluation-logic (which policies apply), access_policies#policies_session,
 * id_credentials_temp_request (GetFederationToken sessions act with their user's policies).
 */
export class PolicyGatherer {
  readonly reader: PolicyReader;
  readonly #guardrails: Guardrails;
  /** accountId → principal key → its identity policies and boundary, compiled. */
  readonly #principals = new Map<string, Map<string, ApplicablePolicies>>();
  readonly #generations = new AccountGenerations();
  /** `type#policyId#version` → compiled managed policy (a policy's versions never change). */
  readonly #managed: CompiledCache;
  /** `type\narn\ntext` → compiled resource-based policy. */
  readonly #resources: CompiledCache;
  /** Session policy content → its compiled policies. */
  readonly #sessions = new Map<string, readonly CompiledPolicy[]>();
  readonly #maxCompiled: number;
  readonly #tools: ResourceRuleTools;
  /** Bucket name → its facts (null: no such bucket), until the bucket or its account is announced. */
  readonly #buckets = new Map<string, BucketFacts | null>();
  #bucketGeneration = 0;
  /** Bucket policy text → whether it is public. */
  readonly #publicPolicies = new Map<string, boolean>();

  constructor(reader: PolicyReader, options: GathererOptions = {}) {
    this.reader = reader;
    this.#maxCompiled = options.maxCompiled ?? 10_000;
    this.#guardrails = new Guardrails(reader);
    this.#managed = new CompiledCache(this.#maxCompiled);
    this.#resources = new CompiledCache(this.#maxCompiled);
    const judge = options.isPublicBucketPolicy ?? (() => false);
    this.#tools = {
      reader,
      compile: (arn, document, type) =>
        this.#resources.get(`${type}\n${arn}\n${document}`, () => {
          const policy = parseStored(document, type);
          return policy === undefined ? undefined : compilePolicy(policy, { id: arn, type });
        }),
      bucket: (name) => this.bucket(name),
      isPublicBucketPolicy: (document) => {
        let known = this.#publicPolicies.get(document);
        if (known === undefined) {
          known = judge(document);
          if (this.#publicPolicies.size >= this.#maxCompiled) this.#publicPolicies.clear();
          this.#publicPolicies.set(document, known);
        }
        return known;
      },
    };
  }

  /**
   * Everything that applies to `principal` asking for `need` on a resource of `resourceAccountId`:
   * its identity policies and boundary, its session policies, the resource-based policy of the
   * need's resource rule, and the organization's guardrails with the organization condition keys.
   */
  async policiesFor(principal: Principal, need: AuthorizationNeed, resourceAccountId: string): Promise<OrganizationAwarePolicies> {
    if (principal.type === 'Workload') {
      // A workload's identity policies are what its authenticator attaches to it (an IoT device
      // certificate's IoT policies): the need carries them. No organization policy limits them
      // (AWS: SCPs and RCPs apply to IAM principals and to the resources of their services).
      return { identity: (need.identityPolicies ?? []).map((p) => this.#workloadPolicy(p.id, p.document)) };
    }
    let policies: ApplicablePolicies = await this.#identityOf(principal);
    const session = await this.sessionPolicies(principal);
    if (session.length > 0) policies = { ...policies, session };
    const rule = resourceRuleFor(need);
    if (rule !== undefined) {
      const outcome = await rule.resourcePolicy(need, this.#tools, principal);
      policies = {
        ...policies,
        ...(outcome.policy !== undefined ? { resource: outcome.policy } : {}),
        ...(outcome.required ? { resourcePolicyRequired: true } : {}),
      };
    }
    // The root user's federated sessions: everything root may do, still under the account's SCPs and RCPs.
    const guarded = isRootFederation(principal) ? rootOf(principal) : principal;
    return this.#guardrails.apply(policies, guarded, need.action, resourceAccountId);
  }

  /**
   * The identity policies and boundary of a user (its own and its groups'), group or role, with
   * their sources; undefined when the account has no such entity or `arn` names it under another
   * path. Uncached: for the simulator and analysis, which show where each policy came from.
   */
  async entityPolicies(accountId: string, kind: HolderKind, name: string, arn?: string): Promise<EntityPolicies | undefined> {
    const entity =
      kind === 'user'
        ? await this.reader.user(accountId, name)
        : kind === 'role'
          ? await this.reader.role(accountId, name)
          : await this.reader.group(accountId, name);
    if (entity === undefined || (arn !== undefined && entity.arn !== arn)) return undefined;
    const identity = await this.#holderPolicies(accountId, kind, entity.name);
    if (kind === 'user') {
      for (const group of await this.reader.groupsOf(accountId, entity.name)) identity.push(...(await this.#holderPolicies(accountId, 'group', group)));
    }
    const boundaryArn = 'permissionsBoundaryArn' in entity ? entity.permissionsBoundaryArn : null;
    const boundary = boundaryArn === null ? undefined : await this.#managedPolicy(boundaryArn, 'boundary');
    return { kind, name: entity.name, arn: entity.arn, identity, ...(boundary !== undefined ? { boundary } : {}) };
  }

  /** A managed policy's default version (AWS managed or customer managed), gathered as an identity policy; undefined when it does not exist. */
  managedPolicy(arn: string): Promise<GatheredPolicy | undefined> {
    return this.#managedPolicy(arn, 'identity');
  }

  /**
   * The compiled session policies of a principal: its inline `Policy` documents and the default
   * versions of its `PolicyArns`; empty for principals without session policies.
   */
  async sessionPolicies(principal: Principal): Promise<readonly CompiledPolicy[]> {
    const session = principal.session;
    const documents = session?.policies ?? [];
    const arns = session?.policyArns ?? [];
    if (documents.length === 0 && arns.length === 0) return [];
    const key = JSON.stringify([documents, arns]);
    const hit = this.#sessions.get(key);
    if (hit !== undefined) return hit;
    const compiled: CompiledPolicy[] = [];
    documents.forEach((document, i) => {
      const policy = parseStored(document, 'session');
      // A document that does not parse grants nothing but still limits the session.
      compiled.push(policy !== undefined ? compilePolicy(policy, { id: `session:${i}`, type: 'session' }) : emptyPolicy(`session:${i}`, 'session'));
    });
    for (const arn of arns) {
      const facts = await this.reader.managedPolicy(arn);
      const policy = facts === undefined ? undefined : parseStored(facts.document, 'identity');
      compiled.push(policy !== undefined ? compilePolicy(policy, { id: arn, type: 'session' }) : emptyPolicy(arn, 'session'));
    }
    if (this.#sessions.size >= this.#maxCompiled) this.#sessions.clear();
    this.#sessions.set(key, compiled);
    return compiled;
  }

  /** The account's place in its organization and its compiled guardrails; null outside any organization. */
  guardrailsOf(accountId: string) {
    return this.#guardrails.forAccount(accountId);
  }

  /** Drops what was gathered for the account's principals (and every session policy set). */
  forgetAccount(accountId: string): void {
    this.#principals.delete(accountId);
    this.#generations.changed(accountId);
    this.#sessions.clear();
  }

  /**
   * An S3 bucket's authorization facts (owner, policy, Block Public Access of the bucket and its
   * account), read once and kept until {@link forgetBucket}.
   */
  async bucket(name: string): Promise<BucketFacts | undefined> {
    const known = this.#buckets.get(name);
    if (known !== undefined) return known ?? undefined;
    const generation = this.#bucketGeneration;
    const facts = await this.reader.bucket(name);
    if (generation === this.#bucketGeneration) {
      if (this.#buckets.size >= this.#maxCompiled) this.#buckets.clear();
      this.#buckets.set(name, facts ?? null);
    }
    return facts;
  }

  /** Drops what was read of a bucket (`*`: of every bucket). */
  forgetBucket(name: string): void {
    this.#bucketGeneration++;
    if (name === '*') this.#buckets.clear();
    else this.#buckets.delete(name);
  }

  /** Drops the guardrails of every account. */
  forgetGuardrails(): void {
    this.#guardrails.clear();
  }

  /** Drops everything gathered and compiled. */
  forgetAll(): void {
    this.#principals.clear();
    this.#generations.changedAll();
    this.#managed.clear();
    this.#resources.clear();
    this.#sessions.clear();
    this.#guardrails.clear();
    this.forgetBucket('*');
  }

  /** A workload's identity policy, compiled once per text (one that no longer parses grants nothing). */
  #workloadPolicy(id: string, document: string): CompiledPolicy {
    return (
      this.#resources.get(`identity\n${id}\n${document}`, () => {
        const policy = parseStored(document, 'identity');
        return policy === undefined ? undefined : compilePolicy(policy, { id, type: 'identity' });
      }) ?? emptyPolicy(id, 'identity')
    );
  }

  /** A principal's own identity policies and boundary (a federated user's: its IAM user's), cached per principal. */
  async #identityOf(principal: Principal): Promise<ApplicablePolicies> {
    let kind: 'user' | 'role';
    let name: string;
    if (principal.type === 'FederatedUser') {
      const parent = principal.session?.parentUserArn;
      if (parent === undefined) return NONE;
      if (parent === rootArn(principal.accountId)) return { identity: [ROOT_IDENTITY] };
      kind = 'user';
      name = parent.slice(parent.lastIndexOf('/') + 1);
    } else if (principal.type === 'IAMUser' && principal.userName !== undefined) {
      kind = 'user';
      name = principal.userName;
    } else if (principal.type === 'AssumedRole' && principal.roleArn !== undefined) {
      kind = 'role';
      name = principal.roleArn.slice(principal.roleArn.lastIndexOf('/') + 1);
    } else {
      return NONE;
    }
    const account = principal.accountId;
    const key = `${kind}/${name.toLowerCase()}`;
    const cached = this.#principals.get(account)?.get(key);
    if (cached !== undefined) return cached;
    const stamp = this.#generations.stamp(account);
    const entity = await this.entityPolicies(account, kind, name);
    const loaded: ApplicablePolicies =
      entity === undefined
        ? NONE
        : {
            identity: entity.identity.map((p) => p.compiled),
            ...(entity.boundary !== undefined ? { boundary: entity.boundary.compiled } : {}),
          };
    if (this.#generations.unchanged(account, stamp)) {
      let forAccount = this.#principals.get(account);
      if (forAccount === undefined) this.#principals.set(account, (forAccount = new Map()));
      forAccount.set(key, loaded);
    }
    return loaded;
  }

  async #holderPolicies(accountId: string, kind: HolderKind, name: string): Promise<GatheredPolicy[]> {
    const out: GatheredPolicy[] = [];
    for (const inline of await this.reader.inlinePolicies(accountId, kind, name)) {
      const policy = parseStored(inline.document, 'identity');
      if (policy === undefined) continue;
      const id = `inline:${kind}/${name}/${inline.policyName}`;
      out.push({ id, name: inline.policyName, origin: 'inline', text: inline.document, compiled: compilePolicy(policy, { id, type: 'identity' }) });
    }
    for (const arn of await this.reader.attachedPolicies(accountId, kind, name)) {
      const managed = await this.#managedPolicy(arn, 'identity');
      if (managed !== undefined) out.push(managed);
    }
    return out;
  }

  async #managedPolicy(arn: string, type: 'identity' | 'boundary'): Promise<GatheredPolicy | undefined> {
    const facts = await this.reader.managedPolicy(arn);
    if (facts === undefined) return undefined;
    const compiled = this.#managed.get(`${type}#${facts.policyId}#${facts.defaultVersionId}`, () => {
      const policy = parseStored(facts.document, 'identity');
      return policy === undefined ? undefined : compilePolicy(policy, { id: arn, type });
    });
    if (compiled === undefined) return undefined;
    return { id: arn, name: facts.name, origin: facts.awsManaged ? 'aws-managed' : 'customer-managed', text: facts.document, compiled };
  }
}

function isRootFederation(principal: Principal): boolean {
  return principal.type === 'FederatedUser' && principal.session?.parentUserArn === rootArn(principal.accountId);
}

function rootOf(principal: Principal): Principal {
  return { type: 'Root', accountId: principal.accountId, arn: rootArn(principal.accountId), userId: principal.accountId };
}
