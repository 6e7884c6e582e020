export { validatePolicy } from './validatePolicy.js';
export { ISSUES, type IssueSpec } from './issues.js';
export {
  VALIDATE_POLICY_TYPES,
  VALIDATE_POLICY_RESOURCE_TYPES,
  type ValidatePolicyType,
  type ValidatePolicyResourceType,
  type ValidateOptions,
  type ValidationFinding,
  type FindingType,
  type Location,
  type PathElement,
  type Position,
  type Span,
} from './types.js';
export { parseSourceJson, type SourceNode, type SourceMember, type TextRange } from './sourceJson.js';
