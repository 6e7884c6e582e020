import type { Operation } from '../../operation.js';
import { samlProviderOperations } from './samlProviders.js';
import { oidcProviderOperations } from './oidcProviders.js';

/** Identity providers: SAML 2.0 and OpenID Connect. */
export const providersOperations: Operation[] = [...samlProviderOperations, ...oidcProviderOperations];
