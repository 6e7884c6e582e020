export { PolicyGatherer, type EntityPolicies, type GatheredPolicy, type GathererOptions } from './gatherer.js';
export { Guardrails, compileGuardrails, type AccountGuardrails, type OrganizationAwarePolicies } from './guardrails.js';
export type {
  PolicyReader,
  HolderKind,
  UserFacts,
  GroupFacts,
  RoleFacts,
  InlinePolicyFacts,
  ManagedPolicyFacts,
  GuardrailFacts,
  OrganizationPathFacts,
  BucketFacts,
  BlockPublicAccessFacts,
} from './reader.js';
