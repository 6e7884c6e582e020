import { IAMClient } from '@aws-sdk/client-iam';
import { awsConfig, lazyClient } from './aws.js';

/** The IAMClient the pages call Gatehouse with (`awsConfig`: the session, not SigV4). */
export const iam = lazyClient(() => new IAMClient(awsConfig()));
