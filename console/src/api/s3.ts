import { S3Client } from '@aws-sdk/client-s3';
import { awsConfig, lazyClient } from './aws.js';

/** The S3Client the pages call Gatehouse with: path-style, as Gatehouse serves buckets under its one address. */
export const s3 = lazyClient(() => new S3Client({ ...(awsConfig() as object), forcePathStyle: true } as never));
