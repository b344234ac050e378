//! `linkscope capture-script`: print the read-only capture script, embedded in the binary so an
//! installed linkscope has it. One account and region by default; with `ROLE` set, every
//! account of the organization (or `ACCOUNTS`) and every enabled region (or `REGIONS`), each
//! through `sts assume-role` into that account's role, with progress on stderr.

use super::Exit;
use super::output::out;

/// The one-account script (also `assets/capture-aws.sh` in the source tree).
const ACCOUNT_SCRIPT: &str = include_str!("../../assets/capture-aws.sh");

/// The organization loop around it. `{ACCOUNT_SCRIPT}` is replaced by the script above.
const ORG_SCRIPT: &str = r#"#!/usr/bin/env bash
# Capture AWS accounts for `linkscope import` (read-only: describe/list/get, and sts assume-role).
# Printed by `linkscope capture-script`; save it and run it with bash:
#
#   linkscope capture-script > capture.sh
#   bash capture.sh OUT_DIR [BUCKET...]                  # this profile's account and region
#   ROLE=OrganizationAccountAccessRole bash capture.sh OUT_DIR
#                                                        # every account of the organization,
#                                                        # every enabled region
#   ROLE=ReadOnly ACCOUNTS="111122223333 444455556666" REGIONS="us-east-1 eu-west-1" bash capture.sh OUT_DIR
#
# With ROLE, accounts come from `aws organizations list-accounts` (run it from the management or a
# delegated administrator account) unless ACCOUNTS is set, and regions from `aws ec2
# describe-regions` unless REGIONS is set; each account is entered by assuming
# arn:aws:iam::<account>:role/$ROLE. An account whose role cannot be assumed is reported and
# skipped. Output: OUT_DIR/<account>/<region>/*.json. Then: linkscope import OUT_DIR -o model.yaml
set -uo pipefail
export AWS_PAGER=""

ACCOUNT_SCRIPT=$(mktemp "${TMPDIR:-/tmp}/linkscope-capture.XXXXXX") || exit 1
trap 'rm -f "$ACCOUNT_SCRIPT"' EXIT
cat >"$ACCOUNT_SCRIPT" <<'LINKSCOPE_ACCOUNT_SCRIPT'
{ACCOUNT_SCRIPT}
LINKSCOPE_ACCOUNT_SCRIPT

if [ -z "${ROLE:-}" ]; then
  bash "$ACCOUNT_SCRIPT" "$@"
  exit $?
fi

words() { tr '\t' '\n' | grep -v '^None$' | grep -v '^$'; }
ACCOUNTS=${ACCOUNTS:-$(aws organizations list-accounts --query "Accounts[?Status=='ACTIVE'].Id" --output text | words)}
REGIONS=${REGIONS:-$(aws ec2 describe-regions --query 'Regions[].RegionName' --output text | words)}
if [ -z "$ACCOUNTS" ] || [ -z "$REGIONS" ]; then
  echo "error: no accounts or no regions (set ACCOUNTS and REGIONS, or run from the organization's management account)" >&2
  exit 1
fi
naccounts=$(echo $ACCOUNTS | wc -w)
nregions=$(echo $REGIONS | wc -w)
total=$((naccounts * nregions))
n=0
for account in $ACCOUNTS; do
  creds=$(aws sts assume-role --role-arn "arn:${PARTITION:-aws}:iam::$account:role/$ROLE" \
    --role-session-name linkscope-capture \
    --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text) || creds=""
  if [ -z "$creds" ]; then
    echo "skipped: account $account (cannot assume role $ROLE there)" >&2
    n=$((n + nregions))
    continue
  fi
  read -r key secret token <<<"$creds"
  for region in $REGIONS; do
    n=$((n + 1))
    echo "[$n/$total] account $account, region $region" >&2
    env -u AWS_PROFILE AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" \
      AWS_SESSION_TOKEN="$token" AWS_REGION="$region" bash "$ACCOUNT_SCRIPT" "$@"
  done
done
echo "done: linkscope import ${1:-aws-capture} -o model.yaml" >&2
"#;

/// The script as printed.
pub fn script() -> String {
    ORG_SCRIPT.replace("{ACCOUNT_SCRIPT}", ACCOUNT_SCRIPT.trim_end())
}

pub fn run() -> Exit {
    out!("{}", script());
    Exit::Ok
}
