//! PrivateLink since 2023, from the same describe-* outputs: an endpoint service's supported
//! Regions and IP address types (describe-vpc-endpoint-service-configurations), an endpoint's
//! service Region, IP address type and DNS record type (describe-vpc-endpoints), and a
//! subnet's IPv6 block (describe-subnets), which a dual-stack endpoint needs.

use super::*;

/// `DnsOptions.DnsRecordIpType` values AWS documents.
const DNS_RECORD_TYPES: [&str; 4] = ["ipv4", "dualstack", "ipv6", "service-defined"];

/// `SupportedIpAddressTypes`, lowercase; empty (the model's default) when only `ipv4`.
pub(super) fn supported_ip_types(s: &aws::ServiceConfiguration) -> Vec<String> {
    let mut types: Vec<String> = s
        .supported_ip_address_types
        .iter()
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| t == "ipv4" || t == "ipv6")
        .collect();
    types.sort();
    types.dedup();
    if types == ["ipv4"] { Vec::new() } else { types }
}

impl B<'_> {
    /// `SupportedRegions` other than the service's own, in service (`Available`, or no state).
    pub(super) fn supported_regions(
        &mut self,
        id: &str,
        s: &aws::ServiceConfiguration,
        own: &str,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for r in &s.supported_regions {
            let region = r.region.trim();
            if region == own || region.is_empty() {
                continue;
            }
            let state = r.service_state.as_deref().unwrap_or("Available");
            if !state.eq_ignore_ascii_case("available") {
                self.r.skip(
                    "supported Regions not available (pending, deleting, closed, failed)",
                    format!("{id} -> {region} ({state})"),
                );
                continue;
            }
            if is_region(region) && !out.iter().any(|x| x == region) {
                out.push(region.to_string());
            }
        }
        out.sort();
        out
    }

    /// Endpoints' service Region, IP address type and DNS record type; subnets' IPv6 blocks.
    pub(super) fn modern_fields(&mut self) {
        let c = self.c;
        for s in &c.subnets {
            let Some(block) = s.v.ipv6_cidr_block_association_set.iter().find_map(|a| {
                let associated = a
                    .ipv6_cidr_block_state
                    .as_ref()
                    .and_then(|st| st.state.as_deref())
                    .is_none_or(|st| st.eq_ignore_ascii_case("associated"));
                a.ipv6_cidr_block.clone().filter(|_| associated)
            }) else {
                continue;
            };
            if let Some(sub) = self
                .vpcs
                .get_mut(&s.v.vpc_id)
                .and_then(|v| v.subnets.iter_mut().find(|x| x.id == s.v.subnet_id))
            {
                sub.ipv6_cidr = Some(block);
            }
        }
        for x in &c.vpc_endpoints {
            let e = &x.v;
            let Some(v) = self.vpcs.get_mut(&e.vpc_id) else {
                continue;
            };
            let region = v.region.clone();
            let Some(ep) = v.endpoints.iter_mut().find(|d| {
                d.id == e.vpc_endpoint_id && matches!(d.kind.as_str(), "interface" | "resource")
            }) else {
                continue;
            };
            // Written only when the service's name says the same Region (the loader checks it).
            if let Some(r) = e.service_region.as_deref().map(str::trim)
                && ep.kind == "interface"
                && r != region
                && service_region(&e.service_name) == Some(r)
            {
                ep.service_region = Some(r.to_string());
            }
            let ip_type = e
                .ip_address_type
                .as_deref()
                .unwrap_or("ipv4")
                .to_ascii_lowercase();
            if ip_type == "dualstack" {
                ep.ip_address_type = Some(ip_type.clone());
            }
            let record = e
                .dns_options
                .as_ref()
                .and_then(|d| d.dns_record_ip_type.as_deref())
                .map(str::to_ascii_lowercase);
            match record {
                Some(r) if r == ip_type => {}
                Some(r) if !DNS_RECORD_TYPES.contains(&r.as_str()) => {
                    self.r.skip("unknown DNS record IP types", format!("{}: {r}", e.vpc_endpoint_id))
                }
                Some(r) if ip_type == "dualstack" => ep.dns_record_ip_type = Some(r),
                Some(r) => self.r.note(format!(
                    "{}: DNS record IP type {r} on an IPv4 endpoint is not what AWS allows; not written",
                    e.vpc_endpoint_id
                )),
                None => {}
            }
        }
    }

    /// Instances' IPv6 addresses (`Ipv6Address`, else the primary interface's first
    /// `Ipv6Addresses` entry), when inside their subnet's /64; interfaces that stand for
    /// instances likewise.
    pub(super) fn ipv6_addresses(&mut self) {
        let c = self.c;
        let mut found: HashMap<String, String> = HashMap::new();
        for x in &c.instances {
            let i = &x.v.1;
            let primary_eni = i.network_interfaces.iter().find(|n| {
                n.attachment
                    .as_ref()
                    .and_then(|a| a.device_index)
                    .unwrap_or(0)
                    == 0
            });
            let addr = i
                .ipv6_address
                .clone()
                .or_else(|| primary_eni.and_then(|n| first_ipv6(&n.ipv6_addresses)));
            if let Some(a) = addr {
                found.entry(i.instance_id.clone()).or_insert(a);
            }
        }
        for x in &c.network_interfaces {
            let n = &x.v;
            if let Some(a) = first_ipv6(&n.ipv6_addresses)
                && let Some(owner) = self.eni_instance.get(&n.network_interface_id)
            {
                let primary = n
                    .attachment
                    .as_ref()
                    .and_then(|a| a.device_index)
                    .unwrap_or(0)
                    == 0;
                if primary {
                    found.entry(owner.clone()).or_insert(a);
                }
            }
        }
        if found.is_empty() {
            return;
        }
        for v in self.vpcs.values_mut() {
            let nets: HashMap<&str, ipnet::Ipv6Net> = v
                .subnets
                .iter()
                .filter_map(|s| {
                    let n = s.ipv6_cidr.as_deref()?.parse::<ipnet::Ipv6Net>().ok()?;
                    Some((s.id.as_str(), n))
                })
                .collect();
            for i in &mut v.instances {
                let Some(raw) = found.get(&i.id) else {
                    continue;
                };
                let Ok(addr) = raw.trim().parse::<std::net::Ipv6Addr>() else {
                    self.r.skip(
                        "unreadable IPv6 addresses of instances",
                        format!("{} ({raw})", i.id),
                    );
                    continue;
                };
                match nets.get(i.subnet.as_str()) {
                    Some(n) if n.contains(&addr) => i.ipv6 = Some(addr.to_string()),
                    _ => self.r.skip(
                        "instance IPv6 addresses outside their subnet's captured IPv6 block",
                        format!("{} ({addr})", i.id),
                    ),
                }
            }
        }
    }
}

/// The primary IPv6 address of an interface, else its first.
fn first_ipv6(list: &[aws::InstanceIpv6Address]) -> Option<String> {
    list.iter()
        .find(|a| a.is_primary_ipv6 == Some(true))
        .or_else(|| list.first())
        .map(|a| a.ipv6_address.clone())
        .filter(|a| !a.trim().is_empty())
}
