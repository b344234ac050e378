//! Addresses: explicit first (collisions are errors), then allocation in file order.

use super::*;

/// Every address of the model by (VPC, address).
pub(super) type Addrs = HashMap<(Ix, Ipv4Addr), Holder>;

/// Give every pending interface its address: explicit ones first, then the first free one
/// of its subnet, in file order.
pub(super) fn addresses(
    cx: &mut Cx,
    m: &mut Builder,
    alloc: &mut Alloc,
    pending_ips: &[PendingIp],
) -> Addrs {
    let mut addrs = explicit_addresses(cx, m, alloc, pending_ips);
    allocate_addresses(cx, m, alloc, pending_ips, &mut addrs);
    addrs
}

/// The addresses the model writes: inside their subnet, not reserved, not taken twice.
fn explicit_addresses(
    cx: &mut Cx,
    m: &mut Builder,
    alloc: &mut Alloc,
    pending_ips: &[PendingIp],
) -> Addrs {
    let mut addrs: HashMap<(Ix, Ipv4Addr), Holder> = HashMap::new();
    let mut addr_owner: HashMap<(Ix, Ipv4Addr), String> = HashMap::new();
    for (holder, vix, s, explicit) in pending_ips {
        let Some((ip, at, owner)) = explicit else {
            continue;
        };
        let cidr = m.subnets[*s].cidr;
        if cidr == super::vpcs::UNPARSED_SUBNET {
            continue; // its BAD_CIDR is the one error
        }
        if !cidr.contains(ip) {
            cx.err(
                "IP_OUTSIDE_SUBNET",
                format!(
                    "address {ip} is outside subnet `{}` ({cidr})",
                    m.subnets[*s].id
                ),
                *at,
            )
            .help(format!(
                "pick an address inside {cidr}, or omit `ip` to get the first free one"
            ))
            .object = Some(owner.clone());
            continue;
        }
        if Alloc::reserved(&cidr, *ip) {
            cx.warn(
                w::IP_RESERVED,
                format!("{ip} is reserved by AWS in {cidr} (the first four addresses and the last); AWS would refuse it"),
                *at,
                owner,
            );
        }
        if let Some(prev) = addr_owner.get(&(*vix, *ip)) {
            cx.err(
                "IP_COLLISION",
                format!("address {ip} is already used by `{prev}`"),
                *at,
            )
            .help("give each interface its own address, or omit `ip` to get the first free one")
            .object = Some(owner.clone());
            continue;
        }
        alloc.used.insert((*vix, *ip));
        addr_owner.insert((*vix, *ip), owner.clone());
        addrs.insert((*vix, *ip), *holder);
        set_ip(m, *holder, *ip);
    }
    addrs
}

/// The first free address of its subnet for every interface without an explicit one.
fn allocate_addresses(
    cx: &mut Cx,
    m: &mut Builder,
    alloc: &mut Alloc,
    pending_ips: &[PendingIp],
    addrs: &mut Addrs,
) {
    for (holder, vix, s, explicit) in pending_ips {
        if explicit.is_some() {
            continue;
        }
        let cidr = m.subnets[*s].cidr;
        if cidr == super::vpcs::UNPARSED_SUBNET {
            continue; // its BAD_CIDR is the one error
        }
        match alloc.take(*vix, *s, &cidr) {
            Some(ip) => {
                addrs.insert((*vix, ip), *holder);
                set_ip(m, *holder, ip);
            }
            None => {
                let (id, p) = (m.subnets[*s].id.clone(), m.subnets[*s].pos);
                cx.err(
                    "SUBNET_FULL",
                    format!("subnet `{id}` ({cidr}) has no free address left"),
                    p,
                )
                .help("use a larger subnet, or fewer interfaces in it")
                .object = Some(id.clone());
            }
        }
    }
}
