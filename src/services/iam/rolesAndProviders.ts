import type { Operation } from '../operation.js';
import { instanceProfileOperations } from './roles/instanceProfiles.js';
import { oidcProviderOperations } from './providers/oidcProviders.js';
import { roleOperations } from './roles/roles.js';
import { samlProviderOperations } from './providers/samlProviders.js';
import { serviceLinkedRoleOperations } from './roles/serviceLinkedRoles.js';

/** Roles, service-linked roles, instance profiles, SAML and OIDC identity providers. */
export const rolesAndProvidersOperations: Operation[] = [
  ...roleOperations,
  ...serviceLinkedRoleOperations,
  ...instanceProfileOperations,
  ...samlProviderOperations,
  ...oidcProviderOperations,
];
