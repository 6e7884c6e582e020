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

/** The operations each published model lacks. */
export const MODEL_EXTENSIONS: Partial<Record<ServiceName, ModelExtension>> = {
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

/**
 * Gatehouse's own API: what Gatehouse serves that AWS serves from elsewhere. Today the container
 * credentials endpoint, which the AWS SDKs read from `AWS_CONTAINER_CREDENTIALS_FULL_URI` with
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN`: `GET` answered with `{AccessKeyId, SecretAccessKey, Token,
 * Expiration, RoleArn}` (Expiration in RFC 3339).
 * AWS: the SDKs' container credential provider (`@aws-sdk/credential-provider-http`, botocore's
 * `ContainerMetadataFetcher`), as ECS and EKS Pod Identity serve it.
 */
export const GATEHOUSE_MODEL = {
  metadata: {
    apiVersion: '2026-01-01',
    endpointPrefix: 'gatehouse',
    protocol: 'rest-json' as const,
    serviceId: 'Gatehouse',
    signingName: 'gatehouse',
  },
  operations: {
    GetWorkloadCredentials: {
      http: { method: 'GET', requestUri: '/workload/credentials' },
      input: { type: 'structure', members: {} },
      output: {
        type: 'structure',
        members: { AccessKeyId: {}, SecretAccessKey: {}, Token: {}, Expiration: ISO_TIMESTAMP, RoleArn: {} },
      },
    },
  },
  shapes: {},
};
