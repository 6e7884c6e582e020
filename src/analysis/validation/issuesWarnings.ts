/**
 * SECURITY_WARNING and WARNING ("General Warning") checks: issue code → findingDetails template.
 * AWS: IAM User Guide, "IAM policy validation check reference"; checks added after the 2023
 * edition are worded after the current edition's summaries.
 */
export const SECURITY_WARNING_ISSUES: Readonly<Record<string, string>> = {
  ALLOW_WITH_NOT_PRINCIPAL: 'Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.',
  FORALLVALUES_WITH_SINGLE_VALUED_KEY:
    'Using ForAllValues qualifier with the single-valued condition key {{key}} can be overly permissive. We recommend that you remove ForAllValues:.',
  PASS_ROLE_WITH_NOT_RESOURCE:
    'Using the iam:PassRole action with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.',
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE:
    'Using an action with a wildcard (*) and NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.',
  // AWS: the reference has the doubled period.
  PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE:
    'Using NotAction with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources.. We recommend that you specify resource ARNs instead.',
  PASS_ROLE_WITH_STAR_IN_RESOURCE:
    'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE:
    'Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
  PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION:
    'Using a resource with wildcards (*) and NotAction can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
  MISSING_PAIRED_CONDITION_KEYS:
    'Using the condition key {{key}} can be overly permissive without also using the following condition keys: {{recommendedKeys}}. Condition keys like this one are more secure when paired with a related key. We recommend that you add the related condition keys to the same condition block.',
  DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE:
    'Using the effect Deny with the tag condition key {{key}} and actions for services with the following prefixes can be overly permissive: {{serviceNames}}. Actions for the listed services are not denied by this statement. We recommend that you move these actions to a different statement without this condition key.',
  DENY_NOTACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE:
    "Using the effect Deny with NotAction and the tag condition key {{key}} can be overly permissive because some service actions are not denied by this statement. This is because the condition key doesn't apply to some service actions. We recommend that you use Action instead of NotAction.",
  RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL:
    'Granting access to a service principal without specifying a source is overly permissive. Use aws:SourceArn or aws:SourceAccount condition key and scope access to a specific source to grant fine-grained access.',
  MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL:
    'Using an Open ID Connect principal without a condition can be overly permissive. Add condition keys with a prefix that matches your federated OIDC principals to ensure that only the intended identity provider assumes the role.',
  MISSING_GITHUB_REPO_CONDITION_KEY:
    'Granting a federated GitHub principal permissions without a condition key can allow more sources to assume the role than you intended. Add the token.actions.githubusercontent.com:sub condition key and specify the branch and repository name in the value.',
  UNTRUSTWORTHY_CONDITION_KEY:
    'The condition key {{key}} is not trustworthy because its value can be set by the caller. We recommend that you do not use this condition key to control access.',
  STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS:
    'Using the {{operator}} operator with the ARN condition key {{key}} can be overly permissive. We recommend that you use the ArnLike or ArnEquals operator instead.',
  DYNAMODB_ATTRIBUTES_WITHOUT_SELECT:
    'Using the dynamodb:Attributes condition key without dynamodb:Select set to SPECIFIC_ATTRIBUTES can allow access to all attributes of an item. We recommend that you add the dynamodb:Select condition key with the value SPECIFIC_ATTRIBUTES.',
  S3_PREFIX_IN_NEGATIVE_CONTEXT:
    'Using the condition key s3:prefix with the effect Deny or a negated operator can be overly permissive because a request can use a shorter prefix that does not match. We recommend that you grant access with the effect Allow and a positive operator instead.',
  FORANYVALUE_WITH_AUDIENCE_CLAIM_TYPE:
    "Using the ForAnyValue qualifier with the single-valued 'aud' (audience) claim key {{key}} can be overly permissive. We recommend that you remove the ForAnyValue qualifier.",
};

/** WARNING ("General Warning") checks. */
export const WARNING_ISSUES: Readonly<Record<string, string>> = {
  CREATE_SLR_WITH_NOT_RESOURCE:
    'Using the iam:CreateServiceLinkedRole action with NotResource can allow creation of unintended service-linked roles for multiple resources. We recommend that you specify resource ARNs instead.',
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE:
    'Using an action with a wildcard(*) and NotResource can allow creation of unintended service-linked roles because it can allow iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.',
  CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE:
    'Using NotAction with NotResource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.',
  CREATE_SLR_WITH_STAR_IN_RESOURCE:
    'Using the iam:CreateServiceLinkedRole action with wildcards (*) in the resource can allow creation of unintended service-linked roles. We recommend that you specify resource ARNs instead.',
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE:
    'Using wildcards (*) in the action and the resource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.',
  CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION:
    'Using a resource with wildcards (*) and NotAction can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.',
  DEPRECATED_GLOBAL_CONDITION_KEY: 'We recommend that you update aws:ARN to use the newer condition key aws:PrincipalArn.',
  INVALID_DATE_VALUE: 'The date {{date}} might not resolve as expected. We recommend that you use the YYYY-MM-DD format.',
  INVALID_ROLE_REFERENCE: 'The Principal element includes the IAM role ID {{roleId}}. We recommend that you use a role ARN instead.',
  INVALID_USER_REFERENCE: 'The Principal element includes the IAM user ID {{userId}}. We recommend that you use a user ARN instead.',
  MISSING_VERSION: 'We recommend that you specify the Version element to help you with debugging permission issues.',
  UNIQUE_SIDS_RECOMMENDED: 'We recommend that you use statement IDs that are unique to your policy. Update the Sid value.',
  WILDCARD_WITHOUT_LIKE_OPERATOR:
    'Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator to include Like.',
  POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA:
    'The {{policySize}} characters in the identity policy, excluding whitespace, exceed the {{policySizeQuota}} character maximum for inline and managed policies. We recommend that you use multiple granular policies.',
  POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA:
    'The {{policySize}} characters in the resource policy exceed the {{policySizeQuota}} character maximum for resource policies. We recommend that you use multiple granular policies.',
  TYPE_MISMATCH: 'Use the operator type {{allowed}} instead of operator {{operator}} for the condition key {{key}}.',
  TYPE_MISMATCH_BOOLEAN: 'Add a valid Boolean value (true or false) for the condition operator {{operator}}.',
  TYPE_MISMATCH_DATE: 'The date condition operator is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format.',
  TYPE_MISMATCH_NUMBER: 'Add a valid numeric value for the condition operator {{operator}}.',
  TYPE_MISMATCH_STRING: 'Add a valid base64-encoded string value for the condition operator {{operator}}.',
  SPECIFIC_GITHUB_REPO_AND_BRANCH_RECOMMENDED:
    'Using a wildcard (*) in token.actions.githubusercontent.com:sub can allow requests from more sources than you intended. Specify the value of token.actions.githubusercontent.com:sub with the repository and branch name.',
  POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA:
    'The characters in the role trust policy, excluding whitespace, exceed the character maximum. We recommend that you request a role trust policy length quota increase using Service Quotas and AWS Support Center. If the quotas have already been increased, then you can ignore this warning.',
  RCP_MISSING_RELATED_PRINCIPAL_CONDITION_KEY:
    'The condition key {{key}} applies only to requests made by principals. We recommend that you add the condition key aws:PrincipalIsAWSService with the BoolIfExists operator and the value false to the same condition block.',
  RCP_MISSING_RELATED_SERVICE_PRINCIPAL_CONDITION_KEY:
    'The condition key {{key}} applies only to requests made by AWS service principals. We recommend that you add the condition key aws:PrincipalIsAWSService with the Bool operator and the value true to the same condition block.',
  RCP_MISSING_SERVICE_CONDITION_KEY_NULL_CHECK:
    'The condition key {{key}} is present only in requests made by AWS service principals on behalf of a resource. We recommend that you add the Null operator with the condition key {{key}} and the value false to the same condition block.',
  USE_CONDITION_KEY_ONLY_WITH_SUPPORTED_SERVICES:
    'The condition key {{key}} is supported only by some services. We recommend that you use it only with actions of the supported services, for example with the aws:PrincipalIsAWSService or aws:ViaAWSService condition keys or by listing the actions of those services.',
};
