/**
 * What a service's `aws-sdk` v2 `min.json` model predates, in the same form, written by
 * `scripts/generateModelAdditions.ts` from botocore's current model (`modelAdditions/*.json`).
 */
export interface ModelAdditions {
  /** Operations the v2 model lacks, by name. */
  readonly operations: Readonly<Record<string, Record<string, unknown>>>;
  /** The named shapes the additions refer to (named `botocore:<botocore's name>`). */
  readonly shapes: Readonly<Record<string, Record<string, unknown>>>;
  /** Members a v2 structure lacks. */
  readonly members: readonly MemberAddition[];
}

/**
 * Members to add to the structure reached from an operation's input or output by `path`: member
 * names, `[]` for a list's member, `{}` for a map's value. A named shape on the way is changed
 * for every operation that uses it, as it is one shape in botocore's model too.
 */
export interface MemberAddition {
  readonly operation: string;
  readonly direction: 'input' | 'output';
  readonly path: readonly string[];
  readonly members: Readonly<Record<string, Record<string, unknown>>>;
}
