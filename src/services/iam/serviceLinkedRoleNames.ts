/**
 * The names AWS gives service-linked roles. Each service chooses its role's name and whether it
 * accepts a `CustomSuffix`; the table holds the common services (IAM User Guide,
 * "AWS services that work with IAM", column "Service-linked roles", and each service's
 * "Using service-linked roles" page). Other services get `AWSServiceRoleFor<Name>` built from the
 * service principal and accept no suffix.
 */

/** How one service names its service-linked role. */
export interface ServiceRoleNaming {
  readonly roleName: string;
  readonly allowsCustomSuffix: boolean;
}

const KNOWN: Readonly<Record<string, ServiceRoleNaming>> = {
  'autoscaling.amazonaws.com': { roleName: 'AWSServiceRoleForAutoScaling', allowsCustomSuffix: true },
  'elasticbeanstalk.amazonaws.com': { roleName: 'AWSServiceRoleForElasticBeanstalk', allowsCustomSuffix: true },
  'elasticloadbalancing.amazonaws.com': { roleName: 'AWSServiceRoleForElasticLoadBalancing', allowsCustomSuffix: false },
  'ecs.amazonaws.com': { roleName: 'AWSServiceRoleForECS', allowsCustomSuffix: false },
  'eks.amazonaws.com': { roleName: 'AWSServiceRoleForAmazonEKS', allowsCustomSuffix: false },
  'eks-nodegroup.amazonaws.com': { roleName: 'AWSServiceRoleForAmazonEKSNodegroup', allowsCustomSuffix: false },
  'rds.amazonaws.com': { roleName: 'AWSServiceRoleForRDS', allowsCustomSuffix: false },
  'redshift.amazonaws.com': { roleName: 'AWSServiceRoleForRedshift', allowsCustomSuffix: false },
  'elasticache.amazonaws.com': { roleName: 'AWSServiceRoleForElastiCache', allowsCustomSuffix: false },
  'es.amazonaws.com': { roleName: 'AWSServiceRoleForAmazonElasticsearchService', allowsCustomSuffix: false },
  'opensearchservice.amazonaws.com': { roleName: 'AWSServiceRoleForAmazonOpenSearchService', allowsCustomSuffix: false },
  'spot.amazonaws.com': { roleName: 'AWSServiceRoleForEC2Spot', allowsCustomSuffix: false },
  'spotfleet.amazonaws.com': { roleName: 'AWSServiceRoleForEC2SpotFleet', allowsCustomSuffix: false },
  'organizations.amazonaws.com': { roleName: 'AWSServiceRoleForOrganizations', allowsCustomSuffix: false },
  'support.amazonaws.com': { roleName: 'AWSServiceRoleForSupport', allowsCustomSuffix: false },
  'trustedadvisor.amazonaws.com': { roleName: 'AWSServiceRoleForTrustedAdvisor', allowsCustomSuffix: false },
  'config.amazonaws.com': { roleName: 'AWSServiceRoleForConfig', allowsCustomSuffix: false },
  'cloudtrail.amazonaws.com': { roleName: 'AWSServiceRoleForCloudTrail', allowsCustomSuffix: false },
  'guardduty.amazonaws.com': { roleName: 'AWSServiceRoleForAmazonGuardDuty', allowsCustomSuffix: false },
  'securityhub.amazonaws.com': { roleName: 'AWSServiceRoleForSecurityHub', allowsCustomSuffix: false },
  'access-analyzer.amazonaws.com': { roleName: 'AWSServiceRoleForAccessAnalyzer', allowsCustomSuffix: false },
  'sso.amazonaws.com': { roleName: 'AWSServiceRoleForSSO', allowsCustomSuffix: false },
  'ssm.amazonaws.com': { roleName: 'AWSServiceRoleForAmazonSSM', allowsCustomSuffix: false },
  'inspector2.amazonaws.com': { roleName: 'AWSServiceRoleForAmazonInspector2', allowsCustomSuffix: false },
  'macie.amazonaws.com': { roleName: 'AWSServiceRoleForAmazonMacie', allowsCustomSuffix: false },
  'backup.amazonaws.com': { roleName: 'AWSServiceRoleForBackup', allowsCustomSuffix: false },
  'kafka.amazonaws.com': { roleName: 'AWSServiceRoleForKafka', allowsCustomSuffix: false },
  'transitgateway.amazonaws.com': { roleName: 'AWSServiceRoleForVPCTransitGateway', allowsCustomSuffix: false },
  'compute-optimizer.amazonaws.com': { roleName: 'AWSServiceRoleForComputeOptimizer', allowsCustomSuffix: false },
  'dynamodb.application-autoscaling.amazonaws.com': {
    roleName: 'AWSServiceRoleForApplicationAutoScaling_DynamoDBTable',
    allowsCustomSuffix: false,
  },
  'ecs.application-autoscaling.amazonaws.com': {
    roleName: 'AWSServiceRoleForApplicationAutoScaling_ECSService',
    allowsCustomSuffix: false,
  },
  'lex.amazonaws.com': { roleName: 'AWSServiceRoleForLexBots', allowsCustomSuffix: false },
  'custom-resource.application-autoscaling.amazonaws.com': {
    roleName: 'AWSServiceRoleForApplicationAutoScaling_CustomResource',
    allowsCustomSuffix: false,
  },
};

/** Service principals look like `name.amazonaws.com` (possibly with dotted sub-services). */
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*\.amazonaws\.com$/;

/** The naming of a service's role, or undefined when the name is not a service principal. */
export function serviceRoleNaming(serviceName: string): ServiceRoleNaming | undefined {
  const known = KNOWN[serviceName];
  if (known !== undefined) return known;
  if (!SERVICE_PRINCIPAL.test(serviceName)) return undefined;
  const words = serviceName.slice(0, -'.amazonaws.com'.length).split(/[.-]/);
  const name = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
  return { roleName: `AWSServiceRoleFor${name}`, allowsCustomSuffix: false };
}
