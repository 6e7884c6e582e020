import { createRequire } from 'node:module';
import { ShapeCompiler, type RawShape, type Shape } from './shapes.js';
import type { ProtocolName, ServiceName } from './types.js';
import { CONSTRAINTS } from './constraintFiles.js';
import ssoDirectory from './models/sso-directory-2020-06-15.json' with { type: 'json' };
import { GATEHOUSE_MODEL } from './gatehouseModel.js';
import { MODEL_EXTENSIONS } from './modelExtensions.js';
import type { ModelAdditions } from './modelAdditionTypes.js';
import accessAnalyzerAdditions from './modelAdditions/access-analyzer.json' with { type: 'json' };

const require = createRequire(import.meta.url);

/** The `aws-sdk` model file of each AWS service; Gatehouse's own API is {@link GATEHOUSE_MODEL}. */
const MODEL_FILES: Record<ServiceName, string> = {
  iam: 'iam-2010-05-08',
  sts: 'sts-2011-06-15',
  organizations: 'organizations-2016-11-28',
  cloudtrail: 'cloudtrail-2013-11-01',
  'access-analyzer': 'accessanalyzer-2019-11-01',
  s3: 's3-2006-03-01',
  'sso-admin': 'sso-admin-2020-07-20',
  s3control: 's3control-2018-08-20',
  identitystore: 'identitystore-2020-06-15',
  'sso-oidc': 'sso-oidc-2019-06-10',
  'sso-portal': 'sso-2019-06-10',
  'sso-directory': 'sso-directory-2020-06-15',
  rolesanywhere: 'rolesanywhere-2018-05-10',
  iot: 'iot-2015-05-28',
  gatehouse: 'gatehouse-2026-12-01',
};

/**
 * Models of Gatehouse's own, in the aws-sdk's form, for the operations no AWS model publishes:
 * IAM Identity Center's directory (passwords, MFA devices, sign-in settings, SCIM tokens, the
 * external identity provider), which AWS's console calls through unpublished APIs (the
 * `sso-directory:` and `sso:` actions of the same names).
 */
const LOCAL_MODELS: Partial<Record<ServiceName, RawModel>> = {
  'sso-directory': ssoDirectory as unknown as RawModel,
};

/** Every service name, in a stable order. */
export const SERVICE_NAMES = Object.keys(MODEL_FILES) as ServiceName[];

/** The `metadata` block of a service model. */
export interface ServiceMetadata {
  apiVersion: string;
  endpointPrefix: string;
  protocol: ProtocolName;
  jsonVersion?: string;
  targetPrefix?: string;
  signingName?: string;
  xmlNamespace?: string;
  serviceId: string;
}

/** One operation of a raw model. */
export interface RawOperation {
  name?: string;
  http?: { method?: string; requestUri?: string; responseCode?: number };
  input?: RawShape;
  output?: RawShape;
  authtype?: string;
  deprecated?: boolean;
  alias?: string;
}

/** A loaded service model with lazily compiled per-operation input and output shapes. */
export interface ServiceModel {
  readonly name: ServiceName;
  readonly metadata: ServiceMetadata;
  readonly operations: Readonly<Record<string, RawOperation>>;
  /** Whether the model has this operation (exact, case-sensitive name, as AWS matches it). */
  hasOperation(operation: string): boolean;
  /** The compiled input shape (an empty structure when the operation takes none). */
  input(operation: string): Shape;
  /** The compiled output shape (an empty structure when the operation returns none). */
  output(operation: string): Shape;
}

const EMPTY: Shape = { type: 'structure', members: {}, memberNames: [], required: new Set() };

/**
 * Output members AWS returns that the `aws-sdk` v2 models (final release 2.1693.0) predate: the
 * structure reached from an operation's output by `path`, and the members to add to it (raw
 * shapes; `{}` is a string). Every operation that shares the structure returns them too.
 * AWS: botocore's current service-2.json models.
 */
const OUTPUT_ADDITIONS: readonly { service: ServiceName; operation: string; path: readonly string[]; members: Record<string, RawShape> }[] = [
  // Organizations `Account.State` (DescribeAccount, ListAccounts, ListAccountsForParent): AWS
  // retires `Status` on 2026-09-09 and current SDKs read `State`.
  { service: 'organizations', operation: 'DescribeAccount', path: ['Account'], members: { State: {} } },
];

export type RawModel = { metadata: ServiceMetadata; operations: Record<string, RawOperation>; shapes?: Record<string, RawShape> };

/**
 * Operations and members AWS serves that the `aws-sdk` v2 models predate, written from botocore's
 * current models by scripts/generateModelAdditions.ts (Access Analyzer: UpdateAnalyzer,
 * GetFindingsStatistics, unused access analysis rules, RCP restrictions of findings).
 */
const MODEL_ADDITIONS: Partial<Record<ServiceName, ModelAdditions>> = {
  'access-analyzer': accessAnalyzerAdditions as unknown as ModelAdditions,
};

/** `raw` with the service's MODEL_ADDITIONS merged into a copy. */
function withModelAdditions(name: ServiceName, raw: RawModel): RawModel {
  const additions = MODEL_ADDITIONS[name];
  if (additions === undefined) return raw;
  const operations = structuredClone(raw.operations) as Record<string, RawOperation>;
  const shapes = { ...structuredClone(raw.shapes ?? {}), ...structuredClone(additions.shapes) } as Record<string, RawShape>;
  for (const [op, def] of Object.entries(additions.operations)) operations[op] ??= structuredClone(def) as RawOperation;
  for (const addition of additions.members) {
    let holder = operations[addition.operation]?.[addition.direction] as RawShape | undefined;
    for (const step of addition.path) {
      if (holder?.shape !== undefined) holder = shapes[holder.shape];
      const next: unknown =
        step === '[]' ? holder?.['member'] : step === '{}' ? holder?.['value'] : (holder?.['members'] as Record<string, unknown> | undefined)?.[step];
      holder = next as RawShape | undefined;
    }
    if (holder?.shape !== undefined) holder = shapes[holder.shape];
    // INVARIANT: the generator wrote each path from this very model.
    if (holder === undefined) throw new Error(`model addition ${name}.${addition.operation}.${addition.path.join('.')} names no structure`);
    holder['members'] = { ...(holder['members'] as Record<string, RawShape> | undefined), ...structuredClone(addition.members) };
  }
  return { ...raw, operations, shapes };
}

/** The raw model of a service as Gatehouse serves it: the aws-sdk v2 model with its additions. */
export function rawServiceModel(name: ServiceName): RawModel {
  if (name === 'gatehouse') return GATEHOUSE_MODEL as unknown as RawModel;
  const local = LOCAL_MODELS[name];
  if (local !== undefined) return withOutputAdditions(name, local);
  return withOutputAdditions(name, withModelAdditions(name, require(`aws-sdk/apis/${MODEL_FILES[name]}.min.json`) as RawModel));
}

/**
 * `raw` with the operations its service serves and no published model describes (`modelExtensions.ts`)
 * and with OUTPUT_ADDITIONS applied; the cached model file itself is not changed.
 */
function withOutputAdditions(name: ServiceName, model: RawModel): RawModel {
  const operations = MODEL_EXTENSIONS[name]?.operations as Record<string, RawOperation> | undefined;
  const raw = operations === undefined ? model : { ...model, operations: { ...model.operations, ...operations } };
  const additions = OUTPUT_ADDITIONS.filter((a) => a.service === name);
  if (additions.length === 0) return raw;
  const shapes: Record<string, RawShape> = { ...raw.shapes };
  for (const addition of additions) {
    let holder = raw.operations[addition.operation]?.output;
    let ref: string | undefined;
    for (const step of addition.path) {
      ref = (holder?.['members'] as Record<string, RawShape> | undefined)?.[step]?.shape;
      holder = ref === undefined ? undefined : shapes[ref];
    }
    // INVARIANT: every addition names a structure the model defines as a named shape.
    if (ref === undefined || holder === undefined) throw new Error(`model addition ${name}.${addition.operation}.${addition.path.join('.')} names no shape`);
    shapes[ref] = { ...holder, members: { ...(holder['members'] as Record<string, RawShape>), ...addition.members } };
  }
  return { ...raw, shapes };
}

class LoadedModel implements ServiceModel {
  readonly metadata: ServiceMetadata;
  readonly operations: Record<string, RawOperation>;
  private readonly compiler: ShapeCompiler;
  private readonly inputs = new Map<string, Shape>();
  private readonly outputs = new Map<string, Shape>();

  constructor(
    readonly name: ServiceName,
    raw: RawModel,
  ) {
    this.metadata = raw.metadata;
    this.operations = raw.operations;
    this.compiler = new ShapeCompiler(raw.shapes ?? {}, CONSTRAINTS[name]);
  }

  hasOperation(operation: string): boolean {
    return Object.hasOwn(this.operations, operation);
  }

  input(operation: string): Shape {
    let shape = this.inputs.get(operation);
    if (!shape) {
      const raw = this.operations[operation]?.input;
      shape = raw ? this.compiler.compile(raw, this.compiler.inputConstraint(operation)) : EMPTY;
      this.inputs.set(operation, shape);
    }
    return shape;
  }

  output(operation: string): Shape {
    let shape = this.outputs.get(operation);
    if (!shape) {
      const raw = this.operations[operation]?.output;
      shape = raw ? this.compiler.compile(raw) : EMPTY;
      this.outputs.set(operation, shape);
    }
    return shape;
  }
}

const loaded = new Map<ServiceName, ServiceModel>();

/** The service model of `name`, loaded from `aws-sdk/apis/<file>.min.json` (Gatehouse's own: `gatehouseModel.ts`) on first use and cached. */
export function getServiceModel(name: ServiceName): ServiceModel {
  let model = loaded.get(name);
  if (!model) {
    model = new LoadedModel(name, rawServiceModel(name));
    loaded.set(name, model);
  }
  return model;
}
