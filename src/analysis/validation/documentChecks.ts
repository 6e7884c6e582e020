import type { Check, CheckContext } from './checkContext.js';
import type { TextRange } from './sourceJson.js';

const VERSIONS = ['2012-10-17', '2008-10-17'];

/**
 * Size quotas per kind of policy. AWS: IAM User Guide, "IAM and AWS STS quotas" (identity policies
 * 6,144 and role trust policies 2,048 characters, whitespace not counted); Organizations "Quotas"
 * (SCPs and RCPs 5,120 characters, all counted); S3 bucket policies and DynamoDB resource
 * policies 20 KB.
 */
const SIZE_QUOTAS = {
  identity: { code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', max: 6144, whitespace: false },
  trust: { code: 'POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA', max: 2048, whitespace: false },
  scp: { code: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA', max: 5120, whitespace: true },
  rcp: { code: 'POLICY_SIZE_EXCEEDS_RCP_QUOTA', max: 5120, whitespace: true },
  resource: { code: 'POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA', max: 20480, whitespace: true },
} as const;

/** Version, Statement presence, and the size quota of the policy type. */
export const checkDocument: Check = (ctx) => {
  const { policy, doc, report } = ctx;
  const whole: TextRange = policy.root;
  if (policy.versionMember === undefined) report.add('MISSING_VERSION', [doc.at([], whole)]);
  else if (policy.version !== undefined && !VERSIONS.includes(policy.version.value)) {
    report.add('INVALID_VERSION', [doc.at(policy.version.path, policy.version.node)], {
      version: policy.version.value,
      versions: VERSIONS.join(', '),
    });
  }
  if (policy.statementMember === undefined) report.add('MISSING_STATEMENT', [doc.at([], whole)]);
  checkSize(ctx);
};

function checkSize(ctx: CheckContext): void {
  const quota = SIZE_QUOTAS[ctx.kind];
  // AWS: a generic RESOURCE_POLICY has no single quota (each service sets its own), so the check
  // applies only when the resource type names the service.
  if (ctx.kind === 'resource' && ctx.options.resourceType === undefined) return;
  const text = ctx.doc.text;
  if (text.length <= quota.max) return;
  let size = text.length;
  if (!quota.whitespace) {
    size = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) size++;
    }
  }
  if (size > quota.max) {
    ctx.report.add(quota.code, [ctx.doc.at([], ctx.policy.root)], { policySize: size, policySizeQuota: quota.max });
  }
}
