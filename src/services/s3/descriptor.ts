import { decodeRequest, hasStreamingPayload } from '../../protocol/index.js';
import { S3_AUTH_ERRORS, type ServiceDescriptor } from '../descriptor.js';

/**
 * Amazon S3's wire facts. AWS: S3 API Reference, "Error responses" (InvalidAccessKeyId,
 * AccessDenied, ExpiredToken), "Authenticating Requests (AWS Signature Version 4)" (the
 * x-amz-content-sha256 rules, no path normalisation) and "Making requests" (anonymous requests are
 * authorized against the bucket policy).
 */
export const S3_DESCRIPTOR: ServiceDescriptor = {
  name: 's3',
  signing: 's3',
  unsigned: 'anonymous',
  // AWS: PutObject and UploadPart take a streaming body (the model's `streaming` payload).
  streamsBody(head) {
    if (head.method !== 'PUT' && head.method !== 'POST') return false;
    const operation = decodeRequest('s3', head).operation;
    return operation !== undefined && hasStreamingPayload('s3', operation);
  },
  authErrors: S3_AUTH_ERRORS,
};
