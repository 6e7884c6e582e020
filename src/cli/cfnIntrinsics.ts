import { entryOf, type TreeNode } from './sourceTree.js';

/**
 * Resolves CloudFormation intrinsic functions to the text a deployed policy would hold, as far as
 * a template alone can tell. Pseudo parameters take fixed example values (account 123456789012,
 * us-east-1, partition aws); a parameter takes its Default, or its name; `Ref` and `Fn::GetAtt …
 * Arn` of resources whose ARN follows from the logical ID (roles, users, groups, managed
 * policies, buckets, queues, topics, tables, functions, keys, log groups, secrets, state
 * machines) give such an ARN; any other value a template cannot know (an ImportValue, another
 * attribute, a Ref to another resource) becomes the wildcard `*`, which names no resource wrongly.
 */

const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::AccountId': '123456789012',
  'AWS::Region': 'us-east-1',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'stack',
  'AWS::StackId': 'arn:aws:cloudformation:us-east-1:123456789012:stack/stack/00000000-0000-0000-0000-000000000000',
  'AWS::NotificationARNs': '*',
};

/** The value CloudFormation leaves out (`Ref: AWS::NoValue`). */
const NO_VALUE = Symbol('AWS::NoValue');

/** ARNs of resources whose ARN a template determines: by type, for `Ref` and for `GetAtt … Arn`. */
const ARNS: Readonly<Record<string, { ref?: (id: string) => string; arn?: (id: string) => string }>> = {
  'AWS::IAM::Role': { arn: (id) => `arn:aws:iam::123456789012:role/${id}` },
  'AWS::IAM::User': { arn: (id) => `arn:aws:iam::123456789012:user/${id}` },
  'AWS::IAM::Group': { arn: (id) => `arn:aws:iam::123456789012:group/${id}` },
  'AWS::IAM::ManagedPolicy': { ref: (id) => `arn:aws:iam::123456789012:policy/${id}` },
  'AWS::S3::Bucket': { ref: (id) => id.toLowerCase(), arn: (id) => `arn:aws:s3:::${id.toLowerCase()}` },
  'AWS::SQS::Queue': { arn: (id) => `arn:aws:sqs:us-east-1:123456789012:${id}` },
  'AWS::SNS::Topic': { ref: (id) => `arn:aws:sns:us-east-1:123456789012:${id}`, arn: (id) => `arn:aws:sns:us-east-1:123456789012:${id}` },
  'AWS::DynamoDB::Table': { arn: (id) => `arn:aws:dynamodb:us-east-1:123456789012:table/${id}` },
  'AWS::Lambda::Function': { arn: (id) => `arn:aws:lambda:us-east-1:123456789012:function:${id}` },
  'AWS::KMS::Key': { arn: () => 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000' },
  'AWS::Logs::LogGroup': { arn: (id) => `arn:aws:logs:us-east-1:123456789012:log-group:${id}:*` },
  'AWS::SecretsManager::Secret': { ref: (id) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${id}-AbCdEf` },
  'AWS::StepFunctions::StateMachine': { ref: (id) => `arn:aws:states:us-east-1:123456789012:stateMachine:${id}` },
};

/** What a template says about its names: parameters, resources' types, mappings. */
export interface TemplateScope {
  readonly parameters: ReadonlyMap<string, TreeNode | undefined>;
  readonly resourceTypes: ReadonlyMap<string, string>;
  readonly mappings: TreeNode | undefined;
}

/** The scope of a template's root node. */
export function templateScope(root: TreeNode): TemplateScope {
  const parameters = new Map<string, TreeNode | undefined>();
  const params = entryOf(root, 'Parameters')?.value;
  if (params?.kind === 'object') for (const p of params.entries) parameters.set(p.key, entryOf(p.value, 'Default')?.value);
  const resourceTypes = new Map<string, string>();
  const resources = entryOf(root, 'Resources')?.value;
  if (resources?.kind === 'object') {
    for (const r of resources.entries) {
      const type = entryOf(r.value, 'Type')?.value;
      if (type?.kind === 'scalar' && typeof type.value === 'string') resourceTypes.set(r.key, type.value);
    }
  }
  return { parameters, resourceTypes, mappings: entryOf(root, 'Mappings')?.value };
}

const SHORT_FORMS: Readonly<Record<string, string>> = { '!Ref': 'Ref', '!Condition': 'Condition' };

/** The intrinsic a node is (`Ref`, `Fn::Sub`, …) and its argument, or undefined. */
function intrinsicOf(node: TreeNode): { name: string; arg: TreeNode } | undefined {
  if (node.tag !== undefined) {
    const name = SHORT_FORMS[node.tag] ?? `Fn::${node.tag.slice(1)}`;
    const { tag: _tag, ...untagged } = node;
    return { name, arg: untagged as TreeNode };
  }
  if (node.kind === 'object' && node.entries.length === 1) {
    const key = node.entries[0]!.key;
    if (key === 'Ref' || key.startsWith('Fn::')) return { name: key, arg: node.entries[0]!.value };
  }
  return undefined;
}

/** The plain JSON value of a node with its intrinsic functions resolved. */
export function resolveNode(node: TreeNode, scope: TemplateScope): unknown {
  const v = resolve(node, scope);
  return v === NO_VALUE ? null : v;
}

function resolve(node: TreeNode, scope: TemplateScope): unknown {
  const fn = intrinsicOf(node);
  if (fn !== undefined) return intrinsic(fn.name, fn.arg, scope);
  switch (node.kind) {
    case 'object': {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const e of node.entries) {
        const v = resolve(e.value, scope);
        if (v !== NO_VALUE) out[e.key] = v;
      }
      return out;
    }
    case 'array':
      return node.items.map((i) => resolve(i, scope)).filter((v) => v !== NO_VALUE);
    case 'scalar':
      return node.value;
  }
}

function text(node: TreeNode | undefined, scope: TemplateScope): string {
  if (node === undefined) return '*';
  const v = resolve(node, scope);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '*';
}

function intrinsic(name: string, arg: TreeNode, scope: TemplateScope): unknown {
  const list = arg.kind === 'array' ? arg.items : [];
  switch (name) {
    case 'Ref':
      return ref(text(arg, scope), scope);
    case 'Fn::GetAtt': {
      const [id, attribute] = arg.kind === 'array' ? [text(list[0], scope), text(list[1], scope)] : text(arg, scope).split(/\.(.*)/s);
      const type = scope.resourceTypes.get(id ?? '');
      return attribute === 'Arn' && type !== undefined ? (ARNS[type]?.arn?.(id!) ?? '*') : '*';
    }
    case 'Fn::Sub': {
      const template = text(arg.kind === 'array' ? list[0] : arg, scope);
      const vars = arg.kind === 'array' ? list[1] : undefined;
      return template.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, body: string) => {
        if (bang === '!') return `\${${body}}`;
        const local = entryOf(vars, body.trim())?.value;
        if (local !== undefined) return text(local, scope);
        if (body.includes('.') && !body.startsWith('AWS::')) {
          const [id, attribute] = body.split(/\.(.*)/s);
          const type = scope.resourceTypes.get(id!);
          return attribute === 'Arn' && type !== undefined ? (ARNS[type]?.arn?.(id!) ?? '*') : '*';
        }
        const value = ref(body.trim(), scope);
        return typeof value === 'string' ? value : whole;
      });
    }
    case 'Fn::Join':
      return (list[1]?.kind === 'array' ? list[1].items : []).map((i) => text(i, scope)).join(text(list[0], scope));
    case 'Fn::Select': {
      const index = Number(text(list[0], scope));
      const from = list[1] === undefined ? undefined : resolve(list[1], scope);
      return Array.isArray(from) ? (from[index] ?? '*') : '*';
    }
    case 'Fn::If':
      return list[1] === undefined ? '*' : resolve(list[1], scope);
    case 'Fn::FindInMap': {
      const found = entryOf(entryOf(scope.mappings, text(list[0], scope))?.value, text(list[1], scope))?.value;
      const leaf = entryOf(found, text(list[2], scope))?.value;
      return leaf === undefined ? '*' : resolve(leaf, scope);
    }
    case 'Fn::Split':
      return text(list[1], scope).split(text(list[0], scope));
    default:
      return '*';
  }
}

function ref(id: string, scope: TemplateScope): unknown {
  if (id === 'AWS::NoValue') return NO_VALUE;
  const pseudo = PSEUDO[id];
  if (pseudo !== undefined) return pseudo;
  if (scope.parameters.has(id)) {
    const fallback = scope.parameters.get(id);
    return fallback === undefined ? id : resolve(fallback, scope);
  }
  const type = scope.resourceTypes.get(id);
  if (type !== undefined) return ARNS[type]?.ref?.(id) ?? id;
  return '*';
}
