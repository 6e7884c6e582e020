import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { awsConfig, lazyClient } from './aws.js';

/** The AccessAnalyzerClient the pages call Gatehouse with (`awsConfig`: the session, not SigV4). */
export const accessAnalyzer = lazyClient(() => new AccessAnalyzerClient(awsConfig()));
