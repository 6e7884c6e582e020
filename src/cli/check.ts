import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  ACCESS_CHECK_RESOURCE_TYPES,
  CheckInputError,
  checkAccessNotGranted,
  checkNoNewAccess,
  checkNoPublicAccess,
  type AccessCheckPolicyType,
  type AccessCheckResourceType,
  type AccessSpec,
  type CheckResult,
} from '../analysis/customChecks/index.js';
import { renderCheck, type CheckedFile } from './checkText.js';
import { InputError, runCommand, UsageError } from './command.js';

export const CHECK_USAGE = `Usage: gatehouse check <check> [options]

Runs IAM Access Analyzer's custom policy checks offline, no server needed. A PASS is a proof:
no request the engine could evaluate gets the access; FAIL means the policy might allow it.

Checks:
  no-new-access --existing-policy FILE --new-policy FILE [--type identity|resource]
        whether the new policy allows anything the existing (reference) policy does not
  access-not-granted --policy FILE [--actions A,B…] [--resources R1,R2…] [--type identity|resource]
        whether the policy allows a listed action (on any resource), an action on a listed
        resource, or, with both, a listed action on a listed resource (at most 100 of each;
        wildcards as in a policy)
  no-public-access --policy FILE --resource-type TYPE
        whether the resource policy allows callers it does not name; TYPE is one of
        ${ACCESS_CHECK_RESOURCE_TYPES.join(', ')
          .replace(/(.{1,80})(, |$)/g, '$1,\n        ')
          .replace(/,\n {8}$/, '')}

Options:
  --type identity|resource   the policies' type (default identity)
  --format text|json         text (default): PASS or FAIL, AWS's message, and file:line:column of
                             each statement at fault; json: AWS's response
  -h, --help                 this help

FILE is a JSON policy document; - reads standard input.
Exit status: 0 PASS, 1 FAIL, 2 bad usage, an unreadable file or a document that is not a policy.
`;

const TYPES: Readonly<Record<string, AccessCheckPolicyType>> = { identity: 'IDENTITY_POLICY', resource: 'RESOURCE_POLICY' };
/** AWS: the model's limit on the actions and the resources of an access entry. */
const MAX_LISTED = 100;

/** `gatehouse check`: returns the exit status. */
export async function checkCommand(argv: string[]): Promise<number> {
  return runCommand('check', CHECK_USAGE, () => run(argv));
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'existing-policy': { type: 'string' },
      'new-policy': { type: 'string' },
      policy: { type: 'string' },
      actions: { type: 'string', multiple: true },
      resources: { type: 'string', multiple: true },
      'resource-type': { type: 'string' },
      type: { type: 'string', default: 'identity' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(CHECK_USAGE);
    return 0;
  }
  const [check, ...extra] = positionals;
  if (check === undefined) throw new UsageError('name a check: no-new-access, access-not-granted or no-public-access');
  if (extra.length > 0) throw new UsageError(`unexpected argument \`${extra[0]}\``);
  if (!['text', 'json'].includes(values.format)) throw new UsageError(`--format must be text or json, not \`${values.format}\``);
  const policyType = TYPES[values.type];
  if (policyType === undefined) throw new UsageError(`--type must be identity or resource, not \`${values.type}\``);
  const required = (name: 'existing-policy' | 'new-policy' | 'policy' | 'resource-type'): string => {
    const v = values[name];
    if (v === undefined) throw new UsageError(`${check} needs --${name}`);
    return v;
  };
  const allowed: Readonly<Record<string, readonly string[]>> = {
    'no-new-access': ['existing-policy', 'new-policy', 'type'],
    'access-not-granted': ['policy', 'actions', 'resources', 'type'],
    'no-public-access': ['policy', 'resource-type'],
  };
  const options = allowed[check];
  if (options === undefined) throw new UsageError(`unknown check \`${check}\``);
  for (const name of ['existing-policy', 'new-policy', 'policy', 'actions', 'resources', 'resource-type'] as const) {
    if (values[name] !== undefined && !options.includes(name)) throw new UsageError(`${check} takes no --${name}`);
  }

  const kind = check === 'no-public-access' || policyType === 'RESOURCE_POLICY' ? 'a resource policy' : 'an identity policy';
  const files: Record<string, string> = {};
  /** Runs the check; a document it refuses is named by its file. */
  const attempt = (compute: () => CheckResult): CheckResult => {
    try {
      return compute();
    } catch (err) {
      if (err instanceof CheckInputError) throw new InputError(`${files[err.member] ?? err.member} is not ${kind}: ${err.message}`);
      throw err;
    }
  };
  let result: CheckResult;
  let file: CheckedFile;
  switch (check) {
    case 'no-new-access': {
      const existing = await readDocument(required('existing-policy'));
      file = await readDocument(required('new-policy'));
      files['existingPolicyDocument'] = existing.name;
      files['newPolicyDocument'] = file.name;
      result = attempt(() => checkNoNewAccess(file.text, existing.text, policyType));
      break;
    }
    case 'access-not-granted': {
      const access: AccessSpec = { ...listed('actions', values.actions), ...listed('resources', values.resources) };
      if (access.actions === undefined && access.resources === undefined) throw new UsageError('access-not-granted needs --actions, --resources or both');
      file = await readDocument(required('policy'));
      files['policyDocument'] = file.name;
      result = attempt(() => checkAccessNotGranted(file.text, [access], policyType));
      break;
    }
    default: {
      const resourceType = required('resource-type') as AccessCheckResourceType;
      if (!ACCESS_CHECK_RESOURCE_TYPES.includes(resourceType)) throw new UsageError(`unknown --resource-type \`${resourceType}\``);
      file = await readDocument(required('policy'));
      files['policyDocument'] = file.name;
      result = attempt(() => checkNoPublicAccess(file.text, resourceType));
    }
  }
  const colour = process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
  process.stdout.write(values.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderCheck(result, file, colour));
  return result.result === 'PASS' ? 0 : 1;
}

/** The comma-separated values of a repeatable option, or nothing when the option is absent. */
function listed(name: 'actions' | 'resources', raw: readonly string[] | undefined): Partial<Record<'actions' | 'resources', string[]>> {
  if (raw === undefined) return {};
  const items = raw
    .flatMap((r) => r.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new UsageError(`--${name} lists nothing`);
  if (items.length > MAX_LISTED) throw new UsageError(`--${name} lists ${items.length}; at most ${MAX_LISTED} are allowed`);
  return { [name]: items };
}

async function readDocument(path: string): Promise<CheckedFile> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return { name: '<stdin>', text: Buffer.concat(chunks).toString('utf8') };
  }
  return { name: path, text: await readFile(path, 'utf8') };
}
