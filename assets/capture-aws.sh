#!/usr/bin/env bash
# Capture one AWS account and region for `linkscope import` (read-only: describe/list/get only).
#
#   assets/capture-aws.sh [OUT_DIR] [BUCKET...]
#
# OUT_DIR defaults to ./aws-capture. The account and region are those of your AWS CLI profile
# (AWS_PROFILE, AWS_REGION); run the script once per account and region into the same OUT_DIR:
#
#   OUT_DIR/<account>/<region>/describe-*.json   regional: EC2, VPC, endpoints, load balancers,
#                                                transit gateways, VPN, Route 53 Resolver
#   OUT_DIR/<account>/*.json                     global: Route 53, IAM, S3 bucket policies
#
# Outputs that do not name their resource are saved as <command>.<resource-id>.json.
# Name BUCKETs to capture their bucket policies. A call you may not make is reported and skipped;
# linkscope imports whatever was saved. Then: linkscope import OUT_DIR -o model.yaml
set -uo pipefail
export AWS_PAGER=""

OUT=${1:-aws-capture}
BUCKETS=("${@:2}")
REGION=${AWS_REGION:-${AWS_DEFAULT_REGION:-$(aws configure get region)}}
ACCOUNT=$(aws sts get-caller-identity --query Account --output text) || {
  echo "error: cannot call sts get-caller-identity; check your AWS credentials" >&2
  exit 1
}
if [ -z "$REGION" ]; then
  echo "error: no region; set AWS_REGION" >&2
  exit 1
fi
DIR="$OUT/$ACCOUNT/$REGION"
GLOBAL="$OUT/$ACCOUNT"
mkdir -p "$DIR"
echo "capturing account $ACCOUNT, region $REGION into $DIR" >&2

# run FILE AWS-ARGS...: save the JSON output as FILE; on failure say why and save nothing.
run() {
  local file=$1
  shift
  if aws "$@" --output json >"$file.tmp" 2>"$file.err"; then
    mv "$file.tmp" "$file"
  else
    echo "skipped: aws $* -- $(head -c 300 "$file.err" | tr '\n' ' ')" >&2
    rm -f "$file.tmp"
  fi
  rm -f "$file.err"
}

# ids COMMAND... --query Q: ids printed by a query, one per word ("None" when there are none).
ids() {
  aws "$@" --output text 2>/dev/null | tr '\t' '\n' | grep -v '^None$' | grep -v '^$'
}

for cmd in describe-vpcs describe-subnets describe-route-tables describe-network-acls \
  describe-security-groups describe-instances describe-network-interfaces \
  describe-internet-gateways describe-egress-only-internet-gateways describe-nat-gateways \
  describe-vpn-gateways \
  describe-vpc-endpoints describe-instance-connect-endpoints describe-vpc-endpoint-services \
  describe-vpc-endpoint-service-configurations describe-vpc-endpoint-connections \
  describe-prefix-lists describe-managed-prefix-lists describe-availability-zones \
  describe-vpc-peering-connections describe-dhcp-options describe-transit-gateways \
  describe-transit-gateway-attachments describe-transit-gateway-vpc-attachments \
  describe-transit-gateway-route-tables describe-vpn-connections describe-customer-gateways; do
  run "$DIR/$cmd.json" ec2 "$cmd" --region "$REGION"
done

# Transit gateway route tables: routes (active and blackhole), associations and propagations.
# None of these outputs names its table, so the table id is in the file name.
for rtb in $(ids ec2 describe-transit-gateway-route-tables --region "$REGION" \
  --query 'TransitGatewayRouteTables[].TransitGatewayRouteTableId'); do
  run "$DIR/search-transit-gateway-routes.$rtb.json" ec2 search-transit-gateway-routes \
    --region "$REGION" --transit-gateway-route-table-id "$rtb" \
    --filters Name=state,Values=active,blackhole
  for cmd in get-transit-gateway-route-table-associations \
    get-transit-gateway-route-table-propagations; do
    run "$DIR/$cmd.$rtb.json" ec2 "$cmd" --region "$REGION" --transit-gateway-route-table-id "$rtb"
  done
done

# Route 53 Resolver: endpoints (with their addresses, by endpoint id), rules, rule associations.
for cmd in list-resolver-endpoints list-resolver-rules list-resolver-rule-associations; do
  run "$DIR/route53resolver-$cmd.json" route53resolver "$cmd" --region "$REGION"
done
for ep in $(ids route53resolver list-resolver-endpoints --region "$REGION" \
  --query 'ResolverEndpoints[].Id'); do
  run "$DIR/route53resolver-list-resolver-endpoint-ip-addresses.$ep.json" \
    route53resolver list-resolver-endpoint-ip-addresses --region "$REGION" --resolver-endpoint-id "$ep"
done

# DNS attributes, per VPC.
for vpc in $(ids ec2 describe-vpcs --region "$REGION" --query 'Vpcs[].VpcId'); do
  for attr in enableDnsSupport enableDnsHostnames; do
    run "$DIR/describe-vpc-attribute.$vpc.$attr.json" \
      ec2 describe-vpc-attribute --region "$REGION" --vpc-id "$vpc" --attribute "$attr"
  done
done

# Who may connect to the endpoint services this account offers.
for svc in $(ids ec2 describe-vpc-endpoint-service-configurations --region "$REGION" \
  --query 'ServiceConfigurations[].ServiceId'); do
  run "$DIR/describe-vpc-endpoint-service-permissions.$svc.json" \
    ec2 describe-vpc-endpoint-service-permissions --region "$REGION" --service-id "$svc"
done

# Entries of this account's own prefix lists (AWS-managed ones come with describe-prefix-lists).
for pl in $(ids ec2 describe-managed-prefix-lists --region "$REGION" \
  --query "PrefixLists[?OwnerId=='$ACCOUNT'].PrefixListId"); do
  run "$DIR/get-managed-prefix-list-entries.$pl.json" \
    ec2 get-managed-prefix-list-entries --region "$REGION" --prefix-list-id "$pl"
done

# Load balancers behind endpoint services: listeners and cross-zone setting, by name.
run "$DIR/elbv2-describe-load-balancers.json" elbv2 describe-load-balancers --region "$REGION"
for arn in $(ids elbv2 describe-load-balancers --region "$REGION" \
  --query "LoadBalancers[?Type=='network' || Type=='gateway'].LoadBalancerArn"); do
  name=$(basename "$(dirname "$arn")")
  run "$DIR/elbv2-describe-listeners.$name.json" \
    elbv2 describe-listeners --region "$REGION" --load-balancer-arn "$arn"
  run "$DIR/elbv2-describe-load-balancer-attributes.$name.json" \
    elbv2 describe-load-balancer-attributes --region "$REGION" --load-balancer-arn "$arn"
done

# Target groups, and per instance or IP target group its targets' health and its attributes
# (cross-zone, proxy protocol v2). describe-target-health does not name its group, so each is
# saved as <command>.<group name>.<group id>.json (the last two parts of the group's ARN).
run "$DIR/elbv2-describe-target-groups.json" elbv2 describe-target-groups --region "$REGION"
for arn in $(ids elbv2 describe-target-groups --region "$REGION" \
  --query "TargetGroups[?TargetType=='instance' || TargetType=='ip'].TargetGroupArn"); do
  tg=${arn#*:targetgroup/}
  tg=${tg//\//.}
  run "$DIR/elbv2-describe-target-health.$tg.json" \
    elbv2 describe-target-health --region "$REGION" --target-group-arn "$arn"
  run "$DIR/elbv2-describe-target-group-attributes.$tg.json" \
    elbv2 describe-target-group-attributes --region "$REGION" --target-group-arn "$arn"
done

# VPC Lattice resource gateways and resource configurations (the provider side of resource
# endpoints). list-resource-configurations lacks each one's definition and port ranges, so
# every configuration is read with get-resource-configuration too.
run "$DIR/vpc-lattice-list-resource-gateways.json" vpc-lattice list-resource-gateways --region "$REGION"
for rgw in $(ids vpc-lattice list-resource-gateways --region "$REGION" --query 'items[].id'); do
  run "$DIR/vpc-lattice-get-resource-gateway.$rgw.json" \
    vpc-lattice get-resource-gateway --region "$REGION" --resource-gateway-identifier "$rgw"
done
run "$DIR/vpc-lattice-list-resource-configurations.json" \
  vpc-lattice list-resource-configurations --region "$REGION"
for rcfg in $(ids vpc-lattice list-resource-configurations --region "$REGION" --query 'items[].id'); do
  run "$DIR/vpc-lattice-get-resource-configuration.$rcfg.json" \
    vpc-lattice get-resource-configuration --region "$REGION" --resource-configuration-identifier "$rcfg"
done
# VPC Lattice service networks (what service-network endpoints reach): each one's auth type and
# sharing, the resource configurations and Lattice services associated with it, the VPCs
# associated with it (reported by the importer, not modelled), its auth policy.
run "$DIR/vpc-lattice-list-service-networks.json" vpc-lattice list-service-networks --region "$REGION"
for sn in $(ids vpc-lattice list-service-networks --region "$REGION" --query 'items[].id'); do
  run "$DIR/vpc-lattice-get-service-network.$sn.json" \
    vpc-lattice get-service-network --region "$REGION" --service-network-identifier "$sn"
  run "$DIR/vpc-lattice-list-service-network-resource-associations.$sn.json" \
    vpc-lattice list-service-network-resource-associations --region "$REGION" --service-network-identifier "$sn"
  run "$DIR/vpc-lattice-list-service-network-service-associations.$sn.json" \
    vpc-lattice list-service-network-service-associations --region "$REGION" --service-network-identifier "$sn"
  run "$DIR/vpc-lattice-list-service-network-vpc-associations.$sn.json" \
    vpc-lattice list-service-network-vpc-associations --region "$REGION" --service-network-identifier "$sn"
  run "$DIR/vpc-lattice-get-auth-policy.$sn.json" \
    vpc-lattice get-auth-policy --region "$REGION" --resource-identifier "$sn"
done
# AWS RAM: the resources this account shares (resource configurations, service networks) and
# with whom.
for t in RESOURCE PRINCIPAL; do
  run "$DIR/ram-get-resource-share-associations.$t.json" \
    ram get-resource-share-associations --region "$REGION" --association-type "$t"
done

# Global: private hosted zones with their VPCs and records, instance profiles, bucket policies.
run "$GLOBAL/route53-list-hosted-zones.json" route53 list-hosted-zones
for zone in $(ids route53 list-hosted-zones --query 'HostedZones[?Config.PrivateZone].Id'); do
  zone=${zone#/hostedzone/}
  run "$GLOBAL/get-hosted-zone.$zone.json" route53 get-hosted-zone --id "$zone"
  run "$GLOBAL/list-resource-record-sets.$zone.json" \
    route53 list-resource-record-sets --hosted-zone-id "$zone"
done
run "$GLOBAL/iam-list-instance-profiles.json" iam list-instance-profiles
for bucket in "${BUCKETS[@]}"; do
  run "$GLOBAL/get-bucket-policy.$bucket.json" s3api get-bucket-policy --bucket "$bucket"
  run "$GLOBAL/get-bucket-location.$bucket.json" s3api get-bucket-location --bucket "$bucket"
done

echo "done: linkscope import $OUT -o model.yaml" >&2
