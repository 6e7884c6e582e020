import { S3_AUTH_ERRORS, type ServiceDescriptor } from '../descriptor.js';

/**
 * S3 Control's wire facts: S3's signing rules (its scope is `s3`) and error words; no unsigned
 * calls. AWS: S3 Control API Reference; the SDKs address it as `<account>.s3-control.<region>…`,
 * a custom endpoint with the account ID as its first label (the AWS CLI: `<account>.localhost`).
 */
export const S3CONTROL_DESCRIPTOR: ServiceDescriptor = {
  name: 's3control',
  signing: 's3',
  unsigned: 'model',
  authErrors: S3_AUTH_ERRORS,
};
