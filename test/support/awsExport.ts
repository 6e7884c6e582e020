import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AwsCliHome } from './awscli.js';

/**
 * Exports an account with the AWS CLI, file by file, as docs/posture.md tells a person to: IAM's
 * authorization details, credential report, password policy (or the CLI's NoSuchEntity text),
 * virtual MFA devices, account summary and server certificates with `iamProfile`; with `orgProfile`
 * (the management account) the Organizations tree, its SCPs/RCPs and their targets, the per-parent
 * listings saved with their parameter through --query. Returns the files written.
 */
export async function exportWithAwsCli(
  home: AwsCliHome,
  dir: string,
  options: { iamProfile: string; orgProfile?: string; trails?: boolean },
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const iam = ['--profile', options.iamProfile];
  const save = async (name: string, text: string) => {
    const file = join(dir, name);
    await writeFile(file, text);
    files.push(file);
  };
  const run = async (name: string, args: string[]) => {
    const out = await home.aws(args);
    if (out.code !== 0) throw new Error(`aws ${args.join(' ')} failed (${out.code}): ${out.stderr}`);
    await save(name, out.stdout);
    return JSON.parse(out.stdout) as Record<string, unknown>;
  };
  await run('authorization-details.json', [...iam, 'iam', 'get-account-authorization-details']);
  const generated = await home.aws([...iam, 'iam', 'generate-credential-report']);
  if (generated.code !== 0) throw new Error(`generate-credential-report failed: ${generated.stderr}`);
  await run('credential-report.json', [...iam, 'iam', 'get-credential-report']);
  const policy = await home.aws([...iam, 'iam', 'get-account-password-policy']);
  // AWS: an account without a password policy answers NoSuchEntity; the CLI's error text says so.
  await save('password-policy.json', policy.code === 0 ? policy.stdout : policy.stderr);
  await run('virtual-mfa-devices.json', [...iam, 'iam', 'list-virtual-mfa-devices']);
  await run('account-summary.json', [...iam, 'iam', 'get-account-summary']);
  await run('server-certificates.json', [...iam, 'iam', 'list-server-certificates']);
  if (options.trails === true) await run('trails.json', [...iam, 'cloudtrail', 'describe-trails']);
  if (options.orgProfile === undefined) return files;

  const org = ['--profile', options.orgProfile, 'organizations'];
  await run('organization.json', [...org, 'describe-organization']);
  const roots = (await run('roots.json', [...org, 'list-roots']))['Roots'] as { Id: string }[];
  const parents = roots.map((r) => r.Id);
  for (let i = 0; i < parents.length; i++) {
    const parent = parents[i]!;
    const units = (
      await run(`units-of-${parent}.json`, [
        ...org,
        'list-organizational-units-for-parent',
        '--parent-id',
        parent,
        '--query',
        `{ParentId: '${parent}', OrganizationalUnits: OrganizationalUnits}`,
      ])
    )['OrganizationalUnits'] as { Id: string }[];
    parents.push(...units.map((u) => u.Id));
    await run(`accounts-of-${parent}.json`, [
      ...org,
      'list-accounts-for-parent',
      '--parent-id',
      parent,
      '--query',
      `{ParentId: '${parent}', Accounts: Accounts}`,
    ]);
  }
  for (const type of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY']) {
    const listed = await home.aws([...org, 'list-policies', '--filter', type]);
    if (listed.code !== 0) continue;
    await save(`policies-${type}.json`, listed.stdout);
    for (const p of (JSON.parse(listed.stdout) as { Policies: { Id: string }[] }).Policies) {
      await run(`policy-${p.Id}.json`, [...org, 'describe-policy', '--policy-id', p.Id]);
      await run(`targets-of-${p.Id}.json`, [...org, 'list-targets-for-policy', '--policy-id', p.Id, '--query', `{PolicyId: '${p.Id}', Targets: Targets}`]);
    }
  }
  return files;
}
