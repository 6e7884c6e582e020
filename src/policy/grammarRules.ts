import type { PolicyType } from './ast.js';

/** What one policy type's grammar allows; the checker is driven by this table. */
export interface PolicyTypeRules {
  /** `forbidden`: no Principal/NotPrincipal; `required`: one of them; `star`: Principal `"*"` only. */
  readonly principal: 'forbidden' | 'required' | 'star';
  /** Whether NotPrincipal may stand in for Principal (only where principal is `required`). */
  readonly notPrincipal: boolean;
  /** Whether a bare `"Principal": "*"` is accepted (where principal is `required`). */
  readonly principalStar: boolean;
  /** `required`: Resource or NotResource must be present; `prohibited`: neither may be. */
  readonly resource: 'required' | 'prohibited';
  /** Whether NotAction is accepted. */
  readonly notAction: boolean;
  /** `latest`: Version must be `2012-10-17`; `any`: either version, or none. */
  readonly version: 'latest' | 'any';
  /** `alphanumeric`: Sid must match `[0-9A-Za-z]*`; `any`: any string. */
  readonly sid: 'alphanumeric' | 'any';
  /** Whether two statements may not share a non-empty Sid. */
  readonly uniqueSids: boolean;
  /** Whether actions are limited to those a role trust policy grants. */
  readonly trustActions: boolean;
  /** Whether the RCP rules apply (Deny only, except the RCPFullAWSAccess shape). */
  readonly rcp: boolean;
}

const IAM_STORED: PolicyTypeRules = {
  principal: 'forbidden',
  notPrincipal: false,
  principalStar: false,
  resource: 'required',
  notAction: true,
  // AWS: IAM answers a managed/inline policy without Version 2012-10-17 with "Policy document must
  // be version 2012-10-17 or greater." (moto's AWS-verified CreatePolicy cases).
  version: 'latest',
  // AWS: IAM User Guide, "IAM JSON policy elements: Sid": IAM allows only A-Z, a-z, 0-9, unique.
  sid: 'alphanumeric',
  uniqueSids: true,
  trustActions: false,
  rcp: false,
};

/** The grammar of each policy type. */
export const POLICY_TYPE_RULES: Readonly<Record<PolicyType, PolicyTypeRules>> = {
  identity: IAM_STORED,
  boundary: IAM_STORED,
  // AWS: STS API reference, AssumeRole `Policy`: an inline session policy uses IAM policy grammar.
  session: { ...IAM_STORED, version: 'any' },
  // AWS: IAM User Guide, "Role trust policy": Principal required, no Resource/NotResource
  // ("Has prohibited field Resource"), no NotPrincipal, no `"Principal": "*"` (Access Analyzer check
  // "Role trust policy unsupported wildcard in principal").
  trust: {
    ...IAM_STORED,
    principal: 'required',
    resource: 'prohibited',
    version: 'any',
    trustActions: true,
  },
  // AWS: IAM User Guide, "Resource-based policies"; Sid rules are each service's own (S3 allows spaces).
  resource: {
    ...IAM_STORED,
    principal: 'required',
    notPrincipal: true,
    principalStar: true,
    version: 'any',
    sid: 'any',
    uniqueSids: false,
  },
  // AWS: Organizations User Guide, "SCP syntax": Version 2012-10-17 required; Principal and
  // NotPrincipal unsupported; Action/NotAction, Resource/NotResource, Condition with Allow or Deny.
  scp: { ...IAM_STORED },
  // AWS: Organizations User Guide, "RCP syntax": Principal `"*"` only; no NotPrincipal, no NotAction;
  // Resource or NotResource required; Allow only in RCPFullAWSAccess.
  rcp: { ...IAM_STORED, principal: 'star', notAction: false, rcp: true },
};
