import type { Operation } from '../operation.js';
import { GetBucketAcl, GetBucketOwnershipControls, GetObjectAcl, PutBucketAcl, PutBucketOwnershipControls, PutObjectAcl } from './acl.js';
import { DeleteBucketPolicy, GetBucketPolicy, GetBucketPolicyStatus, PutBucketPolicy } from './bucketPolicy.js';
import { CreateBucket, DeleteBucket, GetBucketLocation, HeadBucket, ListBuckets } from './buckets.js';
import { CopyObject } from './copyObject.js';
import { DeleteObjects } from './deleteObjects.js';
import { ListObjects, ListObjectsV2 } from './listObjects.js';
import {
  AbortMultipartUpload,
  CompleteMultipartUpload,
  CreateMultipartUpload,
  ListMultipartUploads,
  ListParts,
  UploadPart,
  UploadPartCopy,
} from './multipart.js';
import { DeleteObject, GetObject, HeadObject, PutObject } from './objects.js';
import { PostObject } from './postObject.js';
import { DeletePublicAccessBlock, GetPublicAccessBlock, PutPublicAccessBlock } from './publicAccessBlock.js';
import { DeleteBucketTagging, DeleteObjectTagging, GetBucketTagging, GetObjectTagging, PutBucketTagging, PutObjectTagging } from './tagging.js';

export { S3_DESCRIPTOR } from './descriptor.js';

/** Every S3 operation Gatehouse implements. */
export const s3Operations: readonly Operation[] = [
  CreateBucket,
  HeadBucket,
  ListBuckets,
  GetBucketLocation,
  DeleteBucket,
  PutObject,
  PostObject,
  GetObject,
  HeadObject,
  DeleteObject,
  DeleteObjects,
  CopyObject,
  ListObjectsV2,
  ListObjects,
  CreateMultipartUpload,
  UploadPart,
  UploadPartCopy,
  CompleteMultipartUpload,
  AbortMultipartUpload,
  ListParts,
  ListMultipartUploads,
  PutObjectTagging,
  GetObjectTagging,
  DeleteObjectTagging,
  PutBucketTagging,
  GetBucketTagging,
  DeleteBucketTagging,
  PutBucketPolicy,
  GetBucketPolicy,
  DeleteBucketPolicy,
  GetBucketPolicyStatus,
  PutPublicAccessBlock,
  GetPublicAccessBlock,
  DeletePublicAccessBlock,
  GetBucketAcl,
  PutBucketAcl,
  GetObjectAcl,
  PutObjectAcl,
  GetBucketOwnershipControls,
  PutBucketOwnershipControls,
];
