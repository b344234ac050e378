//! Whole-model checks that produce warnings (see [`super::warnings`] for the list). They run on
//! a model with no errors, so every index is valid here.

use std::collections::HashMap;

use super::warnings as w;
use super::*;
use crate::catalogue::EndpointType;
use crate::diag::Diagnostic;

/// Push the warnings onto `out`, as long as it holds fewer than
/// [`load::Limits::MAX_DIAGNOSTICS`] warnings; returns how many were only counted.
pub(crate) fn run(m: &Model, out: &mut Vec<Diagnostic>, file: &str) -> usize {
    let kept = out.iter().filter(|d| !d.is_error()).count();
    let mut out = Warnings {
        out,
        file,
        kept,
        dropped: 0,
    };
    overlapping_subnets(m, &mut out);
    zones(m, &mut out);
    vpc_cidrs(m, &mut out);
    overlapping_vpcs(m, &mut out);
    sites_overlapping_vpcs(m, &mut out);
    let private_dns_names = endpoints(m, &mut out);
    hosted_zones(m, &mut out, &private_dns_names);
    routes(m, &mut out);
    nat_gateways(m, &mut out);
    tgw_zones(m, &mut out);
    expectations(m, &mut out);
    endpoint_services(m, &mut out);
    privatelink_2026(m, &mut out);
    forward_targets(m, &mut out);
    out.dropped
}

/// Where warnings go: kept up to [`load::Limits::MAX_DIAGNOSTICS`], counted past that.
struct Warnings<'a> {
    out: &'a mut Vec<Diagnostic>,
    file: &'a str,
    kept: usize,
    dropped: usize,
}

impl Warnings<'_> {
    fn warn(&mut self, def: w::WarningDef, msg: String, pos: Pos, obj: &str, help: Option<String>) {
        if self.kept >= load::Limits::MAX_DIAGNOSTICS {
            self.dropped += 1;
            return;
        }
        self.kept += 1;
        let mut d = def
            .with(msg)
            .file(self.file.to_string())
            .at(pos)
            .object(obj.to_string());
        if let Some(h) = help {
            d = d.help(h);
        }
        self.out.push(d);
    }
}

/// Overlapping subnets, per VPC (sorted by start: an overlap is always with an earlier one
/// that ends at or after this start).
fn overlapping_subnets(m: &Model, out: &mut Warnings) {
    for list in &m.index.subnets_by_addr {
        let mut max_end: Option<(u32, Ix)> = None;
        for &(start, end, ix) in list {
            if let Some((e, prev)) = max_end
                && start <= e
            {
                let (a, b) = (&m.subnets[prev], &m.subnets[ix]);
                out.warn(
                    w::OVERLAPPING_SUBNETS,
                    format!(
                        "subnet {} ({}) overlaps {} ({})",
                        b.id, b.cidr, a.id, a.cidr
                    ),
                    b.pos,
                    &b.id,
                    Some("subnets of one VPC may not overlap; AWS refuses the second".into()),
                );
            }
            if max_end.is_none_or(|(e, _)| end > e) {
                max_end = Some((end, ix));
            }
        }
    }
}

/// AZs: two names of one account on one AZ ID (ES-11), a subnet in another region's AZ.
fn zones(m: &Model, out: &mut Warnings) {
    let mut zone_reported: std::collections::HashSet<(Ix, &str)> = Default::default();
    for sn in &m.subnets {
        let vpc = &m.vpcs[sn.vpc];
        let acct = &m.accounts[vpc.account];
        if acct.zones_explicit
            && let Some(other) = acct
                .zones
                .iter()
                .find(|(name, id)| **id == sn.zone_id && **name != sn.zone)
                .map(|(name, _)| name)
            && zone_reported.insert((vpc.account, sn.zone_id.as_str()))
        {
            out.warn(
                w::ZONE_ID_REPEATED,
                format!(
                    "account {} maps both {} and {other} to AZ ID {}",
                    acct.id, sn.zone, sn.zone_id
                ),
                sn.pos,
                &sn.id,
                Some("each AZ name of an account is a different AZ ID; check `zones:` against `aws ec2 describe-availability-zones`".into()),
            );
        }
        let in_region = sn
            .zone
            .strip_prefix(vpc.region.as_str())
            .is_some_and(|rest| {
                !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !in_region {
            out.warn(
                w::ZONE_OTHER_REGION,
                format!(
                    "subnet {} is in {}, which is not an AZ of {}'s region {}",
                    sn.id, sn.zone, vpc.id, vpc.region
                ),
                sn.pos,
                &sn.id,
                Some(format!(
                    "use an AZ of {} (e.g. {}a)",
                    vpc.region, vpc.region
                )),
            );
        }
    }
}

/// VPC CIDRs listed twice or overlapping.
fn vpc_cidrs(m: &Model, out: &mut Warnings) {
    for v in &m.vpcs {
        for (i, c) in v.cidrs.iter().enumerate() {
            if let Some(prev) = v.cidrs[..i]
                .iter()
                .find(|p| p.contains(&c.network()) || c.contains(&p.network()))
            {
                out.warn(
                    w::VPC_CIDR_REPEATED,
                    if prev == c {
                        format!("{} lists {c} twice", v.id)
                    } else {
                        format!("{} lists {c}, which overlaps its {prev}", v.id)
                    },
                    v.pos,
                    &v.id,
                    Some("remove the repeated CIDR; a VPC's CIDR blocks may not overlap".into()),
                );
            }
        }
    }
}

/// Two VPCs sharing an address range (a sweep over CIDRs sorted by start: n log n). One
/// warning per VPC, naming its first twin: each VPC reaches only its own copy of the range
/// (RT-4), a transit gateway routes the range to one of them (TGW-9), and a trace to the
/// other's address ends at WRONG_DESTINATION.
fn overlapping_vpcs(m: &Model, out: &mut Warnings) {
    {
        let mut spans: Vec<(u32, u32, Ix, Ipv4Net)> = m
            .vpcs
            .iter()
            .enumerate()
            .flat_map(|(i, v)| {
                v.cidrs
                    .iter()
                    .map(move |c| (u32::from(c.network()), u32::from(c.broadcast()), i, *c))
            })
            .collect();
        spans.sort_unstable();
        let mut warned = vec![false; m.vpcs.len()];
        // The span reaching furthest so far, from another VPC than the current one's.
        let mut open: Vec<(u32, Ix, Ipv4Net)> = Vec::new();
        for &(start, end, v, c) in &spans {
            open.retain(|&(e, _, _)| e >= start);
            if !warned[v]
                && let Some(&(_, other, oc)) = open.iter().find(|&&(_, o, _)| o != v)
            {
                warned[v] = true;
                out.warn(
                    w::OVERLAPPING_VPCS,
                    format!(
                        "{} ({c}) shares addresses with {} ({oc}): each reaches only its own copy of the range (RT-4), and a transit gateway routes it to one of them (TGW-9)",
                        m.vpcs[v].id, m.vpcs[other].id
                    ),
                    m.vpcs[v].pos,
                    &m.vpcs[v].id,
                    Some("fine for VPCs that never talk to each other; for ones that do, renumber one, or connect them with PrivateLink, which does not care about overlaps".into()),
                );
            }
            if open.len() < 64 {
                open.push((end, v, c));
            }
        }
    }
}

/// A site whose CIDRs overlap a VPC's (SITE-3, TGW-9): one warning per site and VPC.
fn sites_overlapping_vpcs(m: &Model, out: &mut Warnings) {
    for n in &m.networks {
        for v in &m.vpcs {
            let hit = n.cidrs.iter().find_map(|c| {
                v.cidrs
                    .iter()
                    .find(|vc| vc.contains(&c.network()) || c.contains(&vc.network()))
                    .map(|vc| (c, vc))
            });
            if let Some((c, vc)) = hit {
                out.warn(
                    w::SITE_OVERLAPS_VPC,
                    format!(
                        "site {} ({c}) overlaps {} ({vc}): in {} the local route wins (SITE-3), so its machines cannot reach the site's addresses in that range, and a transit gateway sends the range to one of the two (TGW-9)",
                        n.id, v.id, v.id
                    ),
                    n.pos,
                    &n.id,
                    Some("renumber the site or the VPC; addresses on both sides of a VPN or Direct Connect must be unique".into()),
                );
            }
        }
    }
}

/// Endpoints: one subnet per AZ, the service's AZs and types, private DNS (each endpoint), and
/// one Instance Connect endpoint per VPC. Returns the private DNS names claimed, by (VPC, name),
/// with the endpoint claiming each.
fn endpoints(m: &Model, out: &mut Warnings) -> HashMap<(Ix, String), String> {
    let mut private_dns_names: HashMap<(Ix, String), String> = HashMap::new();
    let mut eice_per_vpc: HashMap<Ix, Vec<Ix>> = HashMap::new();
    for (eix, e) in m.endpoints.iter().enumerate() {
        if e.kind == EndpointKind::InstanceConnect {
            eice_per_vpc.entry(e.vpc).or_default().push(eix);
        }
        endpoint_subnets(m, out, e);
        match &e.target {
            EndpointTarget::Service(si) => service_endpoint(m, out, e, *si),
            EndpointTarget::Aws(name) => aws_endpoint(m, out, e, name, &mut private_dns_names),
            EndpointTarget::InstanceConnect => {}
            EndpointTarget::Resource(r) => resource_endpoint(m, out, e, *r),
            EndpointTarget::ServiceNetwork(n) => service_network_endpoint(m, out, e, *n),
        }
        endpoint_dns(m, out, e);
    }
    for (vpc, list) in eice_per_vpc {
        if list.len() > 1 {
            let e = &m.endpoints[list[1]];
            out.warn(
                w::INSTANCE_CONNECT_LIMIT,
                format!(
                    "{} has {} EC2 Instance Connect endpoints; AWS allows one per VPC",
                    m.vpcs[vpc].id,
                    list.len()
                ),
                e.pos,
                &e.id,
                None,
            );
        }
    }
    private_dns_names
}

/// Two subnets in one AZ (IF-1).
fn endpoint_subnets(m: &Model, out: &mut Warnings, e: &Endpoint) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for eni in &e.enis {
        let sid = &m.subnets[eni.subnet].id;
        if let Some(prev) = seen.insert(eni.zone.as_str(), sid) {
            out.warn(
                w::ENDPOINT_TWO_SUBNETS_ONE_AZ,
                format!(
                    "{} has two subnets in {} ({prev} and {sid})",
                    e.id, eni.zone
                ),
                e.pos,
                &e.id,
                Some("keep one subnet per Availability Zone".into()),
            );
        }
    }
}

/// A resource endpoint and its resource gateway must share an AZ (by AZ ID, ES-27).
fn resource_endpoint(m: &Model, out: &mut Warnings, e: &Endpoint, r: Ix) {
    let c = &m.resource_configurations[r];
    let g = &m.resource_gateways[c.gateway];
    let gw_zones: Vec<&str> = g
        .subnets
        .iter()
        .map(|&s| m.subnets[s].zone_id.as_str())
        .collect();
    if e.enis.is_empty()
        || e.enis
            .iter()
            .any(|x| gw_zones.contains(&x.zone_id.as_str()))
    {
        return;
    }
    let ep_zones: Vec<&str> = e.enis.iter().map(|x| x.zone_id.as_str()).collect();
    out.warn(
        w::RESOURCE_GATEWAY_NO_SHARED_AZ,
        format!(
            "{} is in {}, but resource gateway {} (of {}) is only in {}",
            e.id,
            ep_zones.join(", "),
            g.id,
            c.id,
            gw_zones.join(", ")
        ),
        e.pos,
        &e.id,
        Some("AZs are matched by AZ ID: give the endpoint or the resource gateway a subnet in an AZ ID the other has (ES-27)".into()),
    );
}

/// A service-network endpoint: its account may use the service network (owner, or shared
/// through AWS RAM, ES-33), and each resource configuration's gateway shares an AZ with it
/// (ES-27, ES-39).
fn service_network_endpoint(m: &Model, out: &mut Warnings, e: &Endpoint, n: Ix) {
    let sn = &m.service_networks[n];
    let acct = m.vpcs[e.vpc].account;
    if !sn.usable_by(&m.accounts, acct) {
        out.warn(
            w::SERVICE_NETWORK_NOT_SHARED,
            format!(
                "{} belongs to account {}, but service network {} belongs to {} and is not shared with it",
                e.id, m.accounts[acct].id, sn.id, m.accounts[sn.account].id
            ),
            e.pos,
            &e.id,
            Some("share the service network with the endpoint's account through AWS RAM (`shared_with`, ES-33)".into()),
        );
    }
    for &r in &sn.resource_configurations {
        resource_endpoint(m, out, e, r);
    }
}

/// An endpoint to an endpoint service: its AZ IDs (IF-3, ES-10/11) and private DNS name.
fn service_endpoint(m: &Model, out: &mut Warnings, e: &Endpoint, si: Ix) {
    let s = &m.endpoint_services[si];
    // Across Regions the AZs need not match (ES-24); privatelink_2026 checks those endpoints.
    let same_region = m.vpcs[e.vpc].region == s.region;
    for eni in e.enis.iter().filter(|_| same_region) {
        if !s.zone_ids.contains(&eni.zone_id) {
            out.warn(
                w::ENDPOINT_ZONE_UNSUPPORTED,
                format!(
                    "{} has a subnet in {} ({}), but {} exists only in {}",
                    e.id,
                    eni.zone,
                    eni.zone_id,
                    s.id,
                    s.zone_ids.join(", ")
                ),
                e.pos,
                &e.id,
                Some("AZs are matched by AZ ID, not name: pick subnets whose AZ IDs the provider's load balancer covers".into()),
            );
        }
    }
    if s.private_dns_name.is_some() && !s.private_dns_verified && e.private_dns {
        out.warn(
            w::PRIVATE_DNS_UNVERIFIED,
            format!(
                "{} asks for private DNS, but {}'s name {} is not verified",
                e.id,
                s.id,
                s.private_dns_name.as_deref().unwrap_or("")
            ),
            e.pos,
            &e.id,
            Some("the provider must verify domain ownership (TXT record) first".into()),
        );
    }
}

/// An endpoint to an AWS service: the types and AZs the service offers, its region, and
/// private DNS names claimed twice in a VPC.
fn aws_endpoint(
    m: &Model,
    out: &mut Warnings,
    e: &Endpoint,
    name: &str,
    private_dns_names: &mut HashMap<(Ix, String), String>,
) {
    let vpc = &m.vpcs[e.vpc];
    if let Some(svc) = m.catalogue.service(name) {
        if e.kind == EndpointKind::Gateway && !svc.types.contains(&EndpointType::Gateway) {
            out.warn(
                w::GATEWAY_ENDPOINT_SERVICE,
                format!(
                    "{} is a gateway endpoint for {name}, which offers no gateway endpoints",
                    e.id
                ),
                e.pos,
                &e.id,
                Some("only S3 and DynamoDB have gateway endpoints; use `type: interface`".into()),
            );
        } else if e.kind == EndpointKind::Interface && !svc.types.contains(&EndpointType::Interface)
        {
            out.warn(
                w::ENDPOINT_SERVICE_TYPE,
                format!(
                    "{} is an interface endpoint for {name}, which offers none",
                    e.id
                ),
                e.pos,
                &e.id,
                None,
            );
        }
        if e.kind == EndpointKind::Gateway && svc.region != vpc.region {
            out.warn(
                w::GATEWAY_ENDPOINT_REGION,
                format!(
                    "{} is in {} but its service is in {}",
                    e.id, vpc.region, svc.region
                ),
                e.pos,
                &e.id,
                Some("a gateway endpoint serves only its own region's service".into()),
            );
        }
        for eni in &e.enis {
            if svc.missing_zone_ids.contains(&eni.zone_id) {
                out.warn(
                    w::ENDPOINT_ZONE_UNSUPPORTED,
                    format!("{name} is not offered in {} ({})", eni.zone, eni.zone_id),
                    e.pos,
                    &e.id,
                    Some("choose a subnet in another Availability Zone".into()),
                );
            }
        }
        if e.private_dns {
            for n in &svc.private_dns_names {
                if let Some(prev) = private_dns_names.insert((e.vpc, n.clone()), e.id.clone()) {
                    out.warn(
                        w::PRIVATE_DNS_CONFLICT,
                        format!(
                            "{} and {prev} both claim private DNS for {n} in {}",
                            e.id, vpc.id
                        ),
                        e.pos,
                        &e.id,
                        Some("only one endpoint per service per VPC can have private DNS".into()),
                    );
                    break;
                }
            }
        }
    }
}

/// Private DNS without the VPC's DNS attributes; S3 inbound-only private DNS without an S3
/// gateway endpoint.
fn endpoint_dns(m: &Model, out: &mut Warnings, e: &Endpoint) {
    let vpc = &m.vpcs[e.vpc];
    if e.private_dns && !(vpc.dns_support && vpc.dns_hostnames) {
        out.warn(
            w::PRIVATE_DNS_NEEDS_DNS_ATTRIBUTES,
            format!(
                "{} has private DNS on, but {} has dns_support: {}, dns_hostnames: {}",
                e.id, vpc.id, vpc.dns_support, vpc.dns_hostnames
            ),
            e.pos,
            &e.id,
            Some(format!(
                "set `dns_support: true` and `dns_hostnames: true` on {} (AWS's default for dns_hostnames is false)",
                vpc.id
            )),
        );
    }
    if e.private_dns_only_for_inbound_resolver {
        let has_gw = vpc.endpoints.iter().any(|&g| {
            let ge = &m.endpoints[g];
            ge.kind == EndpointKind::Gateway
                && matches!(&ge.target, EndpointTarget::Aws(n) if n.ends_with(".s3"))
        });
        if !has_gw {
            out.warn(
                w::S3_INBOUND_ONLY_WITHOUT_GATEWAY,
                format!("{} uses S3 private DNS only for inbound resolver endpoints, but {} has no S3 gateway endpoint", e.id, vpc.id),
                e.pos,
                &e.id,
                Some("add an S3 gateway endpoint, or set `private_dns_only_for_inbound_resolver: false`".into()),
            );
        }
    }
}

/// Hosted zones that collide with endpoint private DNS (IF-20), and PHZs in VPCs without
/// both DNS attributes (DNS-5).
fn hosted_zones(m: &Model, out: &mut Warnings, private_dns_names: &HashMap<(Ix, String), String>) {
    for z in &m.hosted_zones {
        for &v in &z.vpcs {
            if let Some(e) = private_dns_names.get(&(v, z.name.clone())) {
                out.warn(
                    w::PRIVATE_DNS_CONFLICT,
                    format!(
                        "hosted zone {} has the same name as {e}'s private DNS in {}",
                        z.name, m.vpcs[v].id
                    ),
                    z.pos,
                    &z.id,
                    Some("AWS refuses the association (ConflictingDomainExists); drop one".into()),
                );
            }
            let vpc = &m.vpcs[v];
            if !(vpc.dns_support && vpc.dns_hostnames) {
                out.warn(
                    w::DNS_HOSTNAMES_DEFAULT,
                    format!(
                        "{} is associated with {}, which lacks dns_support or dns_hostnames, so the zone is not served there",
                        z.id, vpc.id
                    ),
                    z.pos,
                    &z.id,
                    Some(format!(
                        "set `dns_support: true` and `dns_hostnames: true` on {}",
                        vpc.id
                    )),
                );
            }
        }
    }
}

/// Routes: targets in another VPC, and two gateway endpoints of one service in one table.
fn routes(m: &Model, out: &mut Warnings) {
    for t in &m.route_tables {
        let mut gw_services: HashMap<String, Ix> = HashMap::new();
        for r in &t.routes {
            let other_vpc = match r.target {
                RouteTarget::Gateway(g) => {
                    (m.gateways[g].vpc != t.vpc).then(|| m.gateways[g].id.clone())
                }
                RouteTarget::Endpoint(e) => {
                    (m.endpoints[e].vpc != t.vpc).then(|| m.endpoints[e].id.clone())
                }
                RouteTarget::Peering(p) => {
                    let pc = &m.peerings[p];
                    (pc.vpc != t.vpc && pc.peer_vpc != t.vpc).then(|| pc.id.clone())
                }
                RouteTarget::TransitGateway(_) => None,
                RouteTarget::Instance(i) => {
                    (m.instances[i].vpc != t.vpc).then(|| m.instances[i].id.clone())
                }
                RouteTarget::Local => None,
            };
            if let Some(o) = other_vpc {
                out.warn(
                    w::ROUTE_TO_OTHER_VPC_GATEWAY,
                    format!(
                        "{} routes {} to {o}, which is not attached to {}",
                        t.id,
                        r.destination.label(),
                        m.vpcs[t.vpc].id
                    ),
                    r.pos,
                    &t.id,
                    Some("route to a gateway, endpoint or peering of the table's own VPC".into()),
                );
            }
            if let RouteTarget::Endpoint(e) = r.target
                && m.endpoints[e].kind == EndpointKind::Gateway
                && let EndpointTarget::Aws(n) = &m.endpoints[e].target
                && let Some(prev) = gw_services.insert(n.clone(), e)
                && prev != e
            {
                out.warn(
                    w::GATEWAY_ENDPOINT_ROUTE_CONFLICT,
                    format!(
                        "{} has routes to two gateway endpoints for {n}: {} and {}",
                        t.id, m.endpoints[prev].id, m.endpoints[e].id
                    ),
                    t.pos,
                    &t.id,
                    None,
                );
            }
        }
    }
}

/// NAT gateways need their subnet's route to an internet gateway (RT-16).
fn nat_gateways(m: &Model, out: &mut Warnings) {
    for g in &m.gateways {
        if g.kind != GatewayKind::Nat {
            continue;
        }
        let Some(s) = g.subnet else { continue };
        let rt = &m.route_tables[m.subnets[s].route_table];
        let has_igw = rt.routes.iter().any(|r| {
            matches!(r.target, RouteTarget::Gateway(x) if m.gateways[x].kind == GatewayKind::Internet) && !r.blackhole
        });
        if !has_igw {
            out.warn(
                w::NAT_WITHOUT_IGW_ROUTE,
                format!(
                    "NAT gateway {} is in {}, whose route table {} has no route to an internet gateway",
                    g.id, m.subnets[s].id, rt.id
                ),
                g.pos,
                &g.id,
                Some(format!(
                    "add `{{ to: 0.0.0.0/0, via: <igw id> }}` to {}",
                    rt.id
                )),
            );
        }
    }
}

/// A VPC attached to a transit gateway with instances in an AZ where the attachment has no
/// subnet: they cannot reach the transit gateway (TGW-13).
fn tgw_zones(m: &Model, out: &mut Warnings) {
    for a in &m.tgw_attachments {
        let Some(v) = a.vpc else { continue };
        let mut warned: Vec<&str> = Vec::new();
        for i in &m.instances {
            if i.vpc != v {
                continue;
            }
            let sub = &m.subnets[i.subnet];
            if a.enis.iter().any(|e| e.zone_id == sub.zone_id)
                || warned.contains(&sub.zone_id.as_str())
            {
                continue;
            }
            warned.push(&sub.zone_id);
            out.warn(
                w::TGW_ZONE_WITHOUT_ATTACHMENT,
                format!(
                    "{} has instances in {} ({}), e.g. {}, but attachment {} has no subnet there: they cannot reach transit gateway {} (TGW-13)",
                    m.vpcs[v].id, sub.zone, sub.zone_id, i.id, a.id, m.transit_gateways[a.tgw].id
                ),
                a.pos,
                &a.id,
                Some(format!(
                    "add a subnet of {} to {}'s `subnets`",
                    sub.zone, a.id
                )),
            );
        }
    }
}

/// Expectations naming a failure code that does not exist would never match.
fn expectations(m: &Model, out: &mut Warnings) {
    for x in &m.expectations {
        if let Some(r) = &x.reason
            && crate::outcome::Reason::parse(r).is_none()
        {
            let codes: Vec<&str> = crate::outcome::Reason::ALL
                .iter()
                .map(|c| c.as_str())
                .collect();
            let s = crate::suggest::suggest(r, codes.iter().copied());
            out.warn(
                w::EXPECTATION_UNKNOWN_REASON,
                format!(
                    "expectation {} -> {} names failure code `{r}`, which does not exist",
                    x.from, x.to
                ),
                x.pos,
                &x.from,
                Some(
                    crate::suggest::did_you_mean(&s)
                        .unwrap_or_else(|| "see the failure codes in the README".into()),
                ),
            );
        }
    }
}

/// Endpoint services that allow no principal.
fn endpoint_services(m: &Model, out: &mut Warnings) {
    for s in &m.endpoint_services {
        if s.allowed_principals.is_empty() {
            out.warn(
                w::SERVICE_ALLOWS_NO_PRINCIPAL,
                format!("{} allows no principal: nobody can connect to it", s.id),
                s.pos,
                &s.id,
                Some("add `allowed_principals: [\"arn:aws:iam::<consumer account>:root\"]`".into()),
            );
        }
    }
}

/// What PrivateLink added since 2023 (issue 17): cross-Region endpoints, dual-stack endpoints,
/// load balancer targets.
fn privatelink_2026(m: &Model, out: &mut Warnings) {
    cross_region(m, out);
    dual_stack(m, out);
    egress_only_routes(m, out);
    target_zones(m, out);
}

/// Cross-Region endpoints the service or AZ does not support (ES-15..ES-17, IF-30).
fn cross_region(m: &Model, out: &mut Warnings) {
    use crate::catalogue::{CROSS_REGION_UNSUPPORTED_ZONES, cross_region_capable};
    for e in &m.endpoints {
        let region = m.vpcs[e.vpc].region.as_str();
        let other = match &e.target {
            EndpointTarget::Resource(_) | EndpointTarget::ServiceNetwork(_) => continue,
            EndpointTarget::Service(si) => {
                let s = &m.endpoint_services[*si];
                if s.region == region {
                    continue;
                }
                if !s.serves_region(region) {
                    out.warn(
                        w::ENDPOINT_REGION_UNSUPPORTED,
                        format!(
                            "{} is in {region}, but {} lives in {} and does not support {region}",
                            e.id, s.id, s.region
                        ),
                        e.pos,
                        &e.id,
                        Some(format!("the provider adds `{region}` to the service's `supported_regions` (ES-15)")),
                    );
                }
                s.region.clone()
            }
            EndpointTarget::Aws(n) => {
                let Some(r) = n
                    .strip_prefix("com.amazonaws.")
                    .and_then(|x| x.split_once('.'))
                    .map(|x| x.0)
                else {
                    continue;
                };
                if r == region
                    || e.kind != EndpointKind::Interface
                    || m.catalogue.service(n).is_none()
                {
                    continue;
                }
                if !cross_region_capable(n) {
                    out.warn(
                        w::CROSS_REGION_SERVICE_UNSUPPORTED,
                        format!("{} reaches {n} from {region}, but that service offers no cross-Region endpoints", e.id),
                        e.pos,
                        &e.id,
                        Some("cross-Region interface endpoints exist for S3, IAM, ECR, KMS, ECS, Lambda, Data Firehose, Managed Flink and Route 53 (IF-30)".into()),
                    );
                }
                r.to_string()
            }
            EndpointTarget::InstanceConnect => continue,
        };
        for eni in &e.enis {
            if CROSS_REGION_UNSUPPORTED_ZONES.contains(&eni.zone_id.as_str()) {
                out.warn(
                    w::CROSS_REGION_ZONE_UNSUPPORTED,
                    format!(
                        "{} reaches {other} from {} ({}), an AZ without cross-Region access",
                        e.id, eni.zone, eni.zone_id
                    ),
                    e.pos,
                    &e.id,
                    Some("pick a subnet in another AZ (ES-16)".into()),
                );
            }
        }
    }
}

/// Dual-stack endpoints without IPv6 subnets or IPv6 support at the service (IF-28, ES-18).
fn dual_stack(m: &Model, out: &mut Warnings) {
    for e in m
        .endpoints
        .iter()
        .filter(|e| e.ip_address_type == "dualstack")
    {
        for eni in e
            .enis
            .iter()
            .filter(|x| m.subnets[x.subnet].ipv6_cidr.is_none())
        {
            out.warn(
                w::ENDPOINT_IP_TYPE_SUBNET,
                format!(
                    "{} is dual-stack, but its subnet {} has no IPv6 CIDR",
                    e.id, m.subnets[eni.subnet].id
                ),
                e.pos,
                &e.id,
                Some("give the subnet an `ipv6_cidr` (a /64), or use `ip_address_type: ipv4` (IF-28)".into()),
            );
        }
        if let EndpointTarget::Service(si) = e.target {
            let s = &m.endpoint_services[si];
            if !s.supported_ip_address_types.iter().any(|t| t == "ipv6") {
                out.warn(
                    w::ENDPOINT_IP_TYPE_SERVICE,
                    format!("{} is dual-stack, but {} supports IPv4 only", e.id, s.id),
                    e.pos,
                    &e.id,
                    Some("the provider adds ipv6 to `supported_ip_address_types` (ES-18)".into()),
                );
            }
        }
    }
}

/// IPv4 (or prefix-list) routes to an egress-only internet gateway, which AWS refuses (RT-20).
fn egress_only_routes(m: &Model, out: &mut Warnings) {
    for t in &m.route_tables {
        for r in &t.routes {
            let RouteTarget::Gateway(g) = r.target else {
                continue;
            };
            let gw = &m.gateways[g];
            if gw.kind != GatewayKind::EgressOnly || matches!(r.destination, RouteDest::Cidr6(_)) {
                continue;
            }
            out.warn(
                w::EGRESS_ONLY_IPV4_ROUTE,
                format!(
                    "route {} → {} in {}: an egress-only internet gateway carries IPv6 only",
                    r.destination.label(),
                    gw.id,
                    t.id
                ),
                r.pos,
                &t.id,
                Some("route IPv6 (e.g. ::/0) to it; send IPv4 through a NAT gateway or an internet gateway (RT-20)".into()),
            );
        }
    }
}

/// Target groups with cross-zone off and an AZ without a healthy target (ES-22).
fn target_zones(m: &Model, out: &mut Warnings) {
    for s in &m.endpoint_services {
        let lb = &s.load_balancer;
        for g in &lb.target_groups {
            if g.cross_zone(lb) || !g.any_healthy() {
                continue;
            }
            for z in &s.zone_ids {
                if !g.targets.iter().any(|t| t.healthy && &t.zone_id == z) {
                    out.warn(
                        w::TARGET_ZONE_NO_HEALTHY,
                        format!(
                            "target group {} of {} has no healthy target in {z} and cross-zone load balancing is off",
                            g.id, s.id
                        ),
                        g.pos,
                        &g.id,
                        Some(format!("register a healthy target in {z}, or set `cross_zone: true` (ES-21)")),
                    );
                }
            }
        }
    }
}

/// Forward rules whose targets no route of the outbound endpoint's subnets covers: the queries
/// can never leave (RSLV-3, RSLV-10). Routes only: the trace checks the rest of the path
/// (groups, ACLs, the far side) and says `DNS_FORWARD_UNREACHABLE`.
fn forward_targets(m: &Model, out: &mut Warnings) {
    for r in &m.resolver_rules {
        let Some(e) = r.endpoint else { continue };
        let ep = &m.resolver_endpoints[e];
        if r.targets.is_empty() || ep.subnets.is_empty() {
            continue;
        }
        let routed = |ip: &Ipv4Addr| {
            ep.subnets.iter().any(|&s| {
                m.route_tables[m.subnets[s].route_table]
                    .routes
                    .iter()
                    .any(|rt| {
                        !rt.blackhole
                            && matches!(&rt.destination, RouteDest::Cidr(c) if c.contains(ip))
                    })
            })
        };
        if r.targets.iter().any(|(ip, _)| routed(ip)) {
            continue;
        }
        let targets: Vec<String> = r.targets.iter().map(|(ip, _)| ip.to_string()).collect();
        out.warn(
            w::FORWARD_TARGET_UNREACHABLE,
            format!(
                "forward rule {} sends {} to {}, but no route of outbound endpoint {}'s subnets covers any of them: every query it forwards times out (RSLV-3, RSLV-10)",
                r.id,
                r.domain,
                targets.join(", "),
                ep.id
            ),
            r.pos,
            &r.id,
            Some(format!(
                "route the targets from {}'s subnets (a transit gateway, VPN or Direct Connect to the site), or forward to a server that is reachable",
                ep.id
            )),
        );
    }
}
