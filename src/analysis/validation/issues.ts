import type { FindingType } from './types.js';
import { ERROR_ISSUES } from './issuesErrors.js';
import { SECURITY_WARNING_ISSUES, WARNING_ISSUES } from './issuesWarnings.js';
import { SUGGESTION_ISSUES } from './issuesSuggestions.js';

/** One check of the reference: its finding type, message template and help link. */
export interface IssueSpec {
  readonly issueCode: string;
  readonly findingType: FindingType;
  readonly template: string;
  readonly learnMoreLink: string;
}

const REFERENCE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

// AWS: each check's anchor is access-analyzer-reference-policy-checks-<category>-<name>, where the
// category of WARNING findings is spelled "general-warning".
const ANCHOR_CATEGORY: Readonly<Record<FindingType, string>> = {
  ERROR: 'error',
  SECURITY_WARNING: 'security-warning',
  SUGGESTION: 'suggestion',
  WARNING: 'general-warning',
};

function specs(findingType: FindingType, table: Readonly<Record<string, string>>): IssueSpec[] {
  return Object.entries(table).map(([issueCode, template]) => ({
    issueCode,
    findingType,
    template,
    learnMoreLink: `${REFERENCE}#access-analyzer-reference-policy-checks-${ANCHOR_CATEGORY[findingType]}-${issueCode.toLowerCase().replaceAll('_', '-')}`,
  }));
}

/** Every check of the reference, keyed by issue code. */
export const ISSUES: ReadonlyMap<string, IssueSpec> = new Map(
  [
    ...specs('ERROR', ERROR_ISSUES),
    ...specs('SECURITY_WARNING', SECURITY_WARNING_ISSUES),
    ...specs('SUGGESTION', SUGGESTION_ISSUES),
    ...specs('WARNING', WARNING_ISSUES),
  ].map((s) => [s.issueCode, s]),
);

/** Fills a template's `{{name}}` placeholders (a missing argument becomes empty text). */
export function renderDetails(template: string, args: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(args[name] ?? ''));
}
