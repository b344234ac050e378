//! The endpoint steps (rule book §1-§3, §9): gateway endpoints, interface endpoints to AWS
//! services, endpoint services behind a network load balancer, and EC2 Instance Connect.

use crate::outcome::Reason;
use serde_json::Value;
use std::net::Ipv4Addr;

use super::filter::{self, Dir, Peer};
use super::query::arn_account;
use super::steps::{Flow, S, Walk, service_words};
use super::trace::{Status, StepKind};
use crate::catalogue::CROSS_REGION_UNSUPPORTED_ZONES;
use crate::model::{EndpointKind, EndpointState, EndpointTarget, Ix, Model, Protocol};

/// The AWS service an endpoint reaches (full name), if it is one.
pub fn endpoint_service_name(m: &Model, e: Ix) -> Option<String> {
    match &m.endpoints[e].target {
        EndpointTarget::Aws(n) => Some(n.clone()),
        _ => None,
    }
}

fn region_of_service(full: &str) -> Option<&str> {
    full.strip_prefix("com.amazonaws.")?.split('.').next()
}

/// Why a state is not usable, as a teacher would say it (ES-7, ES-8).
fn state_words(m: &Model, e: Ix) -> String {
    let ep = &m.endpoints[e];
    let svc = match ep.target {
        EndpointTarget::Service(s) => Some(&m.endpoint_services[s]),
        _ => None,
    };
    match ep.state {
        EndpointState::PendingAcceptance => match svc {
            Some(s) if !ep.state_explicit => format!(
                "{} requires acceptance, and the provider (account {}) has not accepted {}: the endpoint waits in pendingAcceptance and carries nothing until it does (ES-7). Add it to the service's `accepted` list.",
                s.id, m.accounts[s.account].id, ep.id
            ),
            _ => "The endpoint waits for the provider to accept the connection (pendingAcceptance) and carries nothing until then (ES-7).".into(),
        },
        EndpointState::Rejected => match svc {
            Some(s) => format!(
                "The provider of {} rejected {}; a rejected endpoint carries nothing, even if it was available before (ES-7).",
                s.id, ep.id
            ),
            None => "The endpoint was rejected and carries nothing (ES-7).".into(),
        },
        EndpointState::Pending => "The endpoint is still being set up (pending), and carries nothing until it is available (ES-8).".into(),
        EndpointState::Expired => "The connection request expired before the provider acted on it (ES-8).".into(),
        EndpointState::Failed => "The endpoint failed to be created (ES-8).".into(),
        EndpointState::Deleting | EndpointState::Deleted => "The endpoint is being deleted or is gone (ES-8).".into(),
        EndpointState::Partial => "The endpoint is only partially set up (state partial; AWS does not document its meaning, U-10).".into(),
        EndpointState::Available => String::new(),
    }
}

/// A gateway endpoint on the path (§1): TCP only (GW-9), its own region only (GW-10).
pub(crate) fn gateway_step(w: &mut Walk, e: Ix, dst: Ipv4Addr) -> Flow {
    let m = w.m;
    let q = w.q;
    let ep = &m.endpoints[e];
    let svc = endpoint_service_name(m, e).unwrap_or_default();
    let svc_region = region_of_service(&svc)
        .unwrap_or(&m.vpcs[ep.vpc].region)
        .to_string();
    let s = S::new(StepKind::Endpoint, "")
        .obj(&ep.id)
        .fact("endpoint", ep.id.clone())
        .fact("type", "gateway")
        .fact("service", svc.clone())
        .fact("state", ep.state.as_str())
        .fact("zone_id", Value::Null)
        .rules(&["GW-1", "GW-9", "GW-10"]);
    if ep.state != EndpointState::Available {
        let words = state_words(m, e);
        return Err(w.fail(
            s.title(format!("{} is {}", ep.id, ep.state.as_str()))
                .lead("ES-8")
                .detail(words),
            Reason::EndpointNotAvailable,
            format!("{} is {}", ep.id, ep.state.as_str()),
        ));
    }
    if q.protocol != Protocol::Tcp {
        return Err(w.fail(
            s.title(format!(
                "{} carries TCP only, not {}",
                ep.id,
                q.protocol.as_str()
            ))
            .lead("GW-9")
            .detail(format!(
                "Gateway endpoints carry TCP (and ICMP echo) only (GW-9); {} to {dst} is dropped.",
                q.protocol.as_str()
            )),
            Reason::ProtocolUnsupported,
            format!("{} carries TCP only", ep.id),
        ));
    }
    if let Some(r) = &q.request_region
        && *r != svc_region
    {
        return Err(w.fail(
            s.title(format!("{} serves {svc_region}, the request is for {r}", ep.id)).lead("GW-10").detail(format!(
                "A gateway endpoint reaches only the service in its own region ({svc_region}); the request is for a resource in {r} (GW-10). S3 answers such a request with a redirect to the right region, which the endpoint does not serve."
            )),
            Reason::EndpointWrongRegion,
            format!("{} serves {svc_region}, not {r}", ep.id),
        ));
    }
    let policy = if ep.policy.is_some() {
        "its own policy"
    } else {
        "the default full-access policy (D-6)"
    };
    w.push(
        s.title(format!("{} (gateway, {}): routes to the service, TCP, same region", ep.id, service_words(m, &svc)))
            .detail(format!(
                "Gateway endpoint {} carries the packet to {} privately. It has no interface, address or security group of its own (GW-1); it carries TCP (GW-9) within its own region {svc_region} (GW-10), and its only control is {policy} (GW-18).",
                ep.id,
                service_words(m, &svc)
            )),
    );
    Ok(())
}

/// The interface endpoint whose ENI `k` the packet reaches (§2): whether that interface is
/// usable at all — the endpoint's state and the service's AZs. What lies behind the interface
/// (protocol, region, port) is checked after its ACL and security groups ([`interface_behind`]).
pub(crate) fn interface_step(w: &mut Walk, e: Ix, k: usize) -> Flow {
    let m = w.m;
    let ep = &m.endpoints[e];
    let eni = &ep.enis[k];
    let (svc_name, svc_label) = match &ep.target {
        EndpointTarget::Aws(n) => (n.clone(), service_words(m, n)),
        EndpointTarget::Service(s) => (
            m.endpoint_services[*s].service_name.clone(),
            m.endpoint_services[*s].id.clone(),
        ),
        EndpointTarget::InstanceConnect => (String::new(), String::new()),
        EndpointTarget::Resource(r) => (
            m.resource_configurations[*r].id.clone(),
            m.resource_configurations[*r].id.clone(),
        ),
        EndpointTarget::ServiceNetwork(n) => (
            m.service_networks[*n].id.clone(),
            m.service_networks[*n].id.clone(),
        ),
    };
    let kind_word = match ep.target {
        EndpointTarget::Resource(_) => "resource",
        EndpointTarget::ServiceNetwork(_) => "service-network",
        _ => "interface",
    };
    let mut s = S::new(StepKind::Endpoint, "")
        .obj(&ep.id)
        .obj(&m.subnets[eni.subnet].id)
        .fact("endpoint", ep.id.clone())
        .fact("type", kind_word)
        .fact("service", svc_name.clone())
        .fact("state", ep.state.as_str())
        .fact("zone", eni.zone.clone())
        .fact("zone_id", eni.zone_id.clone())
        .fact("eni_ip", eni.ip.to_string())
        .fact("ip_address_type", ep.ip_address_type.clone())
        .fact("dns_records", ep.dns_record_types())
        .fact(
            "eni_ipv6",
            ep.eni_ipv6(&m.subnets, k).map(|a| a.to_string()),
        )
        .rules(&["IF-1", "ES-8"]);
    if ep.ip_address_type == "dualstack" {
        s = s.rule("IF-28");
    }
    if let EndpointTarget::Service(si) = ep.target {
        s = s.obj(&m.endpoint_services[si].id);
        if !principal_allowed(m, e, si).0
            && !ep.state_explicit
            && !m.endpoint_services[si].accepted.contains(&e)
        {
            // The deeper reason comes in the endpoint-service step.
            w.push(
                s.status(Status::Warn)
                    .title(format!("{} ({}) is {}, but its service does not allow its account", ep.id, svc_label, ep.state.as_str()))
                    .lead("ES-6")
                    .detail(format!(
                        "{} The model says the endpoint is {}, yet AWS would not let account {} connect it: the endpoint service does not allow that account (ES-6), as the next step shows.",
                        state_words(m, e),
                        ep.state.as_str(),
                        m.accounts[m.vpcs[ep.vpc].account].id
                    ).trim_start().to_string()),
            );
            return Ok(());
        }
    }
    if ep.state != EndpointState::Available {
        let words = state_words(m, e);
        let lead = if ep.state == EndpointState::PendingAcceptance
            || ep.state == EndpointState::Rejected
        {
            "ES-7"
        } else {
            "ES-8"
        };
        return Err(w.fail(
            s.title(format!("{} is {}, not available", ep.id, ep.state.as_str()))
                .lead(lead)
                .detail(words),
            Reason::EndpointNotAvailable,
            format!("{} is {}", ep.id, ep.state.as_str()),
        ));
    }
    if let EndpointTarget::Resource(r) = ep.target {
        return super::resource::interface(w, e, k, r, s);
    }
    if let EndpointTarget::ServiceNetwork(n) = ep.target {
        return super::resource::sn_interface(w, e, k, n, s);
    }
    if let EndpointTarget::Aws(n) = &ep.target {
        let vregion = m.vpcs[ep.vpc].region.as_str();
        let svc_region = region_of_service(n).unwrap_or(vregion);
        if svc_region != vregion {
            return aws_cross_region(w, e, k, n, svc_region, s);
        }
        if let Some(svc) = m.catalogue.service(n)
            && svc.missing_zone_ids.contains(&eni.zone_id)
        {
            return Err(w.fail(
                s.title(format!("{} is not offered in {} ({})", svc.short, eni.zone, eni.zone_id)).lead("IF-3").detail(format!(
                    "{} is not offered in AZ {} ({} here): AWS would refuse an endpoint interface in {} (IF-3), so this address would not exist.",
                    svc_label,
                    eni.zone_id,
                    eni.zone,
                    m.subnets[eni.subnet].id
                )),
                Reason::ServiceZoneUnsupported,
                format!("{} is not offered in {}", svc.short, eni.zone_id),
            ));
        }
        w.push(
            s.title(format!("{} (interface, {svc_label}): available, interface {} in {} ({})", ep.id, eni.ip, eni.zone, eni.zone_id))
                .rule("IF-3")
                .detail(format!(
                    "Interface endpoint {} is available (ES-8); the packet reaches its network interface {} in {} (AZ {}), one interface per subnet it was given (IF-1). {svc_label} is offered in that AZ (IF-3). Like any interface, it has a subnet ACL and security groups, checked next.",
                    ep.id,
                    eni.ip,
                    m.subnets[eni.subnet].id,
                    eni.zone_id
                ))
                .more(ip_words(m, e, k)),
        );
        return Ok(());
    }
    w.push(
        s.title(format!("{} (interface, {svc_label}): available, interface {} in {} ({})", ep.id, eni.ip, eni.zone, eni.zone_id))
            .detail(format!(
                "Interface endpoint {} is available; the packet reaches its network interface {} in {} (AZ {}), one interface per subnet it was given (IF-1).",
                ep.id,
                eni.ip,
                m.subnets[eni.subnet].id,
                eni.zone_id
            ))
            .more(ip_words(m, e, k)),
    );
    Ok(())
}

/// For a dual-stack endpoint: its record types and the interface's IPv6 address (IF-28).
fn ip_words(m: &Model, e: Ix, k: usize) -> String {
    let ep = &m.endpoints[e];
    if ep.ip_address_type != "dualstack" {
        return String::new();
    }
    let v6 = match ep.eni_ipv6(&m.subnets, k) {
        Some(a) => format!("IPv6 address {a} (derived by linkscope; AWS picks its own)"),
        None => "no IPv6 address: its subnet has no IPv6 CIDR, which AWS would refuse".into(),
    };
    format!(
        "The endpoint is dual-stack (IF-28): this interface also has {v6}, and the endpoint's DNS names answer with {} records (dns_record_ip_type {}). This trace follows the IPv4 answer.",
        ep.dns_record_types().join(" and "),
        ep.dns_record_ip_type
    )
}

/// An interface endpoint to an AWS service in another Region (IF-30, IF-31): only the services
/// AWS lists, and not from the AZs without cross-Region access.
fn aws_cross_region(w: &mut Walk, e: Ix, k: usize, n: &str, svc_region: &str, s: S) -> Flow {
    let m = w.m;
    let ep = &m.endpoints[e];
    let eni = &ep.enis[k];
    let vregion = m.vpcs[ep.vpc].region.as_str();
    let label = service_words(m, n);
    let s = s
        .fact("service_region", svc_region)
        .fact("endpoint_region", vregion)
        .rules(&["IF-30", "IF-31"]);
    if !crate::catalogue::cross_region_capable(n) {
        return Err(w.fail(
            s.lead("IF-30")
                .title(format!("{label} offers no cross-Region endpoints"))
                .detail(format!(
                    "Endpoint {} in {vregion} names {n}, a service in {svc_region}. Only some AWS services can be reached through a cross-Region interface endpoint (S3, IAM, ECR, KMS, ECS, Lambda, Data Firehose, Managed Service for Apache Flink, Route 53; IF-30), and this is not one of them: AWS would refuse the endpoint. Use an endpoint in {svc_region}, reached over peering or a transit gateway.",
                    ep.id
                )),
            Reason::CrossRegionNotSupported,
            format!("{label} has no cross-Region endpoints"),
        ));
    }
    if CROSS_REGION_UNSUPPORTED_ZONES.contains(&eni.zone_id.as_str()) {
        return Err(w.fail(
            s.lead("IF-31")
                .title(format!("cross-Region access is not offered in {} ({})", eni.zone_id, eni.zone))
                .detail(format!(
                    "Endpoint {}'s interface {} is in AZ {} ({}); cross-Region interface endpoints are not supported in AZs {} (IF-31), so AWS would not place this interface.",
                    ep.id,
                    eni.ip,
                    eni.zone_id,
                    eni.zone,
                    CROSS_REGION_UNSUPPORTED_ZONES.join(", ")
                )),
            Reason::CrossRegionNotSupported,
            format!("no cross-Region access in {}", eni.zone_id),
        ));
    }
    w.push(
        s.title(format!(
            "{} (interface, {label}): cross-Region from {vregion} to {svc_region}, interface {} in {} ({})",
            ep.id, eni.ip, eni.zone, eni.zone_id
        ))
        .detail(format!(
            "Interface endpoint {} is available (ES-8); its interface {} in {} (AZ {}) is in {vregion}, while the service it reaches, {label}, is in {svc_region}: a cross-Region endpoint (IF-30). AWS carries the request between the Regions on its own network; the caller needs `vpce:AllowMultiRegion` to create such an endpoint and there is no cross-Region failover (IF-31, not checked here).",
            ep.id,
            eni.ip,
            m.subnets[eni.subnet].id,
            eni.zone_id
        )),
    );
    Ok(())
}

/// Behind an interface endpoint's interface, once its ACL and groups admitted the packet: the
/// protocol it carries (IF-7), and for an AWS service the request's region (GW-10) and the
/// API's port (D-1). Endpoint services: see [`service_behind`].
pub(crate) fn interface_behind(w: &mut Walk, e: Ix, k: usize) -> Flow {
    let m = w.m;
    let q = w.q;
    let ep = &m.endpoints[e];
    let eni = &ep.enis[k];
    let s = S::new(StepKind::Endpoint, "")
        .obj(&ep.id)
        .fact("endpoint", ep.id.clone())
        .fact("type", "interface")
        .fact("state", ep.state.as_str())
        .fact("zone", eni.zone.clone())
        .fact("zone_id", eni.zone_id.clone())
        .fact("eni_ip", eni.ip.to_string())
        .rules(&["IF-7"]);
    if q.protocol != Protocol::Tcp {
        let udp_ok = match ep.target {
            EndpointTarget::Service(si) => m.endpoint_services[si]
                .load_balancer
                .listeners
                .iter()
                .any(|l| l.protocol == Protocol::Udp),
            _ => false,
        };
        if !udp_ok {
            let why = match ep.target {
                EndpointTarget::Service(si) => format!(
                    "{}'s load balancer has no UDP listener, so the endpoint carries TCP only",
                    m.endpoint_services[si].id
                ),
                _ => "AWS service APIs are reached over TCP (HTTPS)".into(),
            };
            return Err(w.fail(
                s.title(format!("{} carries no {}", ep.id, q.protocol.as_str())).lead("IF-7").detail(format!(
                    "The interface admitted the packet, but interface endpoints carry TCP, and UDP only to endpoint services whose load balancer has UDP listeners (IF-7); {why}."
                )),
                Reason::ProtocolUnsupported,
                format!("{} carries no {}", ep.id, q.protocol.as_str()),
            ));
        }
    }
    let EndpointTarget::Aws(n) = &ep.target else {
        return Ok(());
    };
    let svc_label = service_words(m, n);
    let svc_region = region_of_service(n).unwrap_or_default().to_string();
    let s = s.fact("service", n.clone());
    if let Some(r) = &q.request_region
        && *r != svc_region
    {
        return Err(w.fail(
            s.title(format!("{} serves {svc_region}, the request is for {r}", ep.id)).lead("GW-10").detail(format!(
                "Interface endpoint {} reaches {svc_label} in {svc_region}; the request is for a resource in {r}. Endpoints are regional: the request goes to the wrong region's service, which refuses or redirects it (GW-10).",
                ep.id
            )),
            Reason::EndpointWrongRegion,
            format!("{} serves {svc_region}, not {r}", ep.id),
        ));
    }
    if !aws_port_ok(m, n, q.port) {
        return Err(w.fail(
            s.title(format!(
                "{svc_label} does not answer on {} {}",
                q.protocol.as_str(),
                q.port
            ))
            .lead("D-1")
            .detail(port_words(m, n, q.protocol, q.port, eni.ip)),
            Reason::NoListener,
            format!("{svc_label} does not answer on port {}", q.port),
        ));
    }
    let policy = match m.catalogue.service(n) {
        Some(sv) if !sv.policy_supported => {
            "does not support endpoint policies (full access, POL-3)"
        }
        _ if ep.policy.is_some() => "has its own endpoint policy",
        _ => "has the default full-access policy (D-6)",
    };
    w.push(
        s.title(format!("{} carries {} {} to {svc_label}", ep.id, q.protocol.as_str(), q.port))
            .rules(&["GW-10", "D-1"])
            .detail(format!(
                "Behind its interface, endpoint {} carries TCP (IF-7) to {svc_label}'s API on its HTTPS port (D-1); the request is for the endpoint's own region {svc_region} (GW-10). The endpoint {policy}.",
                ep.id
            )),
    );
    Ok(())
}

/// Whether the endpoint's account is an allowed principal of the service (ES-6): `*`, the
/// account's root ARN, or a role/user ARN of that account (the endpoint was created by it).
fn principal_allowed(m: &Model, e: Ix, s: Ix) -> (bool, Option<String>) {
    let es = &m.endpoint_services[s];
    let acct = &m.accounts[m.vpcs[m.endpoints[e].vpc].account].id;
    for p in &es.allowed_principals {
        if p == "*" || arn_account(p).as_deref() == Some(acct.as_str()) {
            return (true, Some(p.clone()));
        }
    }
    (false, None)
}

/// The provider's side (§3): allowed principals, AZ IDs, listeners; across Regions the
/// supported Regions instead of the AZ match (ES-15..ES-17).
///
/// Why one piece (~155 lines): the provider's gates in the order AWS applies them share the
/// step under construction and the acceptance words; the cross-Region branches and the AZ
/// explanation are already helpers.
pub(crate) fn service_step(w: &mut Walk, e: Ix, k: usize, si: Ix) -> Flow {
    let m = w.m;
    let ep = &m.endpoints[e];
    let es = &m.endpoint_services[si];
    let eni = &ep.enis[k];
    let consumer = &m.accounts[m.vpcs[ep.vpc].account];
    let provider = &m.accounts[es.account];
    let (allowed, by) = principal_allowed(m, e, si);
    let accepted = es.accepted.contains(&e);
    let acceptance = if !es.acceptance_required {
        "automatic"
    } else if accepted {
        "accepted"
    } else if es.rejected.contains(&e) {
        "rejected"
    } else {
        "pending"
    };
    let lb = &es.load_balancer;
    let listeners: Vec<String> = lb
        .listeners
        .iter()
        .map(|l| format!("{}/{}", l.protocol.as_str(), l.port))
        .collect();
    let s = S::new(StepKind::EndpointService, "")
        .obj(&es.id)
        .obj(&provider.id)
        .obj(&m.vpcs[lb.vpc].id)
        .fact("service", es.id.clone())
        .fact("service_name", es.service_name.clone())
        .fact("provider_account", provider.id.clone())
        .fact("acceptance", acceptance)
        .fact("principal_allowed", allowed)
        .fact("allowed_by", by.clone())
        .fact("zones", es.zone_ids.clone())
        .fact("eni_zone_id", eni.zone_id.clone())
        .fact("cross_zone", lb.cross_zone)
        .fact("listeners", listeners.clone())
        .rules(&["ES-6", "ES-7", "ES-10", "ES-11"]);
    // A connection already accepted outlives the permission that let it in (ES-6): an
    // endpoint the provider accepted, or one the model (an import) says is available.
    let connected = accepted || (ep.state_explicit && ep.state == EndpointState::Available);
    let mut kept = None;
    if !allowed && connected {
        kept = Some(format!(
            "Endpoint service {} no longer lists account {} among its allowed principals ({}), but {} was already {}: removing a permission does not affect connections accepted before (ES-6), so this one keeps working. A new endpoint from account {} would be refused (SERVICE_PRINCIPAL_NOT_ALLOWED), and so would this one if it were deleted and created again.",
            es.id,
            consumer.id,
            if es.allowed_principals.is_empty() {
                "none left".to_string()
            } else {
                es.allowed_principals.join(", ")
            },
            ep.id,
            if accepted { "accepted" } else { "available" },
            consumer.id
        ));
    }
    if !allowed && !connected {
        let list = if es.allowed_principals.is_empty() {
            "no principal at all".to_string()
        } else {
            es.allowed_principals.join(", ")
        };
        return Err(w.fail(
            s.title(format!("{} does not allow account {}", es.id, consumer.id))
                .lead("ES-6").detail(format!(
                "Endpoint service {} (provider account {}) allows {list}. Account {} (owner of {}) is not among them: a provider must name the consumer's account root ARN, one of its roles or users, or * before an endpoint can connect (ES-6).",
                es.id, provider.id, consumer.id, ep.id
            )),
            Reason::ServicePrincipalNotAllowed,
            format!("{} does not allow account {}", es.id, consumer.id),
        ));
    }
    let consumer_region = m.vpcs[ep.vpc].region.as_str();
    let cross_region = consumer_region != es.region;
    let s = s
        .fact("service_region", es.region.clone())
        .fact("endpoint_region", consumer_region);
    if cross_region {
        cross_region_check(w, e, k, si, s.clone())?;
    } else if !es.zone_ids.contains(&eni.zone_id) {
        let s = s.lead("ES-10");
        // Explain the name/ID trap when a provider subnet has the same AZ name.
        let same_name: Vec<String> = lb
            .subnets
            .iter()
            .filter(|&&sx| m.subnets[sx].zone == eni.zone)
            .map(|&sx| {
                format!(
                    "{} is {} for the provider",
                    m.subnets[sx].zone, m.subnets[sx].zone_id
                )
            })
            .collect();
        let trap = if same_name.is_empty() {
            String::new()
        } else {
            format!(
                " Note the AZ names: {} is {} for account {}, but {} — AZ names are mapped per account, only AZ IDs name the same place (ES-11).",
                eni.zone,
                eni.zone_id,
                consumer.id,
                same_name.join(", ")
            )
        };
        return Err(w.fail(
            s.title(format!("{} does not exist in {} ({})", es.id, eni.zone_id, eni.zone)).rule("IF-3").detail(format!(
                "Endpoint service {} exists only in the AZs of its load balancer's subnets: {} (ES-10). {}'s interface {} is in {} ({} for account {}), which the service does not cover, so AWS would not place an interface there (IF-3).{trap}",
                es.id,
                es.zone_ids.join(", "),
                ep.id,
                eni.ip,
                eni.zone_id,
                eni.zone,
                consumer.id
            )),
            Reason::ServiceZoneUnsupported,
            format!("{} does not cover {}", es.id, eni.zone_id),
        ));
    }
    let accept_words = match acceptance {
        "automatic" => "accepts connections automatically".to_string(),
        _ => format!("accepted {}", ep.id),
    };
    if let Some(note) = kept {
        w.push(
            s.status(Status::Warn)
                .lead("ES-6")
                .title(format!(
                    "{} ({}): no longer allows {}, but keeps the accepted connection of {}",
                    es.id, provider.id, consumer.id, ep.id
                ))
                .detail(note),
        );
        return Ok(());
    }
    if cross_region {
        cross_region_pass(w, e, k, si, s, &accept_words, by.as_deref());
        return Ok(());
    }
    w.push(
        s.title(format!(
            "{} ({}): allows {}, covers {}",
            es.id, provider.id, consumer.id, eni.zone_id,
        ))
        .detail(format!(
            "Endpoint service {} of account {} allows {} (via {}, ES-6) and {accept_words} (ES-7). It exists in AZ IDs {} and the interface is in {} — AZs are matched by ID, never by name (ES-10, ES-11).",
            es.id,
            provider.id,
            consumer.id,
            by.unwrap_or_default(),
            es.zone_ids.join(", "),
            eni.zone_id,
        )),
    );
    Ok(())
}

/// A consumer in another Region than the endpoint service (ES-15..ES-17): the service must
/// list the consumer's Region, and the consumer's AZ must support cross-Region access.
fn cross_region_check(w: &mut Walk, e: Ix, k: usize, si: Ix, s: S) -> Flow {
    let m = w.m;
    let ep = &m.endpoints[e];
    let es = &m.endpoint_services[si];
    let eni = &ep.enis[k];
    let region = m.vpcs[ep.vpc].region.as_str();
    if !es.serves_region(region) {
        let listed = if es.supported_regions.is_empty() {
            "no other Region".to_string()
        } else {
            es.supported_regions.join(", ")
        };
        return Err(w.fail(
            s.lead("ES-17")
                .rule("ES-15")
                .title(format!("{} ({}) does not support consumers in {region}", es.id, es.region))
                .detail(format!(
                    "Endpoint {} is in {region} (AZ {}, {}), but endpoint service {} lives in {} and its provider supports {listed} besides it. An endpoint service is usable only from its own Region unless the provider adds the consumer's Region to its supported Regions (ES-17, ES-15); AWS would refuse to create this endpoint. Add {region} to the service's `supported_regions`, or reach an endpoint in {} over peering or a transit gateway.",
                    ep.id, eni.zone, eni.zone_id, es.id, es.region, es.region
                )),
            Reason::CrossRegionNotSupported,
            format!("{} does not support {region}", es.id),
        ));
    }
    if CROSS_REGION_UNSUPPORTED_ZONES.contains(&eni.zone_id.as_str()) {
        return Err(w.fail(
            s.lead("ES-16")
                .rule("ES-15")
                .title(format!("cross-Region access is not offered in {} ({})", eni.zone_id, eni.zone))
                .detail(format!(
                    "Endpoint {}'s interface {} is in AZ {} ({}). Cross-Region PrivateLink is not supported in AZs {} (ES-15): AWS refuses a cross-Region endpoint subnet there (ES-16). Use a subnet in another AZ of {region}.",
                    ep.id,
                    eni.ip,
                    eni.zone_id,
                    eni.zone,
                    CROSS_REGION_UNSUPPORTED_ZONES.join(", ")
                )),
            Reason::CrossRegionNotSupported,
            format!("no cross-Region access in {}", eni.zone_id),
        ));
    }
    Ok(())
}

/// The service step of a cross-Region consumer the service supports (ES-15, ES-24).
fn cross_region_pass(
    w: &mut Walk,
    e: Ix,
    k: usize,
    si: Ix,
    s: S,
    accept_words: &str,
    by: Option<&str>,
) {
    let m = w.m;
    let ep = &m.endpoints[e];
    let es = &m.endpoint_services[si];
    let eni = &ep.enis[k];
    let consumer = &m.accounts[m.vpcs[ep.vpc].account];
    let provider = &m.accounts[es.account];
    let consumer_region = m.vpcs[ep.vpc].region.as_str();
    w.push(
        s.title(format!(
            "{} ({}, {}): allows {} from {consumer_region} (cross-Region)",
            es.id, provider.id, es.region, consumer.id
        ))
        .rules(&["ES-15", "ES-24"])
        .detail(format!(
            "Endpoint service {} of account {} lives in {}; endpoint {} is in {consumer_region} (AZ {}, {}). The provider lists {consumer_region} among the service's supported Regions, so the consumer may connect across Regions (ES-15). It allows {} (via {}, ES-6) and {accept_words} (ES-7). The AZs need not match across Regions (ES-24); the connection crosses AWS's network between the Regions, with no cross-Region failover (ES-15).",
            es.id,
            provider.id,
            es.region,
            ep.id,
            eni.zone,
            eni.zone_id,
            consumer.id,
            by.unwrap_or_default(),
        )),
    );
}

/// The endpoint service's load balancer, once the packet is past the consumer's interface
/// (ES-5): a listener on the protocol and port.
pub(crate) fn service_behind(w: &mut Walk, e: Ix, si: Ix) -> Flow {
    let m = w.m;
    let q = w.q;
    let ep = &m.endpoints[e];
    let es = &m.endpoint_services[si];
    let lb = &es.load_balancer;
    let listeners: Vec<String> = lb
        .listeners
        .iter()
        .map(|l| format!("{}/{}", l.protocol.as_str(), l.port))
        .collect();
    let s = S::new(StepKind::EndpointService, "")
        .obj(&es.id)
        .fact("service", es.id.clone())
        .fact("service_name", es.service_name.clone())
        .fact("provider_account", m.accounts[es.account].id.clone())
        .fact("listeners", listeners.clone())
        .fact("cross_zone", lb.cross_zone)
        .rules(&["ES-5"]);
    let has_listener = lb
        .listeners
        .iter()
        .any(|l| l.protocol == q.protocol && l.port == q.port);
    if !has_listener {
        return Err(w.fail(
            s.title(format!("{}'s load balancer has no {} {} listener", es.id, q.protocol.as_str(), q.port)).detail(format!(
                "{} passes the connection to {}'s network load balancer, which listens on {}. Nothing listens on {} {}: the connection is refused (ES-5).",
                ep.id,
                es.id,
                if listeners.is_empty() { "nothing".to_string() } else { listeners.join(", ") },
                q.protocol.as_str(),
                q.port
            )),
            Reason::NoListener,
            format!("no {} {} listener on {}", q.protocol.as_str(), q.port, es.id),
        ));
    }
    w.push(
        s.title(format!(
            "{}'s load balancer listens on {} {}",
            es.id,
            q.protocol.as_str(),
            q.port
        ))
        .detail(format!(
            "{} passes the connection to {}'s network load balancer, which has a listener on {} {} (ES-5).",
            ep.id,
            es.id,
            q.protocol.as_str(),
            q.port
        )),
    );
    Ok(())
}

/// The provider load balancer's security groups on PrivateLink traffic (ES-4).
pub(crate) fn nlb_groups_step(w: &mut Walk, si: Ix) -> Flow {
    let m = w.m;
    let q = w.q;
    let es = &m.endpoint_services[si];
    let lb = &es.load_balancer;
    if lb.security_groups.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = lb
        .security_groups
        .iter()
        .map(|&g| m.security_groups[g].id.as_str())
        .collect();
    if !lb.enforce_security_groups_on_privatelink {
        let mut s = S::new(StepKind::SecurityGroup, format!("{}'s load balancer groups: not enforced on PrivateLink", es.id))
            .status(Status::Info)
            .fact("direction", "inbound")
            .fact("group", Value::Null)
            .fact("rule", Value::Null)
            .rule("ES-4")
            .detail(format!(
                "{}'s load balancer has security groups ({}), but the provider turned off their enforcement for PrivateLink traffic, so they do not filter it (ES-4).",
                es.id,
                ids.join(", ")
            ));
        for id in &ids {
            s = s.obj(id);
        }
        w.push(s);
        return Ok(());
    }
    let src = &q.source;
    // The client's private address reaches the provider's groups; a group reference to the
    // consumer's groups cannot match across accounts' VPCs (SG-5).
    let peer = Peer {
        ip: src.ip,
        vpc: None,
        groups: None,
    };
    let hit = filter::sg_allows(
        m,
        &lb.security_groups,
        Dir::Inbound,
        q.protocol,
        q.port,
        &peer,
    );
    let mut s = S::new(StepKind::SecurityGroup, "")
        .fact("direction", "inbound")
        .fact("groups", ids.clone())
        .rules(&["ES-4", "SG-2"]);
    for id in &ids {
        s = s.obj(id);
    }
    match hit {
        Some(h) => {
            let sg = &m.security_groups[h.group];
            let rule = filter::describe_sg_rule(m, &sg.inbound[h.rule], Dir::Inbound);
            w.push(
                s.title(format!("{} (load balancer) inbound: {rule}", sg.id))
                    .fact("group", sg.id.clone())
                    .fact("rule", rule.clone())
                    .fact("rule_index", h.rule)
                    .detail(format!(
                        "{}'s load balancer enforces its security groups on PrivateLink traffic (the default, ES-4). Group {} admits the client {} with \"{rule}\".",
                        es.id, sg.id, src.ip
                    )),
            );
            Ok(())
        }
        None => Err(w.fail(
            s.title(format!("{} (load balancer) admit no {} {} from {}", ids.join(", "), q.protocol.as_str(), q.port, src.ip))
                .fact("group", ids.first().copied())
                .fact("rule", Value::Null)
                .detail(format!(
                    "{}'s load balancer has security groups ({}) and enforces them on PrivateLink traffic (the default, ES-4). None admits the client address {} on {} {}. The provider must allow the consumers' addresses, or turn enforcement off for PrivateLink.",
                    es.id,
                    ids.join(", "),
                    src.ip,
                    q.protocol.as_str(),
                    q.port
                )),
            Reason::NlbSgIngressDenied,
            format!("blocked by {}'s load balancer groups", es.id),
        )),
    }
}

/// A listener check for traffic sent straight to a load balancer node.
pub(crate) fn listener_check(w: &mut Walk, si: Ix) -> Flow {
    let m = w.m;
    let q = w.q;
    let es = &m.endpoint_services[si];
    if es
        .load_balancer
        .listeners
        .iter()
        .any(|l| l.protocol == q.protocol && l.port == q.port)
    {
        return Ok(());
    }
    let s = S::new(
        StepKind::Delivery,
        format!(
            "{}'s load balancer has no {} {} listener",
            es.id,
            q.protocol.as_str(),
            q.port
        ),
    )
    .obj(&es.id)
    .fact("destination", es.id.clone())
    .fact("seen_source_ip", Value::Null)
    .lead("ES-5")
    .detail(format!(
        "Nothing listens on {} {} at {}'s load balancer (ES-5).",
        q.protocol.as_str(),
        q.port,
        es.id
    ));
    Err(w.fail(
        s,
        Reason::NoListener,
        format!(
            "no {} {} listener on {}",
            q.protocol.as_str(),
            q.port,
            es.id
        ),
    ))
}

/// Delivery through PrivateLink to the provider: what its targets see (ES-3).
pub(crate) fn service_delivery(w: &mut Walk, e: Ix, k: usize, si: Ix, dst: Ipv4Addr) {
    let m = w.m;
    let q = w.q;
    let ep = &m.endpoints[e];
    let es = &m.endpoint_services[si];
    let eni = &ep.enis[k];
    let lb = &es.load_balancer;
    let node = lb
        .subnets
        .iter()
        .zip(lb.node_ips.iter())
        .find(|&(&sx, _)| m.subnets[sx].zone_id == eni.zone_id)
        .map(|(&sx, ip)| (sx, *ip));
    let (seen, node_words) = match node {
        Some((sx, ip)) => (
            Some(ip.to_string()),
            format!(
                "its load balancer node {ip} in {} ({})",
                m.subnets[sx].id, m.subnets[sx].zone_id
            ),
        ),
        None => (None, "a load balancer node".into()),
    };
    let cross = if lb.cross_zone {
        "Cross-zone load balancing is on: the node may pick targets in any of the service's AZs."
    } else {
        "Cross-zone load balancing is off: the node sends only to targets in its own AZ, which must have healthy targets (ES-5)."
    };
    let (ppv2, ppv2_words) = super::targets::seen_words(m, e, si, q.protocol, q.port)
        .map(|(on, words)| (Some(on), words))
        .unwrap_or((None, String::new()));
    w.reached = Some(format!("endpoint service {}", es.id));
    let mut s = S::new(
        StepKind::Delivery,
        format!("{} receives {} {}; its targets see {}", es.id, q.protocol.as_str(), q.port, seen.clone().unwrap_or_else(|| "the load balancer".into())),
    )
    .obj(&es.id)
    .obj(&ep.id)
    .fact("destination", es.id.clone())
    .fact("endpoint_ip", dst.to_string())
    .fact("seen_source_ip", seen.clone())
    .fact("cross_zone", lb.cross_zone)
    .fact("proxy_protocol_v2", ppv2)
    .fact("proxy_protocol_client_ip", ppv2.filter(|on| *on).map(|_| q.source.ip.to_string()))
    .rules(&["ES-3", "ES-5"])
    .detail(format!(
        "Through {}, the connection reaches {node_words} of endpoint service {} in account {}. The provider's targets see the load balancer node's address as the source, not {} (ES-3); proxy protocol v2 can pass the client address and endpoint id. {cross}{ppv2_words}",
        ep.id,
        es.id,
        m.accounts[es.account].id,
        q.source.ip
    ));
    if ppv2.is_some() {
        s = s.rule("ES-23");
    }
    if let Some((sx, _)) = node {
        s = s.obj(&m.subnets[sx].id);
    }
    w.push(s);
}

/// AWS APIs answer HTTPS on 443; S3 also plain HTTP on 80 (D-1).
pub fn aws_port_ok(m: &Model, svc: &str, port: u16) -> bool {
    let short = m
        .catalogue
        .service(svc)
        .map(|s| s.short.as_str())
        .unwrap_or("");
    port == 443 || (port == 80 && short == "s3")
}

fn port_words(m: &Model, svc: &str, proto: Protocol, port: u16, at: Ipv4Addr) -> String {
    let short = m
        .catalogue
        .service(svc)
        .map(|s| s.short.as_str())
        .unwrap_or("");
    format!(
        "{}'s API answers HTTPS on port 443{} (D-1). Nothing listens on {} {port} at {at}.",
        service_words(m, svc),
        if short == "s3" {
            " (S3 also plain HTTP on 80)"
        } else {
            ""
        },
        proto.as_str()
    )
}

/// On a path straight to an AWS service's public or prefix-list address: a failing delivery
/// step when the port is not the API's (D-1).
pub(crate) fn aws_port_check(w: &mut Walk, svc: Option<&str>, dst: Ipv4Addr) -> Flow {
    let m = w.m;
    let q = w.q;
    let Some(svc) = svc else { return Ok(()) };
    if aws_port_ok(m, svc, q.port) {
        return Ok(());
    }
    let words = service_words(m, svc);
    let s = S::new(
        StepKind::Delivery,
        format!(
            "{words} does not answer on {} {}",
            q.protocol.as_str(),
            q.port
        ),
    )
    .fact("destination", dst.to_string())
    .fact("seen_source_ip", Value::Null)
    .lead("D-1")
    .detail(port_words(m, svc, q.protocol, q.port, dst));
    Err(w.fail(
        s,
        Reason::NoListener,
        format!("{words} does not answer on port {}", q.port),
    ))
}

/// The instance-connect session at its start (§9): available, ports 22 and 3389 only.
pub(crate) fn eice_step(w: &mut Walk, e: Ix) -> Flow {
    let m = w.m;
    let q = w.q;
    let ep = &m.endpoints[e];
    debug_assert_eq!(ep.kind, EndpointKind::InstanceConnect);
    let eni = &ep.enis[0];
    let s = S::new(StepKind::Endpoint, "")
        .obj(&ep.id)
        .fact("endpoint", ep.id.clone())
        .fact("type", "instance-connect")
        .fact("service", Value::Null)
        .fact("state", ep.state.as_str())
        .fact("zone_id", eni.zone_id.clone())
        .fact("preserve_client_ip", ep.preserve_client_ip)
        .rules(&["EICE-1", "EICE-2"]);
    if ep.state != EndpointState::Available {
        return Err(w.fail(
            s.title(format!("{} is {}", ep.id, ep.state.as_str()))
                .lead("ES-8")
                .detail(state_words(m, e)),
            Reason::EndpointNotAvailable,
            format!("{} is {}", ep.id, ep.state.as_str()),
        ));
    }
    if q.protocol != Protocol::Tcp || !(q.port == 22 || q.port == 3389) {
        return Err(w.fail(
            s.title(format!("{} carries only ports 22 and 3389, not {} {}", ep.id, q.protocol.as_str(), q.port)).lead("EICE-2").detail(format!(
                "EC2 Instance Connect endpoints relay SSH (22) and RDP (3389) sessions over TCP only (EICE-2). A tunnel to {} {} is refused before any packet enters the VPC.",
                q.protocol.as_str(),
                q.port
            )),
            Reason::InstanceConnectPort,
            format!("{} carries only 22 and 3389", ep.id),
        ));
    }
    let seen = if ep.preserve_client_ip {
        "the user's own public address (client IP preservation on)".to_string()
    } else {
        format!(
            "the endpoint's interface address {} (client IP preservation off, the default, D-9)",
            eni.ip
        )
    };
    w.push(
        s.title(format!("{}: tunnel on tcp {} from interface {}", ep.id, q.port, eni.ip)).detail(format!(
            "The user opens a tunnel with IAM credentials to EC2 Instance Connect endpoint {}; the endpoint's interface {} in {} then opens TCP {} to the target's private address, so the instance needs no public address (EICE-1). Only ports 22 and 3389 are carried (EICE-2). The target will see {seen} (EICE-5).",
            ep.id,
            eni.ip,
            m.subnets[eni.subnet].id,
            q.port
        )),
    );
    Ok(())
}
