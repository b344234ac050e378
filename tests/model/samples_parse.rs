//! The sample models and the tour are well-formed against MODEL.md.
//!
//! This does not use the model loader (written separately); it reads each file as plain YAML
//! (serde-saphyr into `serde_json::Value`) and checks what the contract makes checkable without
//! it: `linkscope: 1`, a name and a teaching description, ids unique across the file, quoted
//! 12-digit account ids, references that resolve, CIDRs that nest, policy files that exist and
//! parse, and expectations in TRACE.md's vocabulary. The real loader validates them later too.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};

use ipnet::Ipv4Net;
use linkscope::catalogue::{Catalogue, EndpointType};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn model_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .expect("samples/ exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 5, "at least five samples, found {files:?}");
    files.push(root().join("assets/tour.yaml"));
    files
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn strs<'a>(v: &'a Value, key: &str) -> Vec<&'a str> {
    list(v, key).iter().filter_map(Value::as_str).collect()
}

fn cidr(text: &str, ctx: &str) -> Ipv4Net {
    text.parse()
        .unwrap_or_else(|e| panic!("{ctx}: bad CIDR {text}: {e}"))
}

/// Every `id` in the document, with the path where it was found.
fn collect_ids(v: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(id)) = map.get("id") {
                out.push((id.clone(), path.to_string()));
            }
            for (k, child) in map {
                // A load balancer target's `id` (AWS's `Id`) names an instance or address the
                // model declares elsewhere; it declares nothing.
                if k == "targets" {
                    continue;
                }
                collect_ids(child, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_ids(child, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Every mapping that has an `id`, for the "every object has a name" check.
fn objects_with_id<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(map) => {
            if map.contains_key("id") {
                out.push(v);
            }
            map.values().for_each(|c| objects_with_id(c, out));
        }
        Value::Array(items) => items.iter().for_each(|c| objects_with_id(c, out)),
        _ => {}
    }
}

/// Checks one model; returns the number of expectations.
fn check_model(path: &Path) -> usize {
    let file = path.display().to_string();
    let doc = load(path);
    let cat = Catalogue::builtin();

    assert_eq!(
        doc.get("linkscope").and_then(Value::as_u64),
        Some(1),
        "{file}: linkscope: 1"
    );
    assert!(
        s(&doc, "name").is_some_and(|n| !n.trim().is_empty()),
        "{file}: name"
    );
    let description = s(&doc, "description").unwrap_or_default();
    assert!(
        description.len() > 200,
        "{file}: a description that teaches"
    );
    let top_region = s(&doc, "region").unwrap_or_else(|| panic!("{file}: region"));
    assert!(
        cat.region(top_region).is_some(),
        "{file}: region in the catalogue"
    );

    // Ids: unique across the whole file.
    let mut ids = Vec::new();
    collect_ids(&doc, "", &mut ids);
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for (id, at) in &ids {
        if let Some(first) = seen.insert(id, at) {
            panic!("{file}: id {id} at {at} already used at {first}");
        }
    }
    let known = |id: &str| seen.contains_key(id);

    // Accounts: quoted 12-digit ids; zone maps name -> AZ ID of the region.
    let mut accounts: BTreeMap<&str, &Value> = BTreeMap::new();
    for a in list(&doc, "accounts") {
        let id = s(a, "id").unwrap_or_else(|| panic!("{file}: account id must be a quoted string"));
        assert!(
            id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()),
            "{file}: account {id}"
        );
        accounts.insert(id, a);
    }
    let account_of = |v: &Value, what: &str| -> &Value {
        let id = s(v, "account").unwrap_or_else(|| panic!("{file}: {what}: quoted account"));
        accounts
            .get(id)
            .unwrap_or_else(|| panic!("{file}: {what}: unknown account {id}"))
    };
    let zone_id = |account: &Value, region: &str, zone: &str| -> String {
        match account.get("zones").and_then(Value::as_object) {
            Some(map) => map
                .get(zone)
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("{file}: zone {zone} not in the account's zones"))
                .to_string(),
            None => linkscope::catalogue::default_zone_id(region, zone)
                .unwrap_or_else(|| panic!("{file}: zone {zone} is not a zone of {region}")),
        }
    };

    // Endpoint services by id, with the AZ IDs their load balancer covers (filled below).
    let services: BTreeMap<&str, &Value> = list(&doc, "endpoint_services")
        .iter()
        .map(|e| (s(e, "id").expect("endpoint service id"), e))
        .collect();
    let mut subnet_zone_ids: BTreeMap<&str, String> = BTreeMap::new();
    let mut endpoint_ids: BTreeSet<&str> = BTreeSet::new();

    for vpc in list(&doc, "vpcs") {
        let vid = s(vpc, "id").expect("vpc id");
        let account = account_of(vpc, vid);
        let region = s(vpc, "region").unwrap_or(top_region);
        let vcidrs: Vec<Ipv4Net> = strs(vpc, "cidrs").iter().map(|c| cidr(c, vid)).collect();
        assert!(!vcidrs.is_empty(), "{file}: {vid} has cidrs");
        let local = |kind: &str| -> BTreeSet<&str> {
            list(vpc, kind).iter().filter_map(|x| s(x, "id")).collect()
        };
        let (rtbs, acls, sgs, gws, pcxs) = (
            local("route_tables"),
            local("network_acls"),
            local("security_groups"),
            local("gateways"),
            local("peerings"),
        );
        let mut subnets: BTreeMap<&str, Ipv4Net> = BTreeMap::new();
        for sn in list(vpc, "subnets") {
            let id = s(sn, "id").expect("subnet id");
            let net = cidr(s(sn, "cidr").expect("subnet cidr"), id);
            assert!(
                vcidrs.iter().any(|v| v.contains(&net)),
                "{file}: {id} inside {vid}"
            );
            for (other, onet) in &subnets {
                assert!(
                    !net.contains(onet) && !onet.contains(&net),
                    "{file}: {id} overlaps {other}"
                );
            }
            subnets.insert(id, net);
            let zone = s(sn, "zone").expect("subnet zone");
            subnet_zone_ids.insert(id, zone_id(account, region, zone));
            if let Some(r) = s(sn, "route_table") {
                assert!(rtbs.contains(r), "{file}: {id}: route table {r} in {vid}");
            }
            if let Some(a) = s(sn, "network_acl") {
                assert!(acls.contains(a), "{file}: {id}: network ACL {a} in {vid}");
            }
        }
        let host_in = |subnet: &str, ip: &str, what: &str| -> Ipv4Addr {
            let net = subnets[subnet];
            let addr: Ipv4Addr = ip
                .parse()
                .unwrap_or_else(|e| panic!("{file}: {what}: {ip}: {e}"));
            let offset = u32::from(addr) - u32::from(net.network());
            assert!(net.contains(&addr), "{file}: {what}: {ip} inside {subnet}");
            assert!(
                offset > 3 && addr != net.broadcast(),
                "{file}: {what}: {ip} is reserved"
            );
            addr
        };
        let sg_ok = |g: &str| sgs.contains(g);
        let peer_ok =
            |p: &str| p.parse::<Ipv4Net>().is_ok() || p.starts_with("pl-") || sgs.contains(p);
        for sg in list(vpc, "security_groups") {
            for rule in list(sg, "inbound") {
                assert!(
                    peer_ok(s(rule, "from").expect("inbound from")),
                    "{file}: {rule}"
                );
            }
            for rule in list(sg, "outbound") {
                assert!(
                    peer_ok(s(rule, "to").expect("outbound to")),
                    "{file}: {rule}"
                );
            }
        }
        let mut main_tables = 0;
        for rt in list(vpc, "route_tables") {
            if rt.get("main").and_then(Value::as_bool) == Some(true) {
                main_tables += 1;
            }
            for r in list(rt, "routes") {
                let to = s(r, "to").expect("route to");
                assert!(
                    to.parse::<Ipv4Net>().is_ok() || to.starts_with("pl-"),
                    "{file}: {to}"
                );
                let via = s(r, "via").expect("route via");
                assert!(
                    via == "local" || gws.contains(via) || pcxs.contains(via) || known(via),
                    "{file}: route via {via}"
                );
            }
        }
        assert!(
            main_tables <= 1,
            "{file}: {vid}: at most one main route table"
        );
        for g in list(vpc, "gateways") {
            if let Some(sn) = s(g, "subnet") {
                assert!(subnets.contains_key(sn), "{file}: gateway subnet {sn}");
            }
        }
        for i in list(vpc, "instances") {
            let id = s(i, "id").expect("instance id");
            let sn = s(i, "subnet").expect("instance subnet");
            assert!(
                subnets.contains_key(sn),
                "{file}: {id}: subnet {sn} in {vid}"
            );
            if let Some(ip) = s(i, "ip") {
                host_in(sn, ip, id);
            }
            assert!(
                strs(i, "security_groups").iter().all(|g| sg_ok(g)),
                "{file}: {id} groups"
            );
        }
        for e in list(vpc, "endpoints") {
            let id = s(e, "id").expect("endpoint id");
            endpoint_ids.insert(id);
            assert!(
                strs(e, "security_groups").iter().all(|g| sg_ok(g)),
                "{file}: {id} groups"
            );
            match s(e, "type").expect("endpoint type") {
                "gateway" => {
                    let svc = s(e, "service").expect("service");
                    let def = cat.service_short(svc, region).or_else(|| cat.service(svc));
                    let def = def.unwrap_or_else(|| panic!("{file}: {id}: service {svc}"));
                    assert!(
                        def.offers(EndpointType::Gateway),
                        "{file}: {id}: gateway service"
                    );
                    assert!(
                        strs(e, "route_tables").iter().all(|r| rtbs.contains(r)),
                        "{file}: {id}"
                    );
                }
                "interface" => {
                    let sns = strs(e, "subnets");
                    assert!(!sns.is_empty(), "{file}: {id}: subnets");
                    let mut zones = BTreeSet::new();
                    for sn in &sns {
                        assert!(
                            subnets.contains_key(sn),
                            "{file}: {id}: subnet {sn} in {vid}"
                        );
                        assert!(
                            zones.insert(&subnet_zone_ids[sn]),
                            "{file}: {id}: one subnet per AZ"
                        );
                    }
                    if let Some(ips) = e.get("ips").and_then(Value::as_object) {
                        for (sn, ip) in ips {
                            assert!(sns.contains(&sn.as_str()), "{file}: {id}: ips for {sn}");
                            host_in(sn, ip.as_str().expect("ip"), id);
                        }
                    }
                    let svc = s(e, "service").expect("service");
                    if !services.contains_key(svc) {
                        let def = cat.service_short(svc, region).or_else(|| cat.service(svc));
                        let def = def.unwrap_or_else(|| panic!("{file}: {id}: service {svc}"));
                        assert!(
                            def.offers(EndpointType::Interface),
                            "{file}: {id}: interface"
                        );
                    } else {
                        assert!(
                            e.get("policy").is_none(),
                            "{file}: {id}: no policy to a partner"
                        );
                    }
                }
                "instance-connect" => {
                    let sn = s(e, "subnet").expect("instance-connect subnet");
                    assert!(
                        subnets.contains_key(sn),
                        "{file}: {id}: subnet {sn} in {vid}"
                    );
                    if let Some(ip) = s(e, "ip") {
                        host_in(sn, ip, id);
                    }
                }
                "resource" => {
                    // Interfaces in its own VPC's subnets, one per AZ; its configuration is
                    // one of the model's, behind a resource gateway the model has.
                    let sns = strs(e, "subnets");
                    assert!(!sns.is_empty(), "{file}: {id}: subnets");
                    for sn in &sns {
                        assert!(
                            subnets.contains_key(sn),
                            "{file}: {id}: subnet {sn} in {vid}"
                        );
                    }
                    let cfg = s(e, "resource_configuration").expect("resource_configuration");
                    let cfg = doc
                        .get("resource_configurations")
                        .and_then(Value::as_array)
                        .and_then(|cs| cs.iter().find(|c| s(c, "id") == Some(cfg)))
                        .unwrap_or_else(|| panic!("{file}: {id}: configuration {cfg}"));
                    let gw = s(cfg, "resource_gateway").expect("resource_gateway");
                    assert!(
                        doc.get("resource_gateways")
                            .and_then(Value::as_array)
                            .is_some_and(|g| g.iter().any(|g| s(g, "id") == Some(gw))),
                        "{file}: {id}: resource gateway {gw}"
                    );
                }
                "service-network" => {
                    let sn = s(e, "service_network").expect("service_network");
                    let net = doc
                        .get("service_networks")
                        .and_then(Value::as_array)
                        .and_then(|ns| ns.iter().find(|n| s(n, "id") == Some(sn)))
                        .unwrap_or_else(|| panic!("{file}: {id}: service network {sn}"));
                    for c in net
                        .get("resource_configurations")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        let c = c.as_str().expect("a resource configuration id");
                        assert!(
                            doc.get("resource_configurations")
                                .and_then(Value::as_array)
                                .is_some_and(|cs| cs.iter().any(|x| s(x, "id") == Some(c))),
                            "{file}: {sn}: resource configuration {c}"
                        );
                    }
                }
                other => panic!("{file}: {id}: unknown endpoint type {other}"),
            }
            if let Some(p) = e.get("policy") {
                check_policy(path, p, id);
            }
        }
    }

    // Endpoint services: their load balancer's subnets exist; accepted endpoints exist.
    for (id, es) in &services {
        account_of(es, id);
        let lb = es
            .get("load_balancer")
            .unwrap_or_else(|| panic!("{file}: {id}: load_balancer"));
        assert!(known(s(lb, "vpc").expect("lb vpc")), "{file}: {id}: lb vpc");
        for sn in strs(lb, "subnets") {
            assert!(
                subnet_zone_ids.contains_key(sn),
                "{file}: {id}: lb subnet {sn}"
            );
        }
        assert!(!list(lb, "listeners").is_empty(), "{file}: {id}: listeners");
        for e in strs(es, "accepted").into_iter().chain(strs(es, "rejected")) {
            assert!(
                endpoint_ids.contains(e),
                "{file}: {id}: accepted/rejected {e}"
            );
        }
    }
    for hz in list(&doc, "hosted_zones") {
        assert!(
            strs(hz, "vpcs").iter().all(|v| known(v)),
            "{file}: hosted zone vpcs"
        );
        let zone = s(hz, "name").expect("zone name");
        for r in list(hz, "records") {
            let name = s(r, "name").expect("record name");
            assert!(name.ends_with(zone), "{file}: {name} in {zone}");
        }
    }
    for b in list(&doc, "buckets") {
        account_of(b, s(b, "name").expect("bucket name"));
        if let Some(p) = b.get("policy") {
            check_policy(path, p, "bucket");
        }
    }

    // Expectations: TRACE.md's vocabulary, both verdicts present.
    let exps = list(&doc, "expectations");
    assert!(!exps.is_empty(), "{file}: expectations");
    let mut verdicts = BTreeSet::new();
    for x in exps {
        let obj = x.as_object().expect("expectation mapping");
        for k in obj.keys() {
            assert!(
                [
                    "name",
                    "from",
                    "to",
                    "expect",
                    "via",
                    "reason",
                    "port",
                    "protocol",
                    "action",
                    "resource",
                    "principal"
                ]
                .contains(&k.as_str()),
                "{file}: {k}"
            );
        }
        let from = s(x, "from").expect("from");
        assert!(
            known(from) || from.parse::<Ipv4Addr>().is_ok(),
            "{file}: from {from}"
        );
        let to = s(x, "to").expect("to");
        check_destination(&file, to, &known);
        let expect = s(x, "expect").expect("expect");
        assert!(
            expect == "allowed" || expect == "blocked" || expect == "partial",
            "{file}: expect {expect}"
        );
        verdicts.insert(expect);
        if let Some(via) = s(x, "via") {
            assert!(known(via), "{file}: via {via}");
        }
        if let Some(reason) = s(x, "reason") {
            assert!(
                linkscope::outcome::Reason::parse(reason).is_some(),
                "{file}: reason {reason}"
            );
            assert_ne!(
                expect, "allowed",
                "{file}: a reason only for blocked or partial"
            );
        }
    }
    assert!(
        verdicts.contains("allowed") && verdicts.contains("blocked"),
        "{file}: both allowed and blocked lessons"
    );
    exps.len()
}

fn check_destination(file: &str, to: &str, known: &dyn Fn(&str) -> bool) {
    for scheme in ["s3://", "dynamodb://", "https://", "tcp://", "udp://"] {
        if let Some(rest) = to.strip_prefix(scheme) {
            assert!(!rest.is_empty(), "{file}: {to}");
            if scheme == "tcp://" || scheme == "udp://" {
                let (_, port) = rest
                    .rsplit_once(':')
                    .unwrap_or_else(|| panic!("{file}: {to}: port"));
                port.parse::<u16>()
                    .unwrap_or_else(|e| panic!("{file}: {to}: {e}"));
            }
            return;
        }
    }
    let host = to.split(':').next().unwrap_or(to);
    assert!(
        known(to) || host.parse::<Ipv4Addr>().is_ok() || host.contains('.'),
        "{file}: destination {to}"
    );
}

fn check_policy(model: &Path, policy: &Value, owner: &str) {
    let doc = match policy {
        Value::String(rel) => {
            let p = model.parent().expect("model dir").join(rel);
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("{}: {owner}: {}: {e}", model.display(), p.display()));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        }
        inline => inline.clone(),
    };
    let statements = list(&doc, "Statement");
    assert!(
        !statements.is_empty(),
        "{}: {owner}: Statement",
        model.display()
    );
    for st in statements {
        assert!(
            st.get("Principal").is_some(),
            "{}: {owner}: Principal",
            model.display()
        );
        let effect = s(st, "Effect").unwrap_or_default();
        assert!(
            effect == "Allow" || effect == "Deny",
            "{}: {owner}: Effect",
            model.display()
        );
    }
}

#[test]
fn every_sample_and_the_tour_are_well_formed() {
    let mut counts = Vec::new();
    for path in model_files() {
        let n = check_model(&path);
        counts.push((path.file_name().unwrap().to_string_lossy().into_owned(), n));
    }
    // Printed with --nocapture: how many lessons each file states.
    for (name, n) in &counts {
        println!("{name}: {n} expectations");
    }
}

#[test]
fn every_object_in_the_tour_has_a_name() {
    let doc = load(&root().join("assets/tour.yaml"));
    let mut objs = Vec::new();
    objects_with_id(&doc, &mut objs);
    assert!(objs.len() > 30);
    for o in objs {
        assert!(
            s(o, "name").is_some_and(|n| !n.is_empty()),
            "tour: {} has no name",
            s(o, "id").unwrap_or("?")
        );
    }
}

#[test]
fn samples_use_the_real_aws_prefix_list_ids() {
    // A route written out to a prefix list must name the region's real AWS-managed list.
    let cat = Catalogue::builtin();
    for path in model_files() {
        let doc = load(&path);
        let region = s(&doc, "region").unwrap_or("us-east-1");
        for vpc in list(&doc, "vpcs") {
            for rt in list(vpc, "route_tables") {
                for r in list(rt, "routes") {
                    if let Some(pl) = s(r, "to").filter(|t| t.starts_with("pl-")) {
                        assert!(
                            cat.prefix_list_in(pl, region).is_some(),
                            "{}: {pl}",
                            path.display()
                        );
                    }
                }
            }
        }
    }
}
