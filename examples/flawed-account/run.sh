#!/usr/bin/env bash
# Builds a small, realistic, deliberately flawed AWS account in Gatehouse with the AWS CLI, exports
# it the way one exports a real AWS account, and analyses the export with `gatehouse analyze`.
#
#   examples/flawed-account/run.sh [EXPORT_DIR]
#
# Needs a fresh Gatehouse at $GATEHOUSE_ENDPOINT (default http://127.0.0.1:4747) whose root
# credentials are the AWS CLI profile `gatehouse-root` (README, "First steps"), the AWS CLI, and
# Node.js; $GATEHOUSE is how to run the CLI (default: npx gatehouse).
#
# The account (a member account of a new organization) has:
#   - alice, an administrator who signs in with a password and no MFA;
#   - build-bot, with an access key (the analysis runs as of 100 days from now, so the key is old);
#   - partner-audit, a role with ReadOnlyAccess that a whole other AWS account may assume;
#   - dev, who may create new versions of the policy attached to him: a path to administrator;
#   - ci, who may mint access keys for alice, which an SCP above the account blocks.
set -euo pipefail

ENDPOINT="${GATEHOUSE_ENDPOINT:-http://127.0.0.1:4747}"
GATEHOUSE="${GATEHOUSE:-npx gatehouse}"
OUT="${1:-./flawed-account-export}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export AWS_PAGER='' AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"

aws() { command aws --endpoint-url "$ENDPOINT" --output json "$@"; }
root() { AWS_PROFILE=gatehouse-root aws "$@"; }
# Runs the AWS CLI with these keys (and session token), whatever profile the environment names.
as_keys() {
  local id="$1" secret="$2" token="$3"
  shift 3
  env -u AWS_PROFILE AWS_ACCESS_KEY_ID="$id" AWS_SECRET_ACCESS_KEY="$secret" ${token:+AWS_SESSION_TOKEN="$token"} \
    aws --endpoint-url "$ENDPOINT" --output json "$@"
}

echo '1. an organization with a member account' >&2
root organizations create-organization --feature-set ALL >/dev/null
request=$(root organizations create-account --email workloads@example.com --account-name workloads --query CreateAccountStatus.Id --output text)
state=IN_PROGRESS
while [ "$state" = IN_PROGRESS ]; do
  read -r state member < <(root organizations describe-create-account-status --create-account-request-id "$request" \
    --query 'CreateAccountStatus.[State,AccountId]' --output text)
done
[ "$state" = SUCCEEDED ] || { echo "the member account was not created: $state" >&2; exit 1; }
root_id=$(root organizations list-roots --query 'Roots[0].Id' --output text)

echo "2. an administrator of the management account acts in account $member" >&2
root iam create-user --user-name ops >/dev/null
root iam attach-user-policy --user-name ops --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
read -r ops_key ops_secret < <(root iam create-access-key --user-name ops --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text)
read -r key secret token < <(as_keys "$ops_key" "$ops_secret" '' sts assume-role \
  --role-arn "arn:aws:iam::$member:role/OrganizationAccountAccessRole" --role-session-name build \
  --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)
in_member() { as_keys "$key" "$secret" "$token" "$@"; }

echo '3. the flaws' >&2
in_member iam create-user --user-name alice >/dev/null
in_member iam attach-user-policy --user-name alice --policy-arn arn:aws:iam::aws:policy/AdministratorAccess
in_member iam create-login-profile --user-name alice --password 'Correct-Horse-Battery-9' >/dev/null
in_member iam create-user --user-name build-bot >/dev/null
in_member iam create-access-key --user-name build-bot >/dev/null
in_member iam create-role --role-name partner-audit --assume-role-policy-document "file://$HERE/policies/partner-trust.json" >/dev/null
in_member iam attach-role-policy --role-name partner-audit --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
in_member iam create-user --user-name dev >/dev/null
dev_tools=$(in_member iam create-policy --policy-name dev-tools --policy-document "file://$HERE/policies/dev-tools.json" --query Policy.Arn --output text)
in_member iam attach-user-policy --user-name dev --policy-arn "$dev_tools"
in_member iam create-user --user-name ci >/dev/null
in_member iam put-user-policy --user-name ci --policy-name rotate-deployer-keys --policy-document "file://$HERE/policies/ci-keys.json"

echo '4. an SCP above the account: only the security team mints access keys and passwords' >&2
root organizations enable-policy-type --root-id "$root_id" --policy-type SERVICE_CONTROL_POLICY >/dev/null
scp=$(root organizations create-policy --name security-mints-keys --type SERVICE_CONTROL_POLICY \
  --description 'Only the security team creates access keys and passwords' \
  --content "file://$HERE/policies/security-mints-keys.json" --query Policy.PolicySummary.Id --output text)
root organizations attach-policy --policy-id "$scp" --target-id "$member"

echo "5. the export, as of any AWS account, into $OUT" >&2
mkdir -p "$OUT"
in_member iam get-account-authorization-details >"$OUT/authorization-details.json"
in_member iam generate-credential-report >/dev/null
in_member iam get-credential-report >"$OUT/credential-report.json"
# An account without a password policy answers NoSuchEntity; its error text says so.
in_member iam get-account-password-policy >"$OUT/password-policy.json" 2>&1 || true
in_member iam list-virtual-mfa-devices >"$OUT/virtual-mfa-devices.json"
in_member iam get-account-summary >"$OUT/account-summary.json"
in_member cloudtrail describe-trails >"$OUT/trails.json"
# The organization's tree, from the management account; per-parent listings keep their parameter.
root organizations describe-organization >"$OUT/organization.json"
root organizations list-roots >"$OUT/roots.json"
root organizations list-organizational-units-for-parent --parent-id "$root_id" \
  --query "{ParentId: '$root_id', OrganizationalUnits: OrganizationalUnits}" >"$OUT/units-of-$root_id.json"
root organizations list-accounts-for-parent --parent-id "$root_id" --query "{ParentId: '$root_id', Accounts: Accounts}" >"$OUT/accounts-of-$root_id.json"
root organizations list-policies --filter SERVICE_CONTROL_POLICY >"$OUT/service-control-policies.json"
for policy in $(root organizations list-policies --filter SERVICE_CONTROL_POLICY --query 'Policies[].Id' --output text); do
  root organizations describe-policy --policy-id "$policy" >"$OUT/policy-$policy.json"
  root organizations list-targets-for-policy --policy-id "$policy" --query "{PolicyId: '$policy', Targets: Targets}" >"$OUT/targets-of-$policy.json"
done

echo '6. the analysis, as of 100 days from now' >&2
later=$(node -e 'console.log(new Date(Date.now() + 100 * 86400000).toISOString())')
$GATEHOUSE analyze --now "$later" --threshold roleUnusedDays=365 --fail-on none "$OUT"
