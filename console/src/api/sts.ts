import { STSClient } from '@aws-sdk/client-sts';
import { awsConfig, lazyClient } from './aws.js';

/** The STSClient the pages call Gatehouse with (`awsConfig`: the session, not SigV4). */
export const sts = lazyClient(() => new STSClient(awsConfig()));
