export { generatePolicies, MAX_POLICY_CHARACTERS, type GenerationOptions, type RecordedAuthorization } from './generatePolicy.js';
