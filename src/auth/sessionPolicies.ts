import { ServiceError } from '../errors.js';
import type { Principal } from '../model/index.js';
import { parseArn, rootArn } from '../model/index.js';
import { compilePolicy, parsePolicy } from '../policy/index.js';
import type { ApplicablePolicies, CompiledPolicy } from '../policy/index.js';
import { RESYNC_TOPIC } from '../store/index.js';
import type { Store } from '../store/index.js';
import type { PolicySource } from './authorize.js';
import type { AuthorizationNeed } from './need.js';
import { POLICIES_TOPIC } from './policySource.js';

/**
 * The policies that temporary-credential sessions add to, or change in, an authorization:
 *
 * - session policies (the `Policy` and `PolicyArns` passed to AssumeRole or GetFederationToken),
 *   which a role or federated-user session's permissions never exceed;
 * - for GetFederationToken sessions, the identity policies of the IAM user who called it;
 * - for `sts:AssumeRole`, `sts:TagSession` and `sts:SetSourceIdentity` on a role, the role's trust
 *   policy as the resource-based policy that must itself allow the call;
 * - a resource-based policy the operation names for its need (`AuthorizationNeed.resourcePolicy`,
 *   e.g. an organization's delegation policy).
 *
 * AWS: access_policies#policies_session ("the resulting session's permissions are the intersection
 * of the identity-based policies and the session policies"), id_credentials_temp_request
 * (GetFederationToken: "If you do not pass a policy … the federated user has no permissions"),
 * id_roles_manage-assume ("the role's trust policy must allow the caller").
 */

/** Stored documents passed the grammar when written; AWS managed ones may exceed the customer quota. */
const NO_SIZE_LIMIT = Number.MAX_SAFE_INTEGER;
const TRUST_ACTIONS: ReadonlySet<string> = new Set(['sts:assumerole', 'sts:tagsession', 'sts:setsourceidentity']);

/** Grants everything; stands for the root user's permissions under a root-made federation token. */
const ROOT_IDENTITY: CompiledPolicy = compileOrThrow('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'root', 'identity');

/**
 * Wraps the stored-policy source with everything sessions need. Compiled session policies are
 * cached by the session's policy content (inline documents never change; managed ones are dropped
 * on every {@link POLICIES_TOPIC} change), trust policies by their text.
 */
export class SessionPolicySource implements PolicySource {
  readonly #store: Store;
  readonly #inner: PolicySource & { close?(): void };
  readonly #maxCached: number;
  /** Session policy content → its compiled policies. */
  readonly #sessions = new Map<string, readonly CompiledPolicy[]>();
  /** Type, policy ARN and text → compiled trust or resource policy (null: it no longer parses). */
  readonly #resourcePolicies = new Map<string, CompiledPolicy | null>();
  readonly #unsubscribe: () => void;

  /** `inner` gives the stored identity policies and boundaries; {@link close} closes it too. */
  constructor(store: Store, inner: PolicySource & { close?(): void }, maxCached = 4096) {
    this.#store = store;
    this.#inner = inner;
    this.#maxCached = maxCached;
    this.#unsubscribe = store.changes.subscribe((topic) => {
      if (topic === POLICIES_TOPIC || topic === RESYNC_TOPIC) this.#sessions.clear();
    });
  }

  async policiesFor(principal: Principal, need: AuthorizationNeed, resourceAccountId: string): Promise<ApplicablePolicies> {
    let policies = await this.#identityOf(principal, need, resourceAccountId);
    const session = await this.sessionPolicies(principal);
    if (session.length > 0) policies = { ...policies, session };
    if (TRUST_ACTIONS.has(need.action.toLowerCase())) {
      const trust = need.trustPolicy !== undefined ? this.#compiled(need.trustPolicy.roleArn, need.trustPolicy.document, 'trust') : await this.#trustPolicy(need.resource);
      policies = trust === undefined ? { ...policies, resourcePolicyRequired: true } : { ...policies, resource: trust, resourcePolicyRequired: true };
    } else if (need.resourcePolicy !== undefined) {
      // A stored resource policy that no longer parses allows nothing.
      const resource = this.#compiled(need.resourcePolicy.arn, need.resourcePolicy.document, 'resource');
      if (resource !== undefined) policies = { ...policies, resource };
    }
    return policies;
  }

  /**
   * The compiled session policies of a principal: its inline `Policy` documents and the default
   * versions of its `PolicyArns`; empty for principals without session policies.
   */
  async sessionPolicies(principal: Principal): Promise<readonly CompiledPolicy[]> {
    const session = principal.session;
    if (session === undefined) return [];
    const documents = session.policies ?? [];
    const arns = session.policyArns ?? [];
    if (documents.length === 0 && arns.length === 0) return [];
    const key = JSON.stringify([documents, arns]);
    const hit = this.#sessions.get(key);
    if (hit !== undefined) return hit;
    const compiled: CompiledPolicy[] = [];
    documents.forEach((document, i) => {
      const parsed = parsePolicy(document, 'session', { maxLength: NO_SIZE_LIMIT });
      // A document that does not parse grants nothing but still limits the session.
      compiled.push(parsed.ok ? compilePolicy(parsed.policy, { id: `session:${i}`, type: 'session' }) : emptySession(`session:${i}`));
    });
    for (const arn of arns) compiled.push((await this.#managed(arn)) ?? emptySession(arn));
    if (this.#sessions.size >= this.#maxCached) this.#sessions.clear();
    this.#sessions.set(key, compiled);
    return compiled;
  }

  close(): void {
    this.#unsubscribe();
    this.#inner.close?.();
  }

  /** GetFederationToken sessions act with their IAM user's identity policies. */
  async #identityOf(principal: Principal, need: AuthorizationNeed, resourceAccountId: string): Promise<ApplicablePolicies> {
    const parent = principal.type === 'FederatedUser' ? principal.session?.parentUserArn : undefined;
    if (parent === undefined) return this.#inner.policiesFor(principal, need, resourceAccountId);
    if (parent === rootArn(principal.accountId)) {
      // The root user's federated sessions: everything root may do, still under the account's SCPs and RCPs.
      const root: Principal = { type: 'Root', accountId: principal.accountId, arn: parent, userId: principal.accountId };
      return { ...(await this.#inner.policiesFor(root, need, resourceAccountId)), identity: [ROOT_IDENTITY] };
    }
    const name = parent.slice(parent.lastIndexOf('/') + 1);
    const user: Principal = { type: 'IAMUser', accountId: principal.accountId, arn: parent, userId: '', userName: name };
    return this.#inner.policiesFor(user, need, resourceAccountId);
  }

  async #managed(arn: string): Promise<CompiledPolicy | undefined> {
    const policy = await this.#store.managedPolicies.get(arn);
    if (policy === undefined) return undefined;
    const version = await this.#store.managedPolicies.version(arn, policy.defaultVersionId);
    if (version === undefined) return undefined;
    const parsed = parsePolicy(version.document, 'identity', { maxLength: NO_SIZE_LIMIT });
    return parsed.ok ? compilePolicy(parsed.policy, { id: arn, type: 'session' }) : undefined;
  }

  /** The trust policy of the role `roleArn` names (with its exact path), if there is one. */
  async #trustPolicy(roleArn: string): Promise<CompiledPolicy | undefined> {
    const arn = parseArn(roleArn);
    if (arn === undefined || arn.service !== 'iam' || !arn.resource.startsWith('role/')) return undefined;
    const role = await this.#store.roles.get(arn.accountId, arn.resource.slice(arn.resource.lastIndexOf('/') + 1));
    if (role === undefined || role.arn.toLowerCase() !== roleArn.toLowerCase()) return undefined;
    return this.#compiled(role.arn, role.trustPolicy, 'trust');
  }

  /** A role's trust policy or another resource-based policy compiled, cached by its type, ARN and text. */
  #compiled(arn: string, document: string, type: 'trust' | 'resource'): CompiledPolicy | undefined {
    const key = `${type}\n${arn}\n${document}`;
    const cached = this.#resourcePolicies.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const parsed = parsePolicy(document, type, { maxLength: NO_SIZE_LIMIT });
    const compiled = parsed.ok ? compilePolicy(parsed.policy, { id: arn, type }) : null;
    if (this.#resourcePolicies.size >= this.#maxCached) this.#resourcePolicies.clear();
    this.#resourcePolicies.set(key, compiled);
    return compiled ?? undefined;
  }
}

/** A session policy with no statements: it allows nothing. */
function emptySession(id: string): CompiledPolicy {
  return compilePolicy({ version: '2012-10-17', statements: [] }, { id, type: 'session' });
}

function compileOrThrow(text: string, id: string, type: 'identity'): CompiledPolicy {
  const parsed = parsePolicy(text, type);
  // INVARIANT: the text is a constant that parses.
  if (!parsed.ok) throw new Error(`built-in policy ${id} does not parse`);
  return compilePolicy(parsed.policy, { id, type });
}

/** STS operations a GetSessionToken session may call (besides the two that refuse sessions themselves). */
const SESSION_TOKEN_STS: ReadonlySet<string> = new Set(['AssumeRole', 'GetCallerIdentity', 'GetSessionToken', 'GetFederationToken']);
const FEDERATED_STS: ReadonlySet<string> = new Set(['GetCallerIdentity', 'GetSessionToken', 'GetFederationToken']);

/**
 * What temporary credentials may call at all, before any policy: the error to answer, or
 * undefined. The pipeline calls it once the operation is known, before authorization.
 *
 * AWS: STS API reference, GetSessionToken — "You cannot call any IAM API operations unless MFA
 * authentication information is included in the request. You cannot call any STS API except
 * AssumeRole or GetCallerIdentity."; GetFederationToken — "You cannot call any IAM operations using
 * the AWS CLI or the AWS API … You cannot call any STS operations except GetCallerIdentity."
 * IAM refuses such tokens as invalid (InvalidClientTokenId). GetSessionToken and GetFederationToken
 * answer "Cannot call … with session credentials" themselves.
 */
export function sessionCallRestriction(principal: Principal, service: string, operation: string): ServiceError | undefined {
  const session = principal.session;
  if (session === undefined) return undefined;
  const federated = principal.type === 'FederatedUser';
  const userSession = principal.type === 'IAMUser' || principal.type === 'Root';
  if (!federated && !userSession) return undefined;
  if (service === 'iam' && (federated || session.mfaAuthenticatedAt === undefined)) {
    return new ServiceError('InvalidClientTokenId', 'The security token included in the request is invalid');
  }
  if (service === 'sts' && !(federated ? FEDERATED_STS : SESSION_TOKEN_STS).has(operation)) {
    return new ServiceError('AccessDenied', `User: ${principal.arn} is not authorized to perform: sts:${operation}`);
  }
  return undefined;
}
