import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { VALIDATE_POLICY_RESOURCE_TYPES, type FindingType, type ValidatePolicyResourceType, type ValidatePolicyType } from '../analysis/validation/index.js';
import { collectFiles, validateFile, type FileResult } from './validateRun.js';
import { runCommand, UsageError } from './command.js';
import { renderSarif } from './validateSarif.js';
import { renderSummary, renderText } from './validateText.js';

export const VALIDATE_USAGE = `Usage: gatehouse validate [options] FILE|DIR…

Validates IAM policies offline with IAM Access Analyzer's policy checks (ValidatePolicy), no
server needed. A FILE is a policy document (JSON or YAML), a CloudFormation template (JSON or
YAML; AWS::IAM::Policy, ManagedPolicy, Role, User, Group, AWS::S3::BucketPolicy,
AWS::Organizations::Policy) or a Terraform plan (terraform show -json) or .tf.json configuration;
a DIR is searched recursively for .json, .yaml and .yml files.

Options:
  --type identity|resource|scp|rcp   policy type of plain policy files (default identity);
                                     templates and plans say it themselves
  --resource-type <type>             for resource policies: ${VALIDATE_POLICY_RESOURCE_TYPES.join(', ')}
  --format text|json|sarif           text (default): file:line:column and the source underlined;
                                     json: AWS's ValidatePolicy response for each policy;
                                     sarif: SARIF 2.1.0 for code-scanning tools
  --fail-on error|security-warning|warning|suggestion
                                     exit 1 when a finding at or above this level is found
                                     (default error; levels from highest: error, security-warning,
                                     warning, suggestion)
  -h, --help                         this help

CloudFormation intrinsics are resolved as far as the template tells (pseudo parameters take
example values, parameters their Default, role/bucket/queue/… ARNs follow from logical IDs);
values only a deployment knows become "*".
Exit status: 0 no finding at or above --fail-on, 1 such findings, 2 bad usage or unreadable file.
`;

const TYPES: Readonly<Record<string, ValidatePolicyType>> = {
  identity: 'IDENTITY_POLICY',
  resource: 'RESOURCE_POLICY',
  scp: 'SERVICE_CONTROL_POLICY',
  rcp: 'RESOURCE_CONTROL_POLICY',
};
const RANK: Readonly<Record<FindingType, number>> = { ERROR: 4, SECURITY_WARNING: 3, WARNING: 2, SUGGESTION: 1 };
const FAIL_ON: Readonly<Record<string, number>> = { error: 4, 'security-warning': 3, warning: 2, suggestion: 1 };

/** `gatehouse validate`: returns the exit status. */
export async function validateCommand(argv: string[]): Promise<number> {
  return runCommand('validate', VALIDATE_USAGE, () => run(argv));
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      type: { type: 'string', default: 'identity' },
      'resource-type': { type: 'string' },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(VALIDATE_USAGE);
    return 0;
  }
  const policyType = TYPES[values.type];
  if (policyType === undefined) throw new UsageError(`--type must be identity, resource, scp or rcp, not \`${values.type}\``);
  const resourceType = values['resource-type'] as ValidatePolicyResourceType | undefined;
  if (resourceType !== undefined && !VALIDATE_POLICY_RESOURCE_TYPES.includes(resourceType)) throw new UsageError(`unknown --resource-type \`${resourceType}\``);
  if (resourceType !== undefined && policyType !== 'RESOURCE_POLICY') throw new UsageError('--resource-type needs --type resource');
  if (!['text', 'json', 'sarif'].includes(values.format)) throw new UsageError(`--format must be text, json or sarif, not \`${values.format}\``);
  const threshold = FAIL_ON[values['fail-on']];
  if (threshold === undefined) throw new UsageError(`--fail-on must be error, security-warning, warning or suggestion, not \`${values['fail-on']}\``);
  if (positionals.length === 0) throw new UsageError('name at least one FILE or DIR');

  const files = await collectFiles(positionals);
  const plain = resourceType === undefined ? { policyType } : { policyType, resourceType };
  const colour = process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
  const progress = process.stderr.isTTY === true;
  const results: FileResult[] = [];
  const counts: Record<FindingType, number> = { ERROR: 0, SECURITY_WARNING: 0, WARNING: 0, SUGGESTION: 0 };
  let worst = 0;
  let policies = 0;
  for (const [i, file] of files.entries()) {
    if (progress && (i % 25 === 0 || i === files.length - 1)) process.stderr.write(`\rvalidating ${i + 1}/${files.length} files`);
    const result = await validateFile(file, plain);
    for (const p of result.policies) {
      policies++;
      for (const f of p.findings) {
        counts[f.findingType]++;
        worst = Math.max(worst, RANK[f.findingType]);
      }
    }
    if (values.format === 'text') {
      const text = renderText(result, colour);
      if (text !== '') {
        if (progress) process.stderr.write('\r\u001b[K');
        process.stdout.write(text);
      }
    } else results.push(result);
  }
  if (progress) process.stderr.write('\r\u001b[K');
  if (values.format === 'text') process.stdout.write(renderSummary(files.length, policies, counts));
  else if (values.format === 'sarif') process.stdout.write(renderSarif(results, packageVersion()));
  else process.stdout.write(`${JSON.stringify(results.flatMap(jsonEntries), null, 2)}\n`);
  return worst >= threshold ? 1 : 0;
}

/** `--format json`: for each policy, AWS's ValidatePolicy response with where the policy was found. */
function jsonEntries(r: FileResult): object[] {
  if (r.policies.length === 0) return [{ file: r.file, skipped: r.note ?? 'no policy found' }];
  return r.policies.map((p) => ({
    file: r.file,
    ...(p.source.label === undefined ? {} : { policy: p.source.label }),
    policyType: p.source.policyType,
    ...(p.source.resourceType === undefined ? {} : { validatePolicyResourceType: p.source.resourceType }),
    findings: p.findings,
  }));
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
