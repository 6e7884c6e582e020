/** Builds AWS CLI command lines whose arguments a POSIX shell reads back exactly. */

/** One argument, quoted when the shell would otherwise change it. */
export function shellArg(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'"'"'`)}'`;
}

/** `aws <service> <command> --name value …`; a value in angle brackets (a placeholder) is left as written. */
export function aws(service: string, command: string, options: Readonly<Record<string, string | true>> = {}): string {
  const parts = ['aws', service, command];
  for (const [name, value] of Object.entries(options)) {
    parts.push(`--${name}`);
    if (value !== true) parts.push(/^<[^>]+>$/.test(value) ? value : shellArg(value));
  }
  return parts.join(' ');
}

/** The policy holder's kind and name as the IAM commands take them. */
export function holderOption(kind: 'user' | 'group' | 'role', name: string): Record<string, string> {
  return { [`${kind}-name`]: name };
}

/** The command that removes a policy from its holder: detach a managed policy, delete an inline one. */
export function removePolicyCommand(kind: 'user' | 'group' | 'role', holder: string, policyId: string): string {
  if (policyId.startsWith('inline:')) {
    const name = policyId.slice(policyId.lastIndexOf('/') + 1);
    return aws('iam', `delete-${kind}-policy`, { ...holderOption(kind, holder), 'policy-name': name });
  }
  return aws('iam', `detach-${kind}-policy`, { ...holderOption(kind, holder), 'policy-arn': policyId });
}
