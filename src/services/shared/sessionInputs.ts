import { deflateRawSync } from 'node:zlib';
import { ServiceError } from '../../errors.js';
import { parseArn, reservedTag, reservedTagMessage } from '../../model/index.js';
import { parsePolicy } from '../../policy/index.js';
import type { Store } from '../../store/index.js';

/**
 * The session inputs AssumeRole and GetFederationToken share: session policies (`Policy`,
 * `PolicyArns`), session tags (`Tags`, `TransitiveTagKeys`) and their packed size.
 */

/** AWS: a session tag as the STS model spells it. */
export interface TagInput {
  Key: string;
  Value: string;
}

/** AWS: `PolicyDescriptorType` — `{ arn }`. */
export interface PolicyDescriptor {
  arn?: string;
}

/** AWS: "You can provide up to 10 managed policy ARNs" (AssumeRole, `PolicyArns`). */
export const MAX_SESSION_POLICY_ARNS = 10;

/**
 * Checks an inline session policy against IAM's grammar for session policies; throws
 * MalformedPolicyDocument with IAM's message. `maxLength` is the plaintext limit when the model
 * does not already enforce it (AssumeRole's `unrestrictedSessionPolicyDocumentType`).
 */
export function checkSessionPolicy(text: string | undefined, maxLength = Number.MAX_SAFE_INTEGER): string[] {
  if (text === undefined) return [];
  const result = parsePolicy(text, 'session', { maxLength });
  if (!result.ok) throw new ServiceError('MalformedPolicyDocument', result.errors[0]!.message);
  return [text];
}

/**
 * The managed session policy ARNs; each must name an existing managed policy (customer managed in
 * the session's account, or AWS managed).
 */
export async function checkPolicyArns(store: Store, descriptors: readonly PolicyDescriptor[] | undefined, accountId: string): Promise<string[]> {
  if (descriptors === undefined || descriptors.length === 0) return [];
  if (descriptors.length > MAX_SESSION_POLICY_ARNS) {
    throw new ServiceError(
      'ValidationError',
      `1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_SESSION_POLICY_ARNS}`,
    );
  }
  const arns: string[] = [];
  for (const { arn } of descriptors) {
    const parsed = arn === undefined ? undefined : parseArn(arn);
    const ownedHere = parsed !== undefined && (parsed.accountId === 'aws' || parsed.accountId === accountId);
    if (
      arn === undefined ||
      parsed?.service !== 'iam' ||
      !parsed.resource.startsWith('policy/') ||
      !ownedHere ||
      (await store.managedPolicies.get(arn)) === undefined
    ) {
      // AWS: IAM's wording for an ARN that names no policy it can use ("does not exist or is not attachable").
      throw new ServiceError('MalformedPolicyDocument', `Policy ${arn ?? ''} does not exist or is not attachable.`);
    }
    arns.push(arn);
  }
  return arns;
}

/**
 * Session tags as a record, after checking that keys are unique case-insensitively and that no
 * key or value begins with the reserved prefix `aws:` (`hasReservedTagPrefix`).
 */
export function sessionTagRecord(tags: readonly TagInput[] | undefined): Record<string, string> | undefined {
  if (tags === undefined || tags.length === 0) return undefined;
  const reserved = reservedTag(tags);
  if (reserved !== undefined) throw invalidParameter(reservedTagMessage(reserved));
  const seen = new Set<string>();
  const record: Record<string, string> = {};
  for (const tag of tags) {
    const lower = tag.Key.toLowerCase();
    if (seen.has(lower)) throw invalidParameter('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(lower);
    record[tag.Key] = tag.Value;
  }
  return record;
}

export function invalidParameter(message: string): ServiceError {
  return new ServiceError('InvalidParameterValue', message);
}

/**
 * Packed sizes, in percent of the allotted space. AWS packs session policies, policy ARNs and
 * session tags into a compressed binary form with limits it does not publish; Gatehouse
 * approximates it with raw DEFLATE of the plaintext over a budget calibrated on the STS API
 * reference's AssumeRole example (a 117-character policy and two tags report `PackedPolicySize` 6).
 */
export interface PackedSize {
  /** Policies and tags together: the `PackedPolicySize` of the response. */
  readonly combined: number;
  /** Tags alone. */
  readonly tags: number;
}

/** Bytes of packed policies and tags that make 100%. */
export const PACKED_POLICY_BUDGET = 2_400;
/** Bytes of packed session tags that make 100%. */
export const PACKED_TAGS_BUDGET = 1_200;

export function packedSize(policies: readonly string[], policyArns: readonly string[], tags: Readonly<Record<string, string>> | undefined): PackedSize {
  const tagText = Object.entries(tags ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
  const policyText = [...policies.map(minify), ...policyArns].join('\n');
  const tagBytes = tagText === '' ? 0 : deflateRawSync(tagText).length;
  const allText = [policyText, tagText].filter((t) => t !== '').join('\n');
  const allBytes = allText === '' ? 0 : deflateRawSync(allText).length;
  return { combined: Math.ceil((100 * allBytes) / PACKED_POLICY_BUDGET), tags: Math.ceil((100 * tagBytes) / PACKED_TAGS_BUDGET) };
}

/**
 * Throws PackedPolicyTooLarge when the session's policies or tags exceed their packed limit;
 * returns the `PackedPolicySize` to report (undefined when nothing was packed).
 *
 * AWS: PackedPolicyTooLarge — "The error message indicates by percentage how close the policies
 * and tags are to the upper size limit."
 */
export function checkPackedSize(
  policies: readonly string[],
  policyArns: readonly string[],
  tags: Readonly<Record<string, string>> | undefined,
): number | undefined {
  if (policies.length === 0 && policyArns.length === 0 && tags === undefined) return undefined;
  const size = packedSize(policies, policyArns, tags);
  if (size.tags > 100) throw new ServiceError('PackedPolicyTooLarge', `Packed size of session tags consumes ${size.tags}% of allotted space.`);
  if (size.combined > 100) {
    throw new ServiceError('PackedPolicyTooLarge', `Packed policy consumes ${size.combined}% of allotted space, please use smaller policy.`);
  }
  return size.combined;
}

/** Whitespace outside strings does not count (AWS packs the policy's content, not its layout). */
function minify(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}
