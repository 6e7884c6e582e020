import { effectOf, type Check, type CheckContext } from './checkContext.js';
import { patternCovers } from './catalogLookups.js';
import { parseOperatorName } from './conditionOperatorNames.js';
import type { PrincipalValue, StatementModel } from './policyModel.js';
import { SAML_PROVIDER } from './principalChecks.js';

const GITHUB = 'token.actions.githubusercontent.com';
const ROLES_ANYWHERE_ACTIONS = ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession'];

/**
 * Checks of role trust policies: the assume-role action each kind of federated principal needs,
 * Roles Anywhere's actions, OIDC and GitHub conditions, and the audience claim's qualifier. They
 * also run on a generic RESOURCE_POLICY, which may be a trust policy.
 */
export const checkTrustPolicies: Check = (ctx) => {
  if (ctx.kind !== 'trust' && ctx.kind !== 'resource') return;
  for (const s of ctx.policy.statements) {
    checkFederatedActions(ctx, s);
    checkRolesAnywhere(ctx, s);
    if (effectOf(s) === 'Allow') checkOidcConditions(ctx, s);
    checkAudience(ctx, s);
  }
};

/** The provider name of an OIDC principal (`token.actions.githubusercontent.com`), or undefined for SAML. */
function oidcProvider(p: PrincipalValue): string | undefined {
  if (SAML_PROVIDER.test(p.value) || p.value.includes(':saml-provider/')) return undefined;
  const m = /:oidc-provider\/(.+)$/.exec(p.value);
  return m !== null ? m[1]! : p.value;
}

function checkFederatedActions(ctx: CheckContext, s: StatementModel): void {
  const federated = s.principal?.values.filter((p) => p.key === 'Federated') ?? [];
  if (federated.length === 0) return;
  const saml = federated.filter((p) => oidcProvider(p) === undefined);
  const oidc = federated.filter((p) => oidcProvider(p) !== undefined);
  for (const a of s.action?.values ?? []) {
    const name = a.value.toLowerCase();
    let wrong: readonly PrincipalValue[] = [];
    if (name === 'sts:assumerole') wrong = federated;
    else if (name === 'sts:assumerolewithsaml') wrong = oidc;
    else if (name === 'sts:assumerolewithwebidentity') wrong = saml;
    if (wrong.length === 0) continue;
    ctx.report.add('MISMATCHED_ACTION_FOR_PRINCIPAL', [ctx.doc.at(a.path, a.node), ...wrong.map((p) => ctx.doc.at(p.path, p.node))], {
      actionName: a.value,
      principalNames: wrong.map((p) => p.value).join(', '),
    });
  }
}

function checkRolesAnywhere(ctx: CheckContext, s: StatementModel): void {
  const principal = s.principal?.values.find((p) => p.key === 'Service' && p.value === 'rolesanywhere.amazonaws.com');
  if (principal === undefined || effectOf(s) !== 'Allow') return;
  const actions = s.action?.values ?? [];
  const missing = ROLES_ANYWHERE_ACTIONS.filter((t) => !actions.some((a) => patternCovers(a.value, t)));
  if (missing.length > 0) ctx.report.add('MISSING_ACTION_FOR_ROLES_ANYWHERE_TRUST_POLICY', [ctx.doc.at(principal.path, principal.node)]);
}

function checkOidcConditions(ctx: CheckContext, s: StatementModel): void {
  const keys = (s.condition?.tests ?? []).map((t) => t.key.key.toLowerCase());
  for (const p of s.principal?.values ?? []) {
    if (p.key !== 'Federated') continue;
    const provider = oidcProvider(p);
    if (provider === undefined || provider === 'cognito-identity.amazonaws.com') continue;
    const lower = provider.toLowerCase();
    const here = [ctx.doc.at(p.path, p.node)];
    if (lower === GITHUB) {
      if (!keys.includes(`${GITHUB}:sub`)) ctx.report.add('MISSING_GITHUB_REPO_CONDITION_KEY', here);
    } else if (!keys.some((k) => k.startsWith(`${lower}:`))) {
      ctx.report.add('MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL', here);
    }
  }
  for (const t of s.condition?.tests ?? []) {
    if (t.key.key.toLowerCase() !== `${GITHUB}:sub`) continue;
    for (const v of t.values) {
      if (v.text.includes('*')) ctx.report.add('SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED', [ctx.doc.at(v.path, v.node)]);
    }
  }
}

/**
 * AWS: an OIDC `aud` claim is single-valued: ForAnyValue on it is a security warning; ForAllValues
 * is a suggestion to confirm the claim's type (Gatehouse's reading of the two checks).
 */
function checkAudience(ctx: CheckContext, s: StatementModel): void {
  for (const t of s.condition?.tests ?? []) {
    if (!/^[^:]*\.[^:]*:aud$/i.test(t.key.key)) continue;
    const op = parseOperatorName(t.operator.key);
    const here = [ctx.doc.keyOf(t.operatorPath, t.key)];
    if (op?.qualifier === 'ForAnyValue') ctx.report.add('FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE', here, { key: t.key.key });
    else if (op?.qualifier === 'ForAllValues') ctx.report.add('CONFIRM_AUDIENCE_CLAIM_TYPE', here);
  }
}
