import type { Operation } from '../operation.js';
import { instanceProfileOperations } from './instanceProfiles.js';
import { oidcProviderOperations } from './oidcProviders.js';
import { roleOperations } from './roles.js';
import { samlProviderOperations } from './samlProviders.js';
import { serviceLinkedRoleOperations } from './serviceLinkedRoles.js';

/** Roles, service-linked roles, instance profiles, SAML and OIDC identity providers. */
export const rolesAndProvidersOperations: Operation[] = [
  ...roleOperations,
  ...serviceLinkedRoleOperations,
  ...instanceProfileOperations,
  ...samlProviderOperations,
  ...oidcProviderOperations,
];
