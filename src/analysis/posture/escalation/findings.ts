import type { AccountModel, RoleModel, UserModel } from '../accountModel.js';
import type { Finding } from '../findings.js';
import { aws, removePolicyCommand } from '../remediation.js';
import type { EscalationAnalysis, EscalationPath, EscalationStep } from './paths.js';
import { TECHNIQUES } from './techniques.js';

/** The privilege-escalation findings: one per source principal and technique that begins one of its shortest paths to an administrator. */
export function escalationFindings(analysis: EscalationAnalysis, model: AccountModel): Finding[] {
  const nodes = new Map<string, UserModel | RoleModel>([...model.users, ...model.roles].map((n) => [n.arn, n]));
  return analysis.paths.map((path) => {
    const first = path.steps[0]!;
    const source = nodes.get(path.source)!;
    const technique = TECHNIQUES.get(first.technique)!;
    return {
      id: first.technique,
      title: `Privilege escalation: ${technique.name}`,
      severity: path.conditional ? 'medium' : 'high',
      category: 'privilege-escalation',
      resourceArn: path.source,
      resourceType: source.kind === 'user' ? 'AWS::IAM::User' : 'AWS::IAM::Role',
      reason: describePath(path, source),
      remediation: remediationOf(first, source, model),
      sources: [
        technique.link.startsWith('https://pathfinding.cloud') ? `pathfinding.cloud ${technique.id}` : 'Gatehouse',
        'PMapper-style graph, each edge decided by the policy engine',
      ],
      link: technique.link,
      path,
    };
  });
}

function describePath(path: EscalationPath, source: UserModel | RoleModel): string {
  const steps = path.steps.map((s) => s.description).join('; then ');
  const qualifiers = [...(path.mfaRequired ? ['signed in with MFA'] : []), ...(path.conditional ? ['if a service that accepts the role exists'] : [])];
  const count = path.steps.length === 1 ? 'in one step' : `in ${path.steps.length} steps`;
  return `${source.kind} ${source.name} can become an administrator ${count}${qualifiers.length > 0 ? ` (${qualifiers.join(', ')})` : ''}: ${steps}`;
}

/** Removes the grant of the first step's first call where it is given to the source principal. */
function remediationOf(step: EscalationStep, source: UserModel | RoleModel, model: AccountModel): string[] {
  const first = step.actions[0];
  if (first === undefined) return [];
  const commands: string[] = [];
  for (const id of first.allowedBy) {
    if (id.startsWith('inline:')) {
      const [kind, holder] = id.slice('inline:'.length).split('/') as ['user' | 'group' | 'role', string];
      commands.push(removePolicyCommand(kind, holder, id));
      continue;
    }
    const role = model.roles.find((r) => r.arn === id);
    if (role !== undefined) {
      commands.push(aws('iam', 'update-assume-role-policy', { 'role-name': role.name, 'policy-document': 'file://trust-policy.json' }));
      continue;
    }
    if (source.attached.includes(id)) commands.push(removePolicyCommand(source.kind, source.name, id));
    else if (source.kind === 'user') {
      for (const group of model.groups.filter((g) => source.groups.some((n) => n.toLowerCase() === g.name.toLowerCase()) && g.attached.includes(id))) {
        commands.push(removePolicyCommand('group', group.name, id));
      }
    }
    if (!id.startsWith('arn:aws:iam::aws:')) {
      commands.push(
        `# or remove ${first.action} from ${id} (aws iam create-policy-version --policy-arn ${id} --policy-document file://fixed.json --set-as-default)`,
      );
    }
  }
  return commands;
}
