import type { ConstraintFile } from './constraintTypes.js';
import type { ServiceName } from './types.js';
import iam from './constraints/iam.json' with { type: 'json' };
import sts from './constraints/sts.json' with { type: 'json' };
import organizations from './constraints/organizations.json' with { type: 'json' };
import cloudtrail from './constraints/cloudtrail.json' with { type: 'json' };
import accessAnalyzer from './constraints/access-analyzer.json' with { type: 'json' };
import s3 from './constraints/s3.json' with { type: 'json' };
import ssoAdmin from './constraints/sso-admin.json' with { type: 'json' };
import ssoOidc from './constraints/sso-oidc.json' with { type: 'json' };
import ssoPortal from './constraints/sso-portal.json' with { type: 'json' };
import ssoDirectory from './constraints/sso-directory.json' with { type: 'json' };
import s3control from './constraints/s3control.json' with { type: 'json' };
import identitystore from './constraints/identitystore.json' with { type: 'json' };
import rolesanywhere from './constraints/rolesanywhere.json' with { type: 'json' };
import gatehouse from './constraints/gatehouse.json' with { type: 'json' };
import iot from './constraints/iot.json' with { type: 'json' };
import { MODEL_EXTENSIONS } from './modelExtensions.js';

/**
 * Model constraints a service checks in its own handler, answering with its own exception instead
 * of the protocol's validation error: per service, constraint shape → members left unconstrained.
 */
const CHECKED_BY_SERVICE: Partial<Record<ServiceName, Readonly<Record<string, readonly string[]>>>> = {
  // AWS: an InsightType that is not valid is InvalidInsightSelectorsException (CloudTrail API
  // reference, PutInsightSelectors, InvalidInsightSelectorsException).
  cloudtrail: { InsightSelector: ['InsightType'] },
};

function withoutServiceChecked(service: ServiceName, file: ConstraintFile): ConstraintFile {
  const checked = CHECKED_BY_SERVICE[service];
  if (checked === undefined) return file;
  const shapes = { ...file.shapes };
  for (const [name, members] of Object.entries(checked)) {
    const kept = Object.entries(shapes[name]?.m ?? {}).filter(([member]) => !members.includes(member));
    shapes[name] = { ...shapes[name], m: Object.fromEntries(kept) };
  }
  return { ...file, shapes };
}

// AWS: the aws-sdk v2 min.json models drop `min`, `max`, `pattern`, `enum` and `authtype`;
// constraints/generate.ts extracts them from botocore's full models of the same services.
/** A service's constraints with those of the operations its model lacks (`modelExtensions.ts`). */
function withExtensions(service: ServiceName, file: ConstraintFile): ConstraintFile {
  const extension = MODEL_EXTENSIONS[service]?.constraints;
  if (extension === undefined) return file;
  return {
    ops: { ...file.ops, ...extension.ops },
    unsigned: [...file.unsigned, ...extension.unsigned],
    shapes: { ...file.shapes, ...extension.shapes },
  };
}

/** Validation constraints and unsigned operations per service. */
export const CONSTRAINTS: Record<ServiceName, ConstraintFile> = {
  iam: iam as ConstraintFile,
  sts: sts as ConstraintFile,
  organizations: organizations as ConstraintFile,
  cloudtrail: withoutServiceChecked('cloudtrail', cloudtrail as ConstraintFile),
  'access-analyzer': accessAnalyzer as ConstraintFile,
  s3: s3 as ConstraintFile,
  'sso-admin': ssoAdmin as ConstraintFile,
  identitystore: identitystore as ConstraintFile,
  'sso-oidc': ssoOidc as ConstraintFile,
  'sso-portal': ssoPortal as ConstraintFile,
  'sso-directory': ssoDirectory as ConstraintFile,
  s3control: s3control as ConstraintFile,
  rolesanywhere: withExtensions('rolesanywhere', rolesanywhere as ConstraintFile),
  iot: withExtensions('iot', iot as ConstraintFile),
  gatehouse: gatehouse as ConstraintFile,
};

const unsigned = new Map<ServiceName, ReadonlySet<string>>();

/** Operations callable without a signature (`authtype: none`), per service. */
export function unsignedOperations(service: ServiceName): ReadonlySet<string> {
  let set = unsigned.get(service);
  if (!set) {
    set = new Set(CONSTRAINTS[service].unsigned);
    unsigned.set(service, set);
  }
  return set;
}
