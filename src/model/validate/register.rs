//! Pass 1 (every id registered in build order, objects counted) and the accounts.

use super::*;

/// Register every id in build order (so references may point forward) and count the objects
/// pass 2 builds, implicit tables, ACLs and groups included.
pub(super) fn register_ids(cx: &mut Cx, raw: &RawModel) -> Counts {
    for (i, a) in raw.accounts.iter().enumerate() {
        let id = a.id.with(a.id.value.0.clone());
        cx.register(&id, ObjectRef::Account(i), a.name.as_deref());
    }
    let mut n = Counts::default();
    // Ids of the implicit tables, ACLs and groups, with their VPC: checked once all are in.
    let mut implicit: Vec<(String, usize)> = Vec::new();
    for (i, v) in raw.vpcs.iter().enumerate() {
        cx.register(&v.id, ObjectRef::Vpc(n.vpc), v.name.as_deref());
        n.vpc += 1;
        for s in &v.subnets {
            cx.register(&s.id, ObjectRef::Subnet(n.subnet), s.name.as_deref());
            n.subnet += 1;
        }
        for t in &v.route_tables {
            cx.register(&t.id, ObjectRef::RouteTable(n.rt), t.name.as_deref());
            n.rt += 1;
        }
        if !v.route_tables.iter().any(|t| bool_or(&t.main, false)) {
            n.rt += 1; // implicit main table
            implicit.push((format!("{}:main-rtb", v.id.value), i));
        }
        for a in &v.network_acls {
            cx.register(&a.id, ObjectRef::NetworkAcl(n.acl), a.name.as_deref());
            n.acl += 1;
        }
        if !v.network_acls.iter().any(|a| bool_or(&a.default, false)) {
            n.acl += 1;
            implicit.push((format!("{}:default-acl", v.id.value), i));
        }
        for g in &v.security_groups {
            cx.register(&g.id, ObjectRef::SecurityGroup(n.sg), g.name.as_deref());
            n.sg += 1;
        }
        if !has_default_sg(v) {
            n.sg += 1;
            implicit.push((format!("{}:default-sg", v.id.value), i));
        }
        for g in &v.gateways {
            cx.register(&g.id, ObjectRef::Gateway(n.gw), g.name.as_deref());
            n.gw += 1;
        }
        for p in &v.peerings {
            cx.register(&p.id, ObjectRef::Peering(n.pcx), p.name.as_deref());
            n.pcx += 1;
        }
        for i in &v.instances {
            cx.register(&i.id, ObjectRef::Instance(n.inst), i.name.as_deref());
            n.inst += 1;
        }
        for e in &v.endpoints {
            cx.register(&e.id, ObjectRef::Endpoint(n.ep), e.name.as_deref());
            n.ep += 1;
        }
    }
    for (i, s) in raw.endpoint_services.iter().enumerate() {
        cx.register(&s.id, ObjectRef::EndpointService(i), s.name.as_deref());
    }
    for (i, z) in raw.hosted_zones.iter().enumerate() {
        cx.register(&z.id, ObjectRef::HostedZone(i), Some(&z.name.value));
    }
    for (i, b) in raw.buckets.iter().enumerate() {
        cx.register(&b.name, ObjectRef::Bucket(i), None);
    }
    register_networks(cx, &raw.networks);
    register_transit(cx, &raw.transit_gateways);
    for (id, v) in &implicit {
        cx.implicit_id_taken(id, &raw.vpcs[*v].id.value);
    }
    // Only registration reads it (for duplicate-id help); free it before the model is built.
    cx.first_line = HashMap::new();
    n
}

/// The accounts, with their Availability Zone maps.
pub(super) fn accounts(cx: &mut Cx, raw: &RawModel) -> Vec<Account> {
    let mut accounts: Vec<Account> = Vec::new();
    let organization = raw.organization.as_ref().map(|o| o.value.trim());
    for a in &raw.accounts {
        let id = a.id.value.0.trim().to_string();
        if id.len() != 12 || !id.chars().all(|c| c.is_ascii_digit()) {
            cx.err(
                "BAD_ACCOUNT_ID",
                format!("account id `{id}` is not 12 digits"),
                pos(&a.id),
            )
            .help("AWS account ids are 12 digits; quote them so leading zeros survive: id: \"012345678901\"");
        }
        let explicit = a.zones.is_some();
        let zones = a
            .zones
            .as_ref()
            .map(|z| {
                z.iter()
                    .map(|(k, v)| (k.clone(), v.value.clone()))
                    .collect::<BTreeMap<_, _>>()
            })
            .unwrap_or_default();
        let org_path = org_path(cx, a, &id, organization);
        accounts.push(Account {
            id,
            name: label(&a.name),
            zones,
            zones_explicit: explicit,
            org_path,
        });
    }
    accounts
}

/// An account's `org_path`: `o-…/r-…/…/` in the model's organization, ending in `/` as AWS
/// writes entity paths (POL-28).
fn org_path(cx: &mut Cx, a: &RawAccount, id: &str, organization: Option<&str>) -> Option<String> {
    let p = a.org_path.as_ref()?;
    let v = p.value.trim();
    let Some(org) = organization else {
        cx.err(
            "MISSING_FIELD",
            "`org_path` needs the model's `organization`",
            pos(p),
        )
        .help("add `organization: o-…` at the top of the model (the organization the path starts with)")
        .object = Some(id.to_string());
        return None;
    };
    let parts: Vec<&str> = v.trim_end_matches('/').split('/').collect();
    let well_formed = parts.len() >= 2
        && parts[0] == org
        && parts[1].starts_with("r-")
        && parts[2..].iter().all(|x| x.starts_with("ou-") || *x == id);
    if !well_formed {
        cx.err(
            "BAD_VALUE",
            format!("`{v}` is not an Organizations path of {org}"),
            pos(p),
        )
        .help(format!(
            "write it as AWS does: {org}/r-…/ou-…/ (the root, then each OU, ending in /)"
        ))
        .object = Some(id.to_string());
        return None;
    }
    Some(format!("{}/", v.trim_end_matches('/')))
}
