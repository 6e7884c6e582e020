import { organizationPath, organizationPolicyArn } from '../../model/index.js';
import type { GuardrailFacts, OrganizationPathFacts } from '../../auth/policies/index.js';
import { ExportError } from './exportError.js';
import type { ExportPiece, OrganizationAccount, OrganizationPolicySummary, OrganizationRoot, OrganizationSummary, OrganizationUnit } from './pieces.js';

/** The guardrail types the engine evaluates. */
const GUARDRAIL_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as const;

/** One level of the account's path: its root, then each OU down to the account's parent. */
export interface OrganizationLevel {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly kind: 'ROOT' | 'ORGANIZATIONAL_UNIT';
}

/** A guardrail attached somewhere on the account's path, with its content. */
export interface PathPolicy extends OrganizationPolicySummary {
  readonly content: string;
  /** Which of the path's targets (root, OU or the account's ID) it is attached to. */
  readonly targetIds: readonly string[];
}

/** Where an exported account sits in its organization and the guardrails on its path. */
export interface OrganizationExport {
  readonly summary: OrganizationSummary;
  readonly root: OrganizationRoot;
  /** Root first, then OUs down to the account's parent. */
  readonly levels: readonly OrganizationLevel[];
  readonly account: OrganizationAccount;
  /** The SCPs and RCPs attached on the path, for each enabled type. */
  readonly policies: readonly PathPolicy[];
  /** What the policy engine reads: the path and its guardrail levels. */
  readonly pathFacts: OrganizationPathFacts;
}

type Pieces<K extends ExportPiece['kind']> = Extract<ExportPiece, { kind: K }>[];

/**
 * Assembles the Organizations files of an export into the account's place in its organization.
 * Undefined when no Organizations file was given; null when describe-organization said the
 * account is in none. Throws {@link ExportError} naming the file that is missing.
 */
export function assembleOrganization(accountId: string, pieces: readonly ExportPiece[]): OrganizationExport | null | undefined {
  const of = <K extends ExportPiece['kind']>(kind: K) => pieces.filter((p) => p.kind === kind) as Pieces<K>;
  const described = of('organization');
  const rest = pieces.filter((p) => p.kind.startsWith('organization') && p.kind !== 'organization');
  if (described.length === 0 && rest.length === 0) return undefined;
  const anyFile = (described[0] ?? rest[0])!.file;
  if (described.length === 0) throw missing(rest[0]!.file, 'describe-organization', 'aws organizations describe-organization');
  const summaries = described.map((d) => d.organization);
  if (summaries.some((s) => s === null)) {
    if (rest.length > 0) throw new ExportError(rest[0]!.file, '', 'an Organizations listing, but describe-organization says the account is in no organization');
    return null;
  }
  const summary = summaries[0]!;
  for (const other of described) {
    if (other.organization!.id !== summary.id)
      throw new ExportError(other.file, '$.Organization.Id', `the organization of the other files, \`${summary.id}\`, not \`${other.organization!.id}\``);
  }

  const roots = of('organization-roots').flatMap((p) => p.roots);
  const root = roots[0];
  if (root === undefined) throw missing(anyFile, 'list-roots', 'aws organizations list-roots');

  // Where the account sits: the listing that holds it, then each OU's own listing up to the root.
  const accountListing = of('organization-accounts').find((p) => p.accounts.some((a) => a.id === accountId));
  if (accountListing === undefined)
    throw missing(anyFile, `list-accounts-for-parent of account ${accountId}'s parent`, 'aws organizations list-accounts-for-parent');
  const account = accountListing.accounts.find((a) => a.id === accountId)!;
  const units = new Map<string, { unit: OrganizationUnit; parentId: string }>();
  for (const listing of of('organizational-units')) for (const unit of listing.units) units.set(unit.id, { unit, parentId: listing.parentId });
  const chain: OrganizationLevel[] = [];
  let parent = accountListing.parentId;
  while (!parent.startsWith('r-')) {
    const found = units.get(parent);
    if (found === undefined)
      throw missing(
        accountListing.file,
        `list-organizational-units-for-parent of the parent of ${parent}`,
        'aws organizations list-organizational-units-for-parent',
      );
    if (chain.length > 5 || chain.some((l) => l.id === parent))
      throw new ExportError(accountListing.file, '$.ParentId', 'an organization tree without cycles, at most five OUs deep');
    chain.unshift({ id: found.unit.id, arn: found.unit.arn, name: found.unit.name, kind: 'ORGANIZATIONAL_UNIT' });
    parent = found.parentId;
  }
  if (parent !== root.id)
    throw new ExportError(accountListing.file, '$.ParentId', `a parent under the root \`${root.id}\` listed by list-roots, not \`${parent}\``);
  const levels: OrganizationLevel[] = [{ id: root.id, arn: root.arn, name: root.name, kind: 'ROOT' }, ...chain];
  const targets = [...levels.map((l) => l.id), accountId];

  const listed = of('organization-policies').flatMap((p) => p.policies);
  const described_ = new Map(of('organization-policy').map((p) => [p.policy.id, p]));
  const targetsOf = new Map<string, string[]>();
  for (const p of of('organization-policy-targets')) targetsOf.set(p.policyId, [...(targetsOf.get(p.policyId) ?? []), ...p.targets.map((t) => t.targetId)]);

  const policies: PathPolicy[] = [];
  const pathLevels: Partial<Record<(typeof GUARDRAIL_TYPES)[number], GuardrailFacts[][]>> = {};
  for (const type of GUARDRAIL_TYPES) {
    if (!root.enabledPolicyTypes.includes(type)) continue;
    const ofType = listed.filter((p) => p.type === type);
    if (ofType.length === 0) throw missing(anyFile, `list-policies --filter ${type}`, `aws organizations list-policies --filter ${type}`);
    const perLevel: GuardrailFacts[][] = targets.map(() => []);
    for (const policy of ofType) {
      const attachedTo = targetsOf.get(policy.id);
      if (attachedTo === undefined)
        throw missing(anyFile, `list-targets-for-policy of ${policy.id} (${policy.name})`, 'aws organizations list-targets-for-policy');
      const onPath = targets.filter((t) => attachedTo.includes(t));
      if (onPath.length === 0) continue;
      const description = described_.get(policy.id);
      if (description === undefined) throw missing(anyFile, `describe-policy of ${policy.id} (${policy.name})`, 'aws organizations describe-policy');
      policies.push({ ...policy, content: description.content, targetIds: onPath });
      const arn = organizationPolicyArn(summary.managementAccountId, summary.id, type, policy.id, policy.awsManaged);
      for (const target of onPath) perLevel[targets.indexOf(target)]!.push({ arn, content: description.content });
    }
    pathLevels[type] = perLevel;
  }
  return {
    summary,
    root,
    levels,
    account,
    policies,
    pathFacts: {
      organizationId: summary.id,
      path: organizationPath(
        summary.id,
        levels.map((l) => l.id),
      ),
      isManagement: summary.managementAccountId === accountId,
      levels: pathLevels,
    },
  };
}

function missing(file: string, what: string, command: string): ExportError {
  return new ExportError(file, '', `the Organizations files need the output of ${what} too (${command})`);
}
