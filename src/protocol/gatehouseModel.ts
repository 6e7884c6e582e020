/**
 * The model of Gatehouse's own API, in the form of the `aws-sdk` service models the protocol layer
 * reads (`models.ts`): a REST-JSON service signed as `gatehouse`, serving what Gatehouse serves
 * that AWS serves from elsewhere or not at all.
 *
 * GetAccountPosture (`POST /posture`, SigV4): the posture report of an account (best-practice
 * checks and privilege-escalation paths), docs/posture.md. Its members are named as
 * `gatehouse analyze --format json` names them, so that the report is one document whether it
 * comes from the CLI or the server.
 *
 * GetWorkloadCredentials (`GET /workload/credentials`, a workload token): the container
 * credentials endpoint, which the AWS SDKs read from `AWS_CONTAINER_CREDENTIALS_FULL_URI` with
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN`, answered with `{AccessKeyId, SecretAccessKey, Token,
 * Expiration, RoleArn}` (Expiration in RFC 3339). AWS: the SDKs' container credential provider
 * (`@aws-sdk/credential-provider-http`, botocore's `ContainerMetadataFetcher`), as ECS and EKS Pod
 * Identity serve it. docs/workload-identity.md.
 */

const str = {};
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const strings = { type: 'list', member: {} };

export const GATEHOUSE_MODEL = {
  version: '2.0',
  metadata: {
    apiVersion: '2026-12-01',
    endpointPrefix: 'gatehouse',
    protocol: 'rest-json',
    serviceFullName: 'Gatehouse',
    serviceId: 'Gatehouse',
    signatureVersion: 'v4',
    signingName: 'gatehouse',
    uid: 'gatehouse-2026-12-01',
  },
  operations: {
    GetAccountPosture: {
      name: 'GetAccountPosture',
      http: { method: 'POST', requestUri: '/posture' },
      input: { shape: 'GetAccountPostureRequest' },
      output: { shape: 'PostureReport' },
    },
    GetWorkloadCredentials: {
      name: 'GetWorkloadCredentials',
      http: { method: 'GET', requestUri: '/workload/credentials' },
      input: { shape: 'GetWorkloadCredentialsRequest' },
      output: { shape: 'WorkloadCredentials' },
    },
  },
  shapes: {
    GetWorkloadCredentialsRequest: { type: 'structure', members: {} },
    WorkloadCredentials: {
      type: 'structure',
      members: { AccessKeyId: str, SecretAccessKey: str, Token: str, Expiration: { type: 'timestamp', timestampFormat: 'iso8601' }, RoleArn: str },
    },
    GetAccountPostureRequest: {
      type: 'structure',
      members: { accountId: str, thresholds: { shape: 'Thresholds' } },
    },
    Thresholds: {
      type: 'structure',
      members: {
        accessKeyMaxAgeDays: int,
        credentialUnusedDays: int,
        roleUnusedDays: int,
        rootUsedWithinDays: int,
        passwordMinimumLength: int,
        passwordReusePrevention: int,
        passwordMaxAgeDays: int,
      },
    },
    PostureReport: {
      type: 'structure',
      members: {
        version: int,
        accountId: str,
        analyzedAt: str,
        thresholds: { shape: 'Thresholds' },
        summary: { type: 'structure', members: { critical: int, high: int, medium: int, low: int, total: int } },
        findings: { type: 'list', member: { shape: 'Finding' } },
        checks: { type: 'list', member: { shape: 'CheckOutcome' } },
        administrators: { type: 'list', member: { shape: 'Administrator' } },
        escalation: { type: 'structure', members: { principals: int, evaluations: int, milliseconds: int } },
        files: { type: 'list', member: { type: 'structure', members: { file: str, kind: str } } },
        warnings: strings,
      },
    },
    Finding: {
      type: 'structure',
      members: {
        id: str,
        title: str,
        severity: str,
        category: str,
        resourceArn: str,
        resourceType: str,
        reason: str,
        remediation: strings,
        sources: strings,
        link: str,
        path: { shape: 'EscalationPath' },
      },
    },
    EscalationPath: {
      type: 'structure',
      members: {
        source: str,
        sourceType: str,
        steps: { type: 'list', member: { shape: 'EscalationStep' } },
        administrator: str,
        conditional: bool,
        mfaRequired: bool,
      },
    },
    EscalationStep: {
      type: 'structure',
      members: {
        technique: str,
        name: str,
        category: str,
        link: str,
        from: str,
        to: str,
        makesAdministrator: bool,
        actions: {
          type: 'list',
          member: { type: 'structure', members: { action: str, resource: str, context: { type: 'map', key: {}, value: {} }, allowedBy: strings } },
        },
        mfaRequired: bool,
        conditional: bool,
        description: str,
      },
    },
    CheckOutcome: {
      type: 'structure',
      members: { id: str, title: str, severity: str, status: str, reason: str, findings: int },
    },
    Administrator: {
      type: 'structure',
      members: { arn: str, type: str, mfaRequired: bool, grantedBy: strings },
    },
  },
};
