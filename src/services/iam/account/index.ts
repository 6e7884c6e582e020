import type { Operation } from '../../operation.js';
import { passwordPolicyOperations } from './passwordPolicy.js';
import { accountSettingsOperations } from './account.js';
import { organizationsFeaturesOperations } from './organizationsFeatures.js';

/** The account's settings: password policy, aliases, summary, Organizations features. */
export const accountOperations: Operation[] = [...passwordPolicyOperations, ...accountSettingsOperations, ...organizationsFeaturesOperations];
