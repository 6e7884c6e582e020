/**
 * The closed catalogue of wire errors Gatehouse returns. Every error a client can see is created
 * here, with AWS's code and HTTP status; the protocol layer renders it in each protocol's shape
 * (query XML `<ErrorResponse>`, JSON `__type`, rest-xml `<Error>`). `docs/errors.md` lists the
 * same codes and `errors.test.ts` checks the two against each other in both directions.
 *
 * Messages keep AWS's wording where clients parse it; our own messages follow Cedar's rules
 * (lowercase start is not required for AWS wording, user input in backticks for ours).
 */

/** Sender: the caller's fault (4xx). Receiver: ours (5xx). Query protocol puts this in `<Type>`. */
export type Fault = 'Sender' | 'Receiver';

export interface ErrorSpec {
  readonly status: number;
  readonly fault: Fault;
  /**
   * Other statuses a service's model gives the same code (SSO OIDC's AccessDeniedException is
   * 400, the SSO portal's ResourceNotFoundException 404); the error names one when it is made.
   */
  readonly otherStatuses?: readonly number[];
}

/** Every code we emit, with its HTTP status. Grouped by where it comes from. */
export const ERROR_CATALOGUE = {
  // Authentication (SigV4 and tokens), common to every AWS service.
  IncompleteSignature: { status: 400, fault: 'Sender' },
  InvalidClientTokenId: { status: 403, fault: 'Sender' },
  SignatureDoesNotMatch: { status: 403, fault: 'Sender' },
  InvalidSignatureException: { status: 400, fault: 'Sender' },
  MissingAuthenticationToken: { status: 403, fault: 'Sender' },
  RequestTimeTooSkewed: { status: 403, fault: 'Sender' },
  ExpiredToken: { status: 400, fault: 'Sender' },
  ExpiredTokenException: { status: 400, fault: 'Sender' },
  InvalidToken: { status: 400, fault: 'Sender' },
  AccessDenied: { status: 403, fault: 'Sender' },
  AccessDeniedException: { status: 403, fault: 'Sender', otherStatuses: [400] },
  // Authentication, S3's own codes (SigV4 envelope and aws-chunked payloads).
  AuthorizationHeaderMalformed: { status: 400, fault: 'Sender' },
  AuthorizationQueryParametersError: { status: 400, fault: 'Sender' },
  XAmzContentSHA256Mismatch: { status: 400, fault: 'Sender' },
  InvalidRequest: { status: 400, fault: 'Sender' },
  IncompleteBody: { status: 400, fault: 'Sender' },
  InvalidChunkSizeError: { status: 403, fault: 'Sender' },
  MissingContentLength: { status: 411, fault: 'Sender' },
  // Request shape, common to every AWS service.
  InvalidAction: { status: 400, fault: 'Sender' },
  UnknownOperationException: { status: 400, fault: 'Sender' },
  MissingAction: { status: 400, fault: 'Sender' },
  MissingParameter: { status: 400, fault: 'Sender' },
  InvalidParameterValue: { status: 400, fault: 'Sender' },
  InvalidParameterCombination: { status: 400, fault: 'Sender' },
  MalformedQueryString: { status: 404, fault: 'Sender' },
  ValidationError: { status: 400, fault: 'Sender' },
  ValidationException: { status: 400, fault: 'Sender' },
  SerializationException: { status: 400, fault: 'Sender' },
  InvalidQueryParameter: { status: 400, fault: 'Sender' },
  UnrecognizedClientException: { status: 400, fault: 'Sender' },
  NotFound: { status: 404, fault: 'Sender' },
  InvalidAccessKeyId: { status: 403, fault: 'Sender' },
  NotImplemented: { status: 501, fault: 'Receiver' },
  RequestEntityTooLarge: { status: 413, fault: 'Sender' },
  RequestHeaderSectionTooLarge: { status: 400, fault: 'Sender' },
  InternalFailure: { status: 500, fault: 'Receiver' },
  ServiceUnavailable: { status: 503, fault: 'Receiver' },
  // IAM
  MalformedPolicyDocument: { status: 400, fault: 'Sender' },
  NoSuchEntity: { status: 404, fault: 'Sender' },
  ConcurrentModification: { status: 409, fault: 'Sender' },
  EntityAlreadyExists: { status: 409, fault: 'Sender' },
  DeleteConflict: { status: 409, fault: 'Sender' },
  LimitExceeded: { status: 409, fault: 'Sender' },
  InvalidInput: { status: 400, fault: 'Sender' },
  UnmodifiableEntity: { status: 400, fault: 'Sender' },
  PasswordPolicyViolation: { status: 400, fault: 'Sender' },
  InvalidUserType: { status: 400, fault: 'Sender' },
  InvalidAuthenticationCode: { status: 403, fault: 'Sender' },
  InvalidPublicKey: { status: 400, fault: 'Sender' },
  DuplicateSSHPublicKey: { status: 400, fault: 'Sender' },
  UnrecognizedPublicKeyEncoding: { status: 400, fault: 'Sender' },
  MalformedCertificate: { status: 400, fault: 'Sender' },
  InvalidCertificate: { status: 400, fault: 'Sender' },
  DuplicateCertificate: { status: 409, fault: 'Sender' },
  KeyPairMismatch: { status: 400, fault: 'Sender' },
  ReportNotPresent: { status: 410, fault: 'Sender' },
  ReportExpired: { status: 410, fault: 'Sender' },
  OrganizationNotFoundException: { status: 400, fault: 'Sender' },
  ServiceAccessNotEnabledException: { status: 400, fault: 'Sender' },
  // Organizations
  AWSOrganizationsNotInUseException: { status: 400, fault: 'Sender' },
  AlreadyInOrganizationException: { status: 400, fault: 'Sender' },
  AccountNotFoundException: { status: 400, fault: 'Sender' },
  AccountAlreadyClosedException: { status: 400, fault: 'Sender' },
  AccountAlreadyRegisteredException: { status: 400, fault: 'Sender' },
  AccountNotRegisteredException: { status: 400, fault: 'Sender' },
  ChildNotFoundException: { status: 400, fault: 'Sender' },
  ConstraintViolationException: { status: 400, fault: 'Sender' },
  CreateAccountStatusNotFoundException: { status: 400, fault: 'Sender' },
  DestinationParentNotFoundException: { status: 400, fault: 'Sender' },
  DuplicateAccountException: { status: 400, fault: 'Sender' },
  DuplicateHandshakeException: { status: 400, fault: 'Sender' },
  DuplicateOrganizationalUnitException: { status: 400, fault: 'Sender' },
  HandshakeAlreadyInStateException: { status: 400, fault: 'Sender' },
  HandshakeConstraintViolationException: { status: 400, fault: 'Sender' },
  HandshakeNotFoundException: { status: 400, fault: 'Sender' },
  InvalidHandshakeTransitionException: { status: 400, fault: 'Sender' },
  DuplicatePolicyAttachmentException: { status: 400, fault: 'Sender' },
  DuplicatePolicyException: { status: 400, fault: 'Sender' },
  MalformedPolicyDocumentException: { status: 400, fault: 'Sender' },
  EffectivePolicyNotFoundException: { status: 400, fault: 'Sender' },
  ResourcePolicyNotFoundException: { status: 400, fault: 'Sender' },
  MasterCannotLeaveOrganizationException: { status: 400, fault: 'Sender' },
  OrganizationNotEmptyException: { status: 400, fault: 'Sender' },
  OrganizationalUnitNotEmptyException: { status: 400, fault: 'Sender' },
  OrganizationalUnitNotFoundException: { status: 400, fault: 'Sender' },
  ParentNotFoundException: { status: 400, fault: 'Sender' },
  PolicyInUseException: { status: 400, fault: 'Sender' },
  PolicyNotAttachedException: { status: 400, fault: 'Sender' },
  PolicyNotFoundException: { status: 400, fault: 'Sender' },
  PolicyTypeAlreadyEnabledException: { status: 400, fault: 'Sender' },
  PolicyTypeNotEnabledException: { status: 400, fault: 'Sender' },
  PolicyTypeNotAvailableForOrganizationException: { status: 400, fault: 'Sender' },
  RootNotFoundException: { status: 400, fault: 'Sender' },
  SourceParentNotFoundException: { status: 400, fault: 'Sender' },
  TargetNotFoundException: { status: 400, fault: 'Sender' },
  // CloudTrail
  InvalidLookupAttributesException: { status: 400, fault: 'Sender' },
  InvalidTimeRangeException: { status: 400, fault: 'Sender' },
  InvalidMaxResultsException: { status: 400, fault: 'Sender' },
  InvalidNextTokenException: { status: 400, fault: 'Sender' },
  InvalidEventCategoryException: { status: 400, fault: 'Sender' },
  TrailAlreadyExistsException: { status: 400, fault: 'Sender' },
  TrailNotFoundException: { status: 400, fault: 'Sender' },
  InvalidTrailNameException: { status: 400, fault: 'Sender' },
  InvalidS3BucketNameException: { status: 400, fault: 'Sender' },
  InvalidS3PrefixException: { status: 400, fault: 'Sender' },
  InvalidEventSelectorsException: { status: 400, fault: 'Sender' },
  InvalidTagParameterException: { status: 400, fault: 'Sender' },
  TagsLimitExceededException: { status: 400, fault: 'Sender' },
  CloudTrailARNInvalidException: { status: 400, fault: 'Sender' },
  MaximumNumberOfTrailsExceededException: { status: 400, fault: 'Sender' },
  InvalidInsightSelectorsException: { status: 400, fault: 'Sender' },
  InsightNotEnabledException: { status: 400, fault: 'Sender' },
  InvalidParameterCombinationException: { status: 400, fault: 'Sender' },
  NotOrganizationMasterAccountException: { status: 400, fault: 'Sender' },
  OrganizationsNotInUseException: { status: 400, fault: 'Sender' },
  OrganizationNotInAllFeaturesModeException: { status: 400, fault: 'Sender' },
  CloudTrailAccessNotEnabledException: { status: 400, fault: 'Sender' },
  // Access Analyzer, IAM Roles Anywhere, AWS IoT; Gatehouse's own API
  ResourceNotFoundException: { status: 404, fault: 'Sender', otherStatuses: [400] },
  ConflictException: { status: 409, fault: 'Sender', otherStatuses: [400] },
  ServiceQuotaExceededException: { status: 402, fault: 'Sender', otherStatuses: [400] },
  // STS
  PackedPolicyTooLarge: { status: 400, fault: 'Sender' },
  RegionDisabledException: { status: 403, fault: 'Sender' },
  IDPRejectedClaim: { status: 403, fault: 'Sender' },
  InvalidIdentityToken: { status: 400, fault: 'Sender' },
  IDPCommunicationError: { status: 400, fault: 'Sender' },
  InvalidAuthorizationMessageException: { status: 400, fault: 'Sender' },
  // IAM Identity Center: SSO Admin and Identity Store (awsJson 1.1, 400 unless said; ResourceNotFound, Conflict and ServiceQuotaExceeded are above, answered with 400), the SSO
  // portal (its model's statuses) and SSO OIDC (its model's statuses, OAuth's `error` in the body).
  ThrottlingException: { status: 400, fault: 'Sender' },
  InternalServerException: { status: 500, fault: 'Receiver' },
  UnauthorizedException: { status: 401, fault: 'Sender' },
  ForbiddenException: { status: 403, fault: 'Sender' },
  TooManyRequestsException: { status: 429, fault: 'Sender' },
  AuthorizationPendingException: { status: 400, fault: 'Sender' },
  SlowDownException: { status: 400, fault: 'Sender' },
  InvalidClientException: { status: 401, fault: 'Sender' },
  InvalidClientMetadataException: { status: 400, fault: 'Sender' },
  InvalidGrantException: { status: 400, fault: 'Sender' },
  InvalidRedirectUriException: { status: 400, fault: 'Sender' },
  InvalidScopeException: { status: 400, fault: 'Sender' },
  UnauthorizedClientException: { status: 400, fault: 'Sender' },
  UnsupportedGrantTypeException: { status: 400, fault: 'Sender' },
  // IAM Roles Anywhere and AWS IoT (ResourceNotFoundException is above)
  TooManyTagsException: { status: 400, fault: 'Sender' },
  ResourceAlreadyExistsException: { status: 409, fault: 'Sender' },
  InvalidRequestException: { status: 400, fault: 'Sender' },
  CertificateValidationException: { status: 400, fault: 'Sender' },
  CertificateStateException: { status: 406, fault: 'Sender' },
  DeleteConflictException: { status: 409, fault: 'Sender' },
  MalformedPolicyException: { status: 400, fault: 'Sender' },
  RegistrationCodeValidationException: { status: 400, fault: 'Sender' },
  VersionConflictException: { status: 409, fault: 'Sender' },
  // Protocol layer: model validation in Organizations, S3 request shape
  InvalidInputException: { status: 400, fault: 'Sender' },
  MalformedXML: { status: 400, fault: 'Sender' },
  InvalidArgument: { status: 400, fault: 'Sender' },
  MethodNotAllowed: { status: 405, fault: 'Sender' },
  NoSuchBucket: { status: 404, fault: 'Sender' },
  NoSuchKey: { status: 404, fault: 'Sender' },
  // S3 (AWS: S3 API Reference, "Error responses")
  NoSuchUpload: { status: 404, fault: 'Sender' },
  NoSuchBucketPolicy: { status: 404, fault: 'Sender' },
  NoSuchPublicAccessBlockConfiguration: { status: 404, fault: 'Sender' },
  NoSuchTagSet: { status: 404, fault: 'Sender' },
  OwnershipControlsNotFoundError: { status: 404, fault: 'Sender' },
  BucketAlreadyExists: { status: 409, fault: 'Sender' },
  BucketAlreadyOwnedByYou: { status: 409, fault: 'Sender' },
  BucketNotEmpty: { status: 409, fault: 'Sender' },
  InvalidBucketName: { status: 400, fault: 'Sender' },
  InvalidLocationConstraint: { status: 400, fault: 'Sender' },
  IllegalLocationConstraintException: { status: 400, fault: 'Sender' },
  KeyTooLongError: { status: 400, fault: 'Sender' },
  InvalidURI: { status: 400, fault: 'Sender' },
  InvalidDigest: { status: 400, fault: 'Sender' },
  BadDigest: { status: 400, fault: 'Sender' },
  EntityTooLarge: { status: 400, fault: 'Sender' },
  EntityTooSmall: { status: 400, fault: 'Sender' },
  InvalidPart: { status: 400, fault: 'Sender' },
  InvalidPartOrder: { status: 400, fault: 'Sender' },
  InvalidRange: { status: 416, fault: 'Sender' },
  PreconditionFailed: { status: 412, fault: 'Sender' },
  NotModified: { status: 304, fault: 'Sender' },
  MalformedPolicy: { status: 400, fault: 'Sender' },
  InvalidTag: { status: 400, fault: 'Sender' },
  AccessControlListNotSupported: { status: 400, fault: 'Sender' },
  InvalidBucketAclWithObjectOwnership: { status: 400, fault: 'Sender' },
  MissingSecurityHeader: { status: 400, fault: 'Sender' },
  UnexpectedContent: { status: 400, fault: 'Sender' },
  MetadataTooLarge: { status: 400, fault: 'Sender' },
  MalformedPOSTRequest: { status: 400, fault: 'Sender' },
  InvalidPartNumber: { status: 416, fault: 'Sender' },
  InvalidPolicyDocument: { status: 400, fault: 'Sender' },
  MaxPostPreDataLengthExceededError: { status: 400, fault: 'Sender' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/**
 * An error the client sees. `fields` carries extra members some AWS errors have (e.g.
 * `EncodedMessage` is not one; S3's `Key`, `BucketName`); the protocol layer renders them.
 */
export class ServiceError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fault: Fault;
  readonly fields: Readonly<Record<string, string>>;
  /**
   * Whether the error body carries `message`. SSO OIDC's errors do not: they carry OAuth's `error`
   * and `error_description` (RFC 6749 §5.2) in `fields`; the message is still recorded.
   */
  readonly messageInBody: boolean;
  /**
   * A refusal that is itself a change: the mutation's writes made before it was thrown commit
   * with its audit record (SSO OIDC's `slow_down` lengthens the polling interval; a failed
   * sign-in counts towards a lockout). Any other error rolls the mutation back.
   */
  readonly commitsChanges: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    fields: Record<string, string> = {},
    status?: number,
    options: { messageInBody?: boolean; commitsChanges?: boolean } = {},
  ) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    const spec: ErrorSpec = ERROR_CATALOGUE[code];
    // INVARIANT: a status other than the catalogue's is one the catalogue lists for the code.
    if (status !== undefined && status !== spec.status && !(spec.otherStatuses ?? []).includes(status)) {
      throw new Error(`${code} is never answered with status ${status}`);
    }
    this.status = status ?? spec.status;
    this.fault = spec.fault;
    this.fields = fields;
    this.messageInBody = options.messageInBody ?? true;
    this.commitsChanges = options.commitsChanges ?? false;
  }
}

/** The same error, made a refusal whose changes commit (`commitsChanges`). */
export function committingRefusal(error: ServiceError): ServiceError {
  return new ServiceError(error.code, error.message, { ...error.fields }, error.status, { messageInBody: error.messageInBody, commitsChanges: true });
}

export function isServiceError(value: unknown): value is ServiceError {
  return value instanceof ServiceError;
}
