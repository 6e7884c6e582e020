import { ServiceError } from '../../errors.js';

/**
 * S3's errors with AWS's wording and extra fields. AWS: S3 API Reference, "Error responses" (the
 * list of error codes) and each operation's page.
 */
export const noSuchBucket = (bucket: string): ServiceError => new ServiceError('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });

export const noSuchKey = (key: string): ServiceError => new ServiceError('NoSuchKey', 'The specified key does not exist.', { Key: key });

export const noSuchUpload = (uploadId: string): ServiceError =>
  new ServiceError('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', {
    UploadId: uploadId,
  });

export const invalidArgument = (message: string, name: string, value: string): ServiceError =>
  new ServiceError('InvalidArgument', message, { ArgumentName: name, ArgumentValue: value });

export const malformedXml = (): ServiceError =>
  new ServiceError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');

export const invalidRequest = (message: string): ServiceError => new ServiceError('InvalidRequest', message);

export const preconditionFailed = (condition: string): ServiceError =>
  new ServiceError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: condition });

export const notModified = (): ServiceError => new ServiceError('NotModified', 'Not Modified');

/** AWS: with Object Ownership BucketOwnerEnforced, a request that sets an ACL other than the bucket owner's full control. */
export const aclsNotSupported = (): ServiceError => new ServiceError('AccessControlListNotSupported', 'The bucket does not allow ACLs');

/** AWS: PUT Object and multipart parts are at most 5 GiB. */
export const MAX_PUT_BYTES = 5 * 1024 * 1024 * 1024;

export const entityTooLarge = (proposed: number): ServiceError =>
  new ServiceError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
    ProposedSize: String(proposed),
    MaxSizeAllowed: String(MAX_PUT_BYTES),
  });
