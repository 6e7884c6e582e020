import type { ConstraintFile } from './constraintTypes.js';
import type { RawShape } from './shapes.js';
import type { ServiceName } from './types.js';

/**
 * The operations AWS serves that no published model describes, written the way the models
 * describe theirs, so that the protocol layer decodes, validates and encodes them like any other:
 * no operation has a hand-written serializer.
 */

/** One operation as a `min.json` model writes it. */
export interface RawOperationSpec {
  readonly http: { readonly method: string; readonly requestUri: string; readonly responseCode?: number };
  readonly input?: RawShape;
  readonly output?: RawShape;
}

/** Operations (and their input constraints) added to a service's published model. */
export interface ModelExtension {
  readonly operations: Readonly<Record<string, RawOperationSpec>>;
  readonly constraints: ConstraintFile;
}

const ISO_TIMESTAMP: RawShape = { type: 'timestamp', timestampFormat: 'iso8601' };

/**
 * IAM Roles Anywhere `CreateSession`.
 * AWS: Roles Anywhere User Guide, "IAM Roles Anywhere CreateSession API" — `POST /sessions`, the
 * three ARNs "as URI parameters or as JSON in the request body", `durationSeconds` 900–43200,
 * `roleSessionName`, `sessionName` (deprecated), HTTP 201 with `credentialSet` and `subjectArn`;
 * the signing certificate travels in `X-Amz-X509` (`aws/rolesanywhere-credential-helper`,
 * `rolesanywhere/serializers.go`, also sends `instanceProperties`). The query and body forms of
 * each ARN are two members of one wire name (`profileArn` and `profileArnInBody` …); the handler
 * takes whichever is present.
 */
const CREATE_SESSION: RawOperationSpec = {
  http: { method: 'POST', requestUri: '/sessions', responseCode: 201 },
  input: {
    type: 'structure',
    members: {
      cert: { location: 'header', locationName: 'X-Amz-X509' },
      profileArn: { location: 'querystring', locationName: 'profileArn' },
      roleArn: { location: 'querystring', locationName: 'roleArn' },
      trustAnchorArn: { location: 'querystring', locationName: 'trustAnchorArn' },
      profileArnInBody: { locationName: 'profileArn' },
      roleArnInBody: { locationName: 'roleArn' },
      trustAnchorArnInBody: { locationName: 'trustAnchorArn' },
      durationSeconds: { type: 'integer' },
      instanceProperties: { type: 'map', key: {}, value: {} },
      roleSessionName: {},
      sessionName: {},
    },
  },
  output: {
    type: 'structure',
    members: {
      credentialSet: {
        type: 'list',
        member: {
          type: 'structure',
          members: {
            assumedRoleUser: { type: 'structure', members: { arn: {}, assumedRoleId: {} } },
            credentials: {
              type: 'structure',
              members: { accessKeyId: {}, expiration: ISO_TIMESTAMP, secretAccessKey: {}, sessionToken: {} },
            },
            packedPolicySize: { type: 'integer' },
            roleArn: {},
            sourceIdentity: {},
          },
        },
      },
      subjectArn: {},
    },
  },
};

/**
 * The IoT credentials provider: `GET /role-aliases/<alias>/credentials` over mutual TLS, with the
 * optional `x-amzn-iot-thingname` header; the answer is `{"credentials": {accessKeyId,
 * secretAccessKey, sessionToken, expiration}}`.
 * AWS: IoT Developer Guide, "Authorizing direct calls to AWS services using AWS IoT Core credential
 * provider"; the action a device's IoT policy must allow is `iot:AssumeRoleWithCertificate`.
 */
const ASSUME_ROLE_WITH_CERTIFICATE: RawOperationSpec = {
  http: { method: 'GET', requestUri: '/role-aliases/{roleAlias}/credentials' },
  input: {
    type: 'structure',
    required: ['roleAlias'],
    members: {
      roleAlias: { location: 'uri', locationName: 'roleAlias' },
      thingName: { location: 'header', locationName: 'x-amzn-iot-thingname' },
    },
  },
  output: {
    type: 'structure',
    members: {
      credentials: {
        type: 'structure',
        members: { accessKeyId: {}, secretAccessKey: {}, sessionToken: {}, expiration: ISO_TIMESTAMP },
      },
    },
  },
};

/**
 * S3's browser-based POST upload: `POST /{Bucket}` with a multipart/form-data body whose fields
 * carry the key, the signed policy and the object's headers, and whose `file` field is the object.
 * Its input is the bucket and the file; the form's fields reach the operation as `Fields`.
 * AWS: S3 API Reference, POST Object ("Browser-Based Uploads Using POST").
 */
const POST_OBJECT: RawOperationSpec = {
  http: { method: 'POST', requestUri: '/{Bucket}', responseCode: 204 },
  input: {
    type: 'structure',
    required: ['Bucket'],
    members: { Bucket: { location: 'uri', locationName: 'Bucket' }, Body: { type: 'blob', streaming: true } },
    payload: 'Body',
  },
  output: {
    type: 'structure',
    members: {
      ETag: { location: 'header', locationName: 'ETag' },
      Location: { location: 'header', locationName: 'Location' },
      StatusCode: { location: 'statusCode', type: 'integer' },
      PostResponse: {
        type: 'structure',
        locationName: 'PostResponse',
        members: { Location: {}, Bucket: {}, Key: {}, ETag: {} },
      },
    },
    payload: 'PostResponse',
  },
};

/** The operations each published model lacks. */
export const MODEL_EXTENSIONS: Partial<Record<ServiceName, ModelExtension>> = {
  s3: { operations: { PostObject: POST_OBJECT }, constraints: { ops: {}, unsigned: [], shapes: {} } },
  rolesanywhere: {
    operations: { CreateSession: CREATE_SESSION },
    constraints: {
      ops: { CreateSession: 'CreateSessionRequest' },
      unsigned: [],
      shapes: {
        CreateSessionRequest: { m: { durationSeconds: 'SessionDuration', roleSessionName: 'RoleSessionName', cert: 'Cert' } },
        // AWS: durationSeconds "can range from 900 seconds (15 minutes) up to 43200 seconds (12 hours)".
        SessionDuration: { min: 900, max: 43200 },
        // AWS: STS's RoleSessionName, which CreateSession passes to AssumeRole.
        RoleSessionName: { min: 2, max: 64, pattern: '[\\w+=,.@-]*' },
        Cert: { min: 1, max: 16000 },
      },
    },
  },
  iot: {
    operations: { AssumeRoleWithCertificate: ASSUME_ROLE_WITH_CERTIFICATE },
    constraints: {
      ops: { AssumeRoleWithCertificate: 'AssumeRoleWithCertificateRequest' },
      unsigned: [],
      shapes: { AssumeRoleWithCertificateRequest: { m: { roleAlias: 'RoleAlias', thingName: 'ThingName' } } },
    },
  },
};
