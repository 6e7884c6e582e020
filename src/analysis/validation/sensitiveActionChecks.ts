import { patternCovers } from './catalogLookups.js';
import { effectOf, type Check, type CheckContext } from './checkContext.js';
import type { StatementModel } from './policyModel.js';

/** One sensitive action and the issue codes of its six shapes (AWS: the Pass role and Create SLR checks). */
interface SensitiveAction {
  readonly action: string;
  readonly prefix: 'PASS_ROLE' | 'CREATE_SLR';
  /** A condition key that scopes the grant well enough (PassRole's iam:PassedToService). */
  readonly scopingKey?: string;
}

const SENSITIVE: readonly SensitiveAction[] = [
  { action: 'iam:PassRole', prefix: 'PASS_ROLE', scopingKey: 'iam:passedtoservice' },
  { action: 'iam:CreateServiceLinkedRole', prefix: 'CREATE_SLR', scopingKey: 'iam:awsservicename' },
];

/** Allow statements of identity policies that grant iam:PassRole or iam:CreateServiceLinkedRole too widely. */
export const checkSensitiveActions: Check = (ctx) => {
  if (ctx.kind !== 'identity') return;
  for (const s of ctx.policy.statements) {
    if (effectOf(s) !== 'Allow') continue;
    for (const target of SENSITIVE) check(ctx, s, target);
  }
};

function check(ctx: CheckContext, s: StatementModel, target: SensitiveAction): void {
  const { doc } = ctx;
  const exact = s.action?.values.find((a) => a.value.toLowerCase() === target.action.toLowerCase());
  const star = exact === undefined ? s.action?.values.find((a) => /[*?]/.test(a.value) && patternCovers(a.value, target.action)) : undefined;
  const notAction = s.notAction !== undefined && !s.notAction.values.some((a) => patternCovers(a.value, target.action)) ? s.notAction : undefined;
  if (exact === undefined && star === undefined && notAction === undefined) return;
  const actionLocation =
    exact !== undefined ? doc.at(exact.path, exact.node) : star !== undefined ? doc.at(star.path, star.node) : doc.keyOf(s.path, notAction!.member);
  const shape = exact !== undefined ? '' : star !== undefined ? '_STAR_IN_ACTION_AND' : '_NOT_ACTION_AND';
  if (s.notResource !== undefined) {
    const code = exact !== undefined ? `${target.prefix}_WITH_NOT_RESOURCE` : `${target.prefix}_WITH${shape}_NOT_RESOURCE`;
    ctx.report.add(code, [actionLocation, doc.keyOf(s.path, s.notResource.member)]);
    return;
  }
  const starResource = s.resource?.values.find((r) => r.value === '*' || /^arn:[^:]*:iam::[^:]*:(\*|role\/\*)$/.test(r.value));
  if (starResource === undefined) return;
  if (target.scopingKey !== undefined && s.condition?.tests.some((t) => t.key.key.toLowerCase() === target.scopingKey)) return;
  const code =
    exact !== undefined
      ? `${target.prefix}_WITH_STAR_IN_RESOURCE`
      : star !== undefined
        ? `${target.prefix}_WITH_STAR_IN_ACTION_AND_RESOURCE`
        : `${target.prefix}_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION`;
  ctx.report.add(code, [actionLocation, doc.at(starResource.path, starResource.node)]);
}
