import { ACCOUNT_CHECKS } from './accountChecks.js';
import type { Check } from './check.js';
import { CREDENTIAL_CHECKS } from './credentialChecks.js';
import { PASSWORD_CHECKS } from './passwordChecks.js';
import { POLICY_CHECKS } from './policyChecks.js';
import { ROOT_CHECKS } from './rootChecks.js';
import { TRUST_CHECKS } from './trustChecks.js';

/** Every best-practice check, in report order. */
export const CHECKS: readonly Check[] = [...ROOT_CHECKS, ...PASSWORD_CHECKS, ...CREDENTIAL_CHECKS, ...POLICY_CHECKS, ...TRUST_CHECKS, ...ACCOUNT_CHECKS];
