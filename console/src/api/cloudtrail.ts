import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { awsConfig, lazyClient } from './aws.js';

/** The CloudTrailClient the pages call Gatehouse with (`awsConfig`: the session, not SigV4). */
export const cloudtrail = lazyClient(() => new CloudTrailClient(awsConfig()));
