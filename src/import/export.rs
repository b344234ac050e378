//! A loaded model -> AWS CLI captures: the inverse of [`super::import_dir`].
//!
//! Writes what `aws ec2 describe-*` (and the elbv2, route53, s3api and iam commands the capture
//! script runs) would print for the model's resources, in the `<account>/<region>/` layout the
//! capture script uses. Importing the result gives the model back; the tests use that to check
//! that the importer reads every field it writes.
//!
//! Objects the loader made up (implicit main tables, default ACLs and groups) are not written,
//! and nor are interface ids AWS would have: endpoint network interfaces get stable ids derived
//! from the endpoint and subnet. Policies are taken from the model's own text, so they come back
//! exactly as written.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::{Value, json};

use crate::catalogue::Catalogue;
use crate::model::raw::RawModel;
use crate::model::{EndpointKind, EndpointTarget, Model, Record, RecordKind, RecordValue};

mod endpoint_services;
mod hybrid;
mod lattice;
mod vpc;

/// One capture file: its path relative to the capture folder, and its JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Capture {
    pub path: String,
    pub json: Value,
}

/// Write the captures of `model` under `dir` (created if missing).
pub fn write_dir(model: &Model, dir: &Path) -> std::io::Result<()> {
    for c in export(model) {
        let p = dir.join(&c.path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let text = serde_json::to_string_pretty(&c.json).map_err(std::io::Error::other)?;
        std::fs::write(p, text + "\n")?;
    }
    Ok(())
}

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A stable, AWS-looking id: `prefix`, a dash and 17 hex digits from `seed` (`eni-…`).
fn synth_id(prefix: &str, seed: &str) -> String {
    format!("{prefix}-{:017x}", fnv(seed))
}

fn tags(name: &str) -> Value {
    if name.is_empty() {
        json!([])
    } else {
        json!([{ "Key": "Name", "Value": name }])
    }
}

/// Collects files by path, appending list items under one top-level key.
#[derive(Default)]
struct Files {
    files: BTreeMap<String, serde_json::Map<String, Value>>,
}

impl Files {
    fn push(&mut self, path: &str, key: &str, item: Value) {
        let obj = self.files.entry(path.to_string()).or_default();
        match obj.entry(key.to_string()).or_insert_with(|| json!([])) {
            Value::Array(a) => a.push(item),
            other => *other = json!([item]),
        }
    }

    fn list(&mut self, path: &str, key: &str) {
        self.files
            .entry(path.to_string())
            .or_default()
            .entry(key.to_string())
            .or_insert_with(|| json!([]));
    }

    fn put(&mut self, path: &str, v: Value) {
        if let Value::Object(o) = v {
            self.files.insert(path.to_string(), o);
        }
    }
}

/// What the model's text says that the loaded model does not keep: policies as written (inline
/// or from their files) by owner, and listener protocols (`tls`, `tcp_udp`) by service and port.
#[derive(Default)]
struct AsWritten {
    endpoint_policies: HashMap<String, Value>,
    bucket_policies: HashMap<String, Value>,
    /// Service networks' auth policies, by service network id.
    auth_policies: HashMap<String, Value>,
    listeners: HashMap<(String, u16), String>,
}

fn as_written(model: &Model) -> AsWritten {
    let mut out = AsWritten::default();
    let Ok(raw) = serde_saphyr::from_str::<RawModel>(&model.source.text) else {
        return out;
    };
    let read = |v: &Value| -> Option<Value> {
        match v {
            Value::String(path) => {
                let full = match model.source.base_dir() {
                    Some(b) => b.join(path),
                    None => path.into(),
                };
                let text = crate::model::load::read_policy_file(&full).ok()?;
                serde_json::from_str(text.trim_start_matches('\u{feff}')).ok()
            }
            Value::Object(_) => Some(v.clone()),
            _ => None,
        }
    };
    for v in &raw.vpcs {
        for e in &v.endpoints {
            if let Some(p) = e.policy.as_ref().and_then(|p| read(&p.value)) {
                out.endpoint_policies.insert(e.id.value.clone(), p);
            }
        }
    }
    for n in &raw.service_networks {
        if let Some(p) = n.auth_policy.as_ref().and_then(|p| read(&p.value)) {
            out.auth_policies.insert(n.id.value.clone(), p);
        }
    }
    for b in &raw.buckets {
        if let Some(p) = b.policy.as_ref().and_then(|p| read(&p.value)) {
            out.bucket_policies.insert(b.name.value.clone(), p);
        }
    }
    for s in &raw.endpoint_services {
        for l in &s.load_balancer.listeners {
            out.listeners.insert(
                (s.id.value.clone(), l.port.value),
                l.protocol.value.to_ascii_uppercase(),
            );
        }
    }
    out
}

/// The capture files of a model.
// One method of `Exporter` per AWS output family (the per-VPC ones in `vpc`, VPC Lattice in
// `lattice`, the provider side in `endpoint_services`, transit and DNS in `hybrid`), called in a
// fixed order. The order matters only where two families append to one file, and is kept so:
// describe-network-interfaces (per VPC: instances, then endpoints), describe-transit-gateways
// (the VPCs' named gateways, then `hybrid`), ram-get-resource-share-associations (resource
// configurations, then service networks).
pub fn export(model: &Model) -> Vec<Capture> {
    let mut x = Exporter::new(model);
    x.zones();
    for vix in 0..model.vpcs.len() {
        x.vpc(vix);
    }
    x.prefix_lists();
    x.interface_services();
    x.resource_gateways();
    x.resource_configurations();
    x.service_networks();
    x.endpoint_services();
    x.hosted_zones();
    x.buckets();
    hybrid::export(model, &mut x.f);
    x.f.files
        .into_iter()
        .map(|(path, obj)| Capture {
            path,
            json: Value::Object(obj),
        })
        .collect()
}

/// The state every output family shares: the model, the files written so far, what the
/// model's text says that the model does not keep, and the folder of the global outputs.
struct Exporter<'m> {
    m: &'m Model,
    f: Files,
    written: AsWritten,
    /// The first account's id (`000000000000` without one): the folder of hosted zones, of
    /// buckets with no account and of prefix lists.
    first_acct: String,
}

/// The `<account>/<region>` folder the capture script writes a Region's outputs to.
fn dir(acct: &str, region: &str) -> String {
    format!("{acct}/{region}")
}

/// The id of the account owning VPC `v`.
fn acct_of_vpc(m: &Model, v: usize) -> String {
    m.accounts[m.vpcs[v].account].id.clone()
}

impl<'m> Exporter<'m> {
    /// Nothing written yet; the policies and listener protocols as the model's text has them.
    fn new(m: &'m Model) -> Self {
        let first_acct = m
            .accounts
            .first()
            .map(|a| a.id.clone())
            .unwrap_or_else(|| "000000000000".into());
        Exporter {
            m,
            f: Files::default(),
            written: as_written(m),
            first_acct,
        }
    }

    /// describe-availability-zones, where the model states the zones.
    fn zones(&mut self) {
        let m = self.m;
        for a in &m.accounts {
            if !a.zones_explicit {
                continue;
            }
            for (name, id) in &a.zones {
                let Some(region) = super::build::zone_region(name) else {
                    continue;
                };
                self.f.push(
                    &format!("{}/describe-availability-zones.json", dir(&a.id, region)),
                    "AvailabilityZones",
                    json!({ "State": "available", "RegionName": region, "ZoneName": name, "ZoneId": id,
                            "ZoneType": "availability-zone", "GroupName": region, "NetworkBorderGroup": region }),
                );
            }
        }
    }

    /// describe-prefix-lists: the model's own prefix lists (not the built-in catalogue's).
    fn prefix_lists(&mut self) {
        let m = self.m;
        let builtin = Catalogue::builtin();
        for p in m.catalogue.prefix_lists().iter().filter(|p| !p.aws_managed) {
            if builtin
                .prefix_list(&p.id)
                .is_some_and(|b| serde_json::to_value(b).ok() == serde_json::to_value(p).ok())
            {
                continue;
            }
            let region = p.region.clone().unwrap_or_else(|| m.region.clone());
            self.f.push(
                &format!(
                    "{}/describe-prefix-lists.json",
                    dir(&self.first_acct, &region)
                ),
                "PrefixLists",
                json!({ "PrefixListId": p.id, "PrefixListName": p.name,
                        "Cidrs": p.cidrs.iter().map(|c| c.to_string()).collect::<Vec<_>>() }),
            );
        }
    }

    /// describe-vpc-endpoint-services: the interface services the model adds to the catalogue.
    fn interface_services(&mut self) {
        let m = self.m;
        let builtin = Catalogue::builtin();
        let mut done = std::collections::HashSet::new();
        for e in &m.endpoints {
            let EndpointTarget::Aws(name) = &e.target else {
                continue;
            };
            if e.kind != EndpointKind::Interface
                || !done.insert(name.clone())
                || builtin.service(name).is_some()
            {
                continue;
            }
            let Some(s) = m.catalogue.service(name) else {
                continue;
            };
            let acct = &m.accounts[m.vpcs[e.vpc].account];
            let zones: Vec<&String> = if acct.zones_explicit {
                acct.zones
                    .iter()
                    .filter(|(n, id)| {
                        super::build::zone_region(n) == Some(s.region.as_str())
                            && !s.missing_zone_ids.contains(id)
                    })
                    .map(|(n, _)| n)
                    .collect()
            } else {
                vec![]
            };
            let types: Vec<Value> = s
                .types
                .iter()
                .map(|t| json!({ "ServiceType": format!("{t:?}") }))
                .collect();
            self.f.push(
                &format!("{}/describe-vpc-endpoint-services.json", dir(&acct.id, &m.vpcs[e.vpc].region)),
                "ServiceDetails",
                json!({ "ServiceName": s.name, "ServiceType": types, "AvailabilityZones": zones, "Owner": "amazon",
                        "PrivateDnsNames": s.private_dns_names.iter().map(|n| json!({ "PrivateDnsName": n })).collect::<Vec<_>>(),
                        "VpcEndpointPolicySupported": s.policy_supported }),
            );
        }
    }

    /// route53-list-hosted-zones, get-hosted-zone, list-resource-record-sets (first account's).
    fn hosted_zones(&mut self) {
        let m = self.m;
        let first_acct = &self.first_acct;
        for z in &m.hosted_zones {
            let zone = json!({ "Id": format!("/hostedzone/{}", z.id), "Name": format!("{}.", z.name),
                               "Config": { "PrivateZone": true } });
            self.f.push(
                &format!("{first_acct}/route53-list-hosted-zones.json"),
                "HostedZones",
                zone.clone(),
            );
            let vpcs: Vec<Value> = z
                .vpcs
                .iter()
                .map(|&v| json!({ "VPCId": m.vpcs[v].id, "VPCRegion": m.vpcs[v].region }))
                .collect();
            self.f.put(
                &format!("{first_acct}/get-hosted-zone.{}.json", z.id),
                json!({ "HostedZone": zone, "VPCs": vpcs }),
            );
            let sets: Vec<Value> = z.records.iter().filter_map(|r| record_set(m, r)).collect();
            self.f.put(
                &format!("{first_acct}/list-resource-record-sets.{}.json", z.id),
                json!({ "ResourceRecordSets": sets }),
            );
        }
    }

    /// get-bucket-policy and get-bucket-location of the buckets the model lists.
    fn buckets(&mut self) {
        let m = self.m;
        for b in m.buckets.iter().filter(|b| b.declared) {
            let acct = b.account.clone().unwrap_or_else(|| self.first_acct.clone());
            if let Some(p) = self.written.bucket_policies.get(&b.name) {
                self.f.put(
                    &format!("{acct}/get-bucket-policy.{}.json", b.name),
                    json!({ "Policy": p.to_string() }),
                );
            }
            let location = if b.region == "us-east-1" {
                Value::Null
            } else {
                json!(b.region)
            };
            self.f.put(
                &format!("{acct}/get-bucket-location.{}.json", b.name),
                json!({ "LocationConstraint": location }),
            );
        }
    }
}

/// One record as a list-resource-record-sets entry; `None` for a kind not written.
fn record_set(m: &Model, r: &Record) -> Option<Value> {
    let name = format!("{}.", r.name.replacen('*', "\\052", 1));
    let value = |v: &RecordValue| match v {
        RecordValue::Ip(ip) => ip.to_string(),
        RecordValue::Name(n) => n.clone(),
        RecordValue::Endpoint(e) => m.endpoints[*e]
            .regional_dns
            .clone()
            .unwrap_or_else(|| m.endpoints[*e].id.clone()),
        RecordValue::Text(t) => t.clone(),
    };
    Some(match r.kind {
        RecordKind::A => json!({ "Name": name, "Type": "A",
            "ResourceRecords": r.values.iter().map(|v| json!({ "Value": value(v) })).collect::<Vec<_>>() }),
        RecordKind::Cname => json!({ "Name": name, "Type": "CNAME",
            "ResourceRecords": r.values.iter().map(|v| json!({ "Value": value(v) })).collect::<Vec<_>>() }),
        RecordKind::Txt => json!({ "Name": name, "Type": "TXT",
            "ResourceRecords": r.values.iter().map(|v| json!({ "Value": format!("\"{}\"", value(v)) })).collect::<Vec<_>>() }),
        RecordKind::Alias => json!({ "Name": name, "Type": "A",
            "AliasTarget": { "HostedZoneId": "Z7HUB22UULQXV", "DNSName": r.values.first().map(value).unwrap_or_default(),
                             "EvaluateTargetHealth": false } }),
        RecordKind::Other => return None,
    })
}
