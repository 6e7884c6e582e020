/** The input constraints botocore's models hold and the aws-sdk v2 models strip, one file per service (`constraints/*.json`, written by `scripts/generateConstraints.ts`). */

/** A constraint shape: `m` structure members, `l` list member, `k`/`v` map key/value (names of other entries). */
export interface ConstraintShape {
  m?: Record<string, string>;
  l?: string;
  k?: string;
  v?: string;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
}

export interface ConstraintFile {
  ops: Record<string, string>;
  /** Operations botocore marks `authtype: none` or `auth: [smithy.api#noAuth]` (callable unsigned). */
  unsigned: string[];
  shapes: Record<string, ConstraintShape>;
}
