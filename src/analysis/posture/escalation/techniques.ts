/**
 * The privilege-escalation techniques the graph looks for, keyed by their pathfinding.cloud id
 * (DataDog's catalogue, the shared vocabulary of Prowler, Cloudsplaining and PMapper-style
 * tools). Two self-escalations the catalogue has no id for — Rhino Security Labs' method 2
 * (SetDefaultPolicyVersion) and removing one's own permissions boundary — get Gatehouse ids.
 *
 * Categories (pathfinding.cloud `README.md`): `self-escalation` changes the caller's own
 * permissions; `principal-access` gives the caller another principal's credentials or session;
 * `new-passrole` passes a role to a new resource of an AWS service, whose code then runs as it.
 */

export type TechniqueCategory = 'self-escalation' | 'principal-access' | 'new-passrole';

export interface Technique {
  readonly id: string;
  /** The permissions it takes, as pathfinding.cloud names the path. */
  readonly name: string;
  readonly category: TechniqueCategory;
  readonly link: string;
}

const PATHFINDING = (id: string) => `https://pathfinding.cloud/paths/${id}`;

function technique(id: string, name: string, category: TechniqueCategory, link = PATHFINDING(id)): Technique {
  return { id, name, category, link };
}

/** The 22 IAM and STS paths of pathfinding.cloud, and Gatehouse's two self-escalations. */
export const IAM_TECHNIQUES = {
  createPolicyVersion: technique('iam-001', 'iam:CreatePolicyVersion', 'self-escalation'),
  createAccessKey: technique('iam-002', 'iam:CreateAccessKey', 'principal-access'),
  createAccessKeyAfterDelete: technique('iam-003', 'iam:CreateAccessKey + iam:DeleteAccessKey', 'principal-access'),
  createLoginProfile: technique('iam-004', 'iam:CreateLoginProfile', 'principal-access'),
  putRolePolicySelf: technique('iam-005', 'iam:PutRolePolicy', 'self-escalation'),
  updateLoginProfile: technique('iam-006', 'iam:UpdateLoginProfile', 'principal-access'),
  putUserPolicySelf: technique('iam-007', 'iam:PutUserPolicy', 'self-escalation'),
  attachUserPolicySelf: technique('iam-008', 'iam:AttachUserPolicy', 'self-escalation'),
  attachRolePolicySelf: technique('iam-009', 'iam:AttachRolePolicy', 'self-escalation'),
  attachGroupPolicy: technique('iam-010', 'iam:AttachGroupPolicy', 'self-escalation'),
  putGroupPolicy: technique('iam-011', 'iam:PutGroupPolicy', 'self-escalation'),
  updateAssumeRolePolicy: technique('iam-012', 'iam:UpdateAssumeRolePolicy', 'principal-access'),
  addUserToGroup: technique('iam-013', 'iam:AddUserToGroup', 'self-escalation'),
  attachRolePolicyAssume: technique('iam-014', 'iam:AttachRolePolicy + sts:AssumeRole', 'principal-access'),
  attachUserPolicyAccessKey: technique('iam-015', 'iam:AttachUserPolicy + iam:CreateAccessKey', 'principal-access'),
  createPolicyVersionAssume: technique('iam-016', 'iam:CreatePolicyVersion + sts:AssumeRole', 'principal-access'),
  putRolePolicyAssume: technique('iam-017', 'iam:PutRolePolicy + sts:AssumeRole', 'principal-access'),
  putUserPolicyAccessKey: technique('iam-018', 'iam:PutUserPolicy + iam:CreateAccessKey', 'principal-access'),
  attachRolePolicyUpdateTrust: technique('iam-019', 'iam:AttachRolePolicy + iam:UpdateAssumeRolePolicy', 'principal-access'),
  createPolicyVersionUpdateTrust: technique('iam-020', 'iam:CreatePolicyVersion + iam:UpdateAssumeRolePolicy', 'principal-access'),
  putRolePolicyUpdateTrust: technique('iam-021', 'iam:PutRolePolicy + iam:UpdateAssumeRolePolicy', 'principal-access'),
  assumeRole: technique('sts-001', 'sts:AssumeRole', 'principal-access'),
  setDefaultPolicyVersion: technique(
    'gatehouse-iam-001',
    'iam:SetDefaultPolicyVersion',
    'self-escalation',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html',
  ),
  removeOwnBoundary: technique(
    'gatehouse-iam-002',
    'iam:Delete/PutUserPermissionsBoundary or iam:Delete/PutRolePermissionsBoundary',
    'self-escalation',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html',
  ),
} as const satisfies Record<string, Technique>;

/**
 * A PassRole path: the caller passes a role to a new resource of a service, whose code then runs
 * with the role's permissions. Decided from policies alone (the caller's permissions and the
 * role's trust in the service), so reported as "reachable if a service that accepts the role
 * exists": no compute is inventoried.
 */
export interface PassRoleTechnique extends Technique {
  readonly category: 'new-passrole';
  /** The service principal the role must trust (`iam:PassedToService`). */
  readonly service: string;
  /** The service's own actions the caller needs besides iam:PassRole. */
  readonly actions: readonly string[];
  /** The resource the first action creates, in the account (its ARN as a template over `{account}`). */
  readonly resource: string;
  /** The role must sit in an instance profile (EC2). */
  readonly needsInstanceProfile?: boolean;
}

function passRole(id: string, service: string, actions: readonly string[], resource: string, needsInstanceProfile = false): PassRoleTechnique {
  return {
    id,
    name: ['iam:PassRole', ...actions].join(' + '),
    category: 'new-passrole',
    link: PATHFINDING(id),
    service,
    actions,
    resource,
    ...(needsInstanceProfile ? { needsInstanceProfile } : {}),
  };
}

const LAMBDA = 'arn:aws:lambda:us-east-1:{account}:function:gatehouse-escalation-probe';
const EC2 = 'arn:aws:ec2:us-east-1:{account}:instance/*';
const STACK = 'arn:aws:cloudformation:us-east-1:{account}:stack/gatehouse-escalation-probe/*';
const STACKSET = 'arn:aws:cloudformation:us-east-1:{account}:stackset/gatehouse-escalation-probe:*';
const CODEBUILD = 'arn:aws:codebuild:us-east-1:{account}:project/gatehouse-escalation-probe';
const GLUE_DEV = 'arn:aws:glue:us-east-1:{account}:devEndpoint/gatehouse-escalation-probe';
const GLUE_JOB = 'arn:aws:glue:us-east-1:{account}:job/gatehouse-escalation-probe';
const SAGEMAKER = 'arn:aws:sagemaker:us-east-1:{account}:notebook-instance/gatehouse-escalation-probe';
const TRAINING = 'arn:aws:sagemaker:us-east-1:{account}:training-job/gatehouse-escalation-probe';
const PROCESSING = 'arn:aws:sagemaker:us-east-1:{account}:processing-job/gatehouse-escalation-probe';
const ECS_TASKDEF = 'arn:aws:ecs:us-east-1:{account}:task-definition/gatehouse-escalation-probe:1';
const APPRUNNER = 'arn:aws:apprunner:us-east-1:{account}:service/gatehouse-escalation-probe/*';
const PIPELINE = 'arn:aws:datapipeline:us-east-1:{account}:pipeline/gatehouse-escalation-probe';
const AGENTCORE = 'arn:aws:bedrock-agentcore:us-east-1:{account}:code-interpreter-custom/gatehouse-escalation-probe';

/** pathfinding.cloud's new-passrole paths (snapshot 2025-12): a new resource that runs as the role. */
export const PASSROLE_TECHNIQUES: readonly PassRoleTechnique[] = [
  passRole('apprunner-001', 'tasks.apprunner.amazonaws.com', ['apprunner:CreateService'], APPRUNNER),
  passRole(
    'bedrock-001',
    'bedrock-agentcore.amazonaws.com',
    ['bedrock-agentcore:CreateCodeInterpreter', 'bedrock-agentcore:StartCodeInterpreterSession'],
    AGENTCORE,
  ),
  passRole('cloudformation-001', 'cloudformation.amazonaws.com', ['cloudformation:CreateStack'], STACK),
  passRole('cloudformation-003', 'cloudformation.amazonaws.com', ['cloudformation:CreateStackSet', 'cloudformation:CreateStackInstances'], STACKSET),
  passRole('codebuild-001', 'codebuild.amazonaws.com', ['codebuild:CreateProject', 'codebuild:StartBuild'], CODEBUILD),
  passRole('codebuild-004', 'codebuild.amazonaws.com', ['codebuild:CreateProject', 'codebuild:StartBuildBatch'], CODEBUILD),
  passRole('datapipeline-001', 'datapipeline.amazonaws.com', ['datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'], PIPELINE),
  passRole('ec2-001', 'ec2.amazonaws.com', ['ec2:RunInstances'], EC2, true),
  passRole('ec2-003', 'ec2.amazonaws.com', ['ec2:RequestSpotInstances'], EC2, true),
  passRole('ecs-003', 'ecs-tasks.amazonaws.com', ['ecs:RegisterTaskDefinition', 'ecs:CreateService'], ECS_TASKDEF),
  passRole('ecs-004', 'ecs-tasks.amazonaws.com', ['ecs:RegisterTaskDefinition', 'ecs:RunTask'], ECS_TASKDEF),
  passRole('ecs-005', 'ecs-tasks.amazonaws.com', ['ecs:RegisterTaskDefinition', 'ecs:StartTask'], ECS_TASKDEF),
  passRole('glue-001', 'glue.amazonaws.com', ['glue:CreateDevEndpoint'], GLUE_DEV),
  passRole('glue-003', 'glue.amazonaws.com', ['glue:CreateJob', 'glue:StartJobRun'], GLUE_JOB),
  passRole('glue-004', 'glue.amazonaws.com', ['glue:CreateJob', 'glue:CreateTrigger'], GLUE_JOB),
  passRole('lambda-001', 'lambda.amazonaws.com', ['lambda:CreateFunction', 'lambda:InvokeFunction'], LAMBDA),
  passRole('lambda-002', 'lambda.amazonaws.com', ['lambda:CreateFunction', 'lambda:CreateEventSourceMapping'], LAMBDA),
  passRole('lambda-006', 'lambda.amazonaws.com', ['lambda:CreateFunction', 'lambda:AddPermission'], LAMBDA),
  passRole('sagemaker-001', 'sagemaker.amazonaws.com', ['sagemaker:CreateNotebookInstance'], SAGEMAKER),
  passRole('sagemaker-002', 'sagemaker.amazonaws.com', ['sagemaker:CreateTrainingJob'], TRAINING),
  passRole('sagemaker-003', 'sagemaker.amazonaws.com', ['sagemaker:CreateProcessingJob'], PROCESSING),
];

/** Every technique by id. */
export const TECHNIQUES: ReadonlyMap<string, Technique> = new Map(
  [...Object.values(IAM_TECHNIQUES), ...PASSROLE_TECHNIQUES].map((t) => [t.id, t] as [string, Technique]),
);

/** AdministratorAccess: what an attacker attaches, where the technique attaches a managed policy. */
export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
