import type { ServiceName } from '../protocol/index.js';
import type { Operation } from './operation.js';
import { defaultDescriptor, type ServiceDescriptor } from './descriptor.js';
import { stsOperations } from './sts/index.js';
import { STS_DESCRIPTOR } from './sts/index.js';
import { iamOperations } from './iam/index.js';
import { IAM_DESCRIPTOR } from './iam/index.js';
import { cloudtrailOperations } from './cloudtrail/index.js';
import { CLOUDTRAIL_DESCRIPTOR } from './cloudtrail/index.js';
import { organizationsOperations } from './organizations/index.js';
import { ORGANIZATIONS_DESCRIPTOR } from './organizations/index.js';
import { S3_DESCRIPTOR, s3Operations } from './s3/index.js';
import { S3CONTROL_DESCRIPTOR, s3controlOperations } from './s3control/index.js';
import { accessAnalyzerOperations } from './accessanalyzer/index.js';
import { ACCESS_ANALYZER_DESCRIPTOR } from './accessanalyzer/index.js';
import { rolesAnywhereOperations } from './rolesanywhere/index.js';
import { ROLES_ANYWHERE_DESCRIPTOR } from './rolesanywhere/index.js';
import { gatehouseOperations } from './gatehouse/index.js';
import { GATEHOUSE_DESCRIPTOR } from './gatehouse/index.js';
import { iotOperations } from './iot/index.js';
import { IOT_DESCRIPTOR } from './iot/index.js';
import { ssoAdminOperations, SSO_ADMIN_DESCRIPTOR } from './ssoadmin/index.js';
import { identityStoreOperations, IDENTITYSTORE_DESCRIPTOR } from './identitystore/index.js';
import { ssoOidcOperations, SSO_OIDC_DESCRIPTOR } from './ssooidc/index.js';
import { portalOperations, SSO_PORTAL_DESCRIPTOR } from './ssoportal/index.js';
import { directoryOperations, SSO_DIRECTORY_DESCRIPTOR } from './ssodirectory/index.js';

const ALL: readonly Operation[] = [
  ...stsOperations,
  ...iamOperations,
  ...cloudtrailOperations,
  ...organizationsOperations,
  ...accessAnalyzerOperations,
  ...gatehouseOperations,
  ...s3Operations,
  ...s3controlOperations,
  ...rolesAnywhereOperations,
  ...iotOperations,
  ...ssoAdminOperations,
  ...identityStoreOperations,
  ...ssoOidcOperations,
  ...portalOperations,
  ...directoryOperations,
];

const byKey = new Map<string, Operation>(ALL.map((op) => [`${op.service}:${op.name}`, op]));

const DESCRIPTORS = new Map<ServiceName, ServiceDescriptor>(
  [
    STS_DESCRIPTOR,
    IAM_DESCRIPTOR,
    CLOUDTRAIL_DESCRIPTOR,
    ORGANIZATIONS_DESCRIPTOR,
    ACCESS_ANALYZER_DESCRIPTOR,
    S3_DESCRIPTOR,
    S3CONTROL_DESCRIPTOR,
    GATEHOUSE_DESCRIPTOR,
    ROLES_ANYWHERE_DESCRIPTOR,
    IOT_DESCRIPTOR,
    SSO_ADMIN_DESCRIPTOR,
    IDENTITYSTORE_DESCRIPTOR,
    SSO_OIDC_DESCRIPTOR,
    SSO_PORTAL_DESCRIPTOR,
    SSO_DIRECTORY_DESCRIPTOR,
  ].map((d) => [d.name, d]),
);

/** The implementation of `service`/`operation`, or undefined when Gatehouse does not implement it. */
export function findOperation(service: string, operation: string): Operation | undefined {
  return byKey.get(`${service}:${operation}`);
}

/** Every implemented operation, for listings and tests. */
export function implementedOperations(): readonly Operation[] {
  return ALL;
}

/** The wire facts of a service: its own descriptor, or the one its model's protocol implies. */
export function descriptorOf(service: ServiceName): ServiceDescriptor {
  let descriptor = DESCRIPTORS.get(service);
  if (descriptor === undefined) DESCRIPTORS.set(service, (descriptor = defaultDescriptor(service)));
  return descriptor;
}
