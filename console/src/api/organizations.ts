import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { awsConfig, lazyClient } from './aws.js';

/** The OrganizationsClient the pages call Gatehouse with (`awsConfig`: the session, not SigV4). */
export const organizations = lazyClient(() => new OrganizationsClient(awsConfig()));
