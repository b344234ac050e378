//! Properties of the engine on generated models: it never panics, traces are deterministic,
//! every step names only ids of the model, and the verdict agrees with the steps. Also on the
//! samples and the tour, for every source and a spread of destinations.

use linkscope::engine::{self, QueryOptions};
use linkscope::model::Model;
use proptest::prelude::*;
use std::fmt::Write;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
    fn pick<'a>(&mut self, xs: &'a [&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

const POLICIES: &[&str] = &[
    r#"{ Statement: [ { Effect: Allow, Principal: "*", Action: "*", Resource: "*" } ] }"#,
    r#"{ Statement: [ { Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-g0" } } } ] }"#,
    r#"{ Statement: [ { Sid: A, Effect: Allow, Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: ["s3:Get*", "s3:List*"], Resource: ["arn:aws:s3:::b0", "arn:aws:s3:::b0/*"] } ] }"#,
    r#"{ Statement: [ { Effect: Allow, Principal: "*", Action: "*", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "3.0.0.0/8" } } } ] }"#,
];

/// A random valid model: VPCs with subnets, routes to every kind of target, filters, instances,
/// endpoints of every type, an endpoint service, private zones with CNAME chains, buckets.
fn gen_model(seed: u64) -> String {
    let mut r = Rng(seed | 1);
    let mut y = String::new();
    let nv = 1 + r.below(3);
    y.push_str("linkscope: 1\nregion: us-east-1\norganization: o-abcdefghij\naccounts:\n  - { id: \"111111111111\" }\n  - { id: \"222222222222\", zones: { us-east-1a: use1-az2, us-east-1b: use1-az1, us-east-1c: use1-az3 } }\nvpcs:\n");
    let zones = ["us-east-1a", "us-east-1b", "us-east-1c"];
    let mut subnets_of: Vec<Vec<String>> = vec![];
    for v in 0..nv {
        let acct = if v == 2 {
            "222222222222"
        } else {
            "111111111111"
        };
        let _ = writeln!(
            y,
            "  - id: vpc-{v}\n    account: \"{acct}\"\n    cidrs: [10.{v}.0.0/16]\n    dns_support: {}\n    dns_hostnames: {}\n    subnets:",
            !r.chance(10),
            r.chance(70)
        );
        let ns = 1 + r.below(4);
        let mut subs = vec![];
        for s in 0..ns {
            let rt = if r.chance(70) {
                format!(", route_table: rtb-{v}-{}", r.below(2))
            } else {
                String::new()
            };
            let acl = if r.chance(40) {
                format!(", network_acl: acl-{v}-{}", r.below(2))
            } else {
                String::new()
            };
            let _ = writeln!(
                y,
                "      - {{ id: sn-{v}-{s}, zone: {}, cidr: 10.{v}.{s}.0/24{rt}{acl} }}",
                zones[r.below(3)]
            );
            subs.push(format!("sn-{v}-{s}"));
        }
        subnets_of.push(subs.clone());
        y.push_str("    route_tables:\n");
        for t in 0..2 {
            let nr = r.below(4);
            let _ = writeln!(
                y,
                "      - id: rtb-{v}-{t}\n        routes:{}",
                if nr == 0 { " []" } else { "" }
            );
            for _ in 0..nr {
                let dest = r.pick(&[
                    "0.0.0.0/0",
                    "52.216.0.0/15",
                    "10.0.0.0/8",
                    "192.168.0.0/16",
                    "10.1.0.0/16",
                    "10.2.0.0/16",
                    "54.231.0.0/17",
                ]);
                let via = match r.below(6) {
                    0 => format!("igw-{v}"),
                    1 => format!("nat-{v}"),
                    2 => format!("tgw-{v}"),
                    3 if nv > 1 => format!("pcx-{v}"),
                    4 => format!("vgw-{v}"),
                    _ => format!("igw-{v}"),
                };
                let state = if r.chance(10) {
                    ", state: blackhole"
                } else {
                    ""
                };
                let origin = if via.starts_with("vgw") && r.chance(50) {
                    ", origin: propagated"
                } else {
                    ""
                };
                let _ = writeln!(y, "          - {{ to: {dest}, via: {via}{state}{origin} }}");
            }
        }
        y.push_str("    network_acls:\n");
        for a in 0..2 {
            let ni = r.below(4);
            let _ = writeln!(
                y,
                "      - id: acl-{v}-{a}\n        inbound:{}",
                if ni == 0 { " []" } else { "" }
            );
            for k in 0..ni {
                let _ = writeln!(
                    y,
                    "          - {{ rule: {}, protocol: {}, ports: {}, cidr: {}, action: {} }}",
                    100 + k * 10,
                    r.pick(&["tcp", "udp", "all"]),
                    r.pick(&["443", "1024-65535", "22", "0-65535"]),
                    r.pick(&["0.0.0.0/0", "10.0.0.0/8", "10.0.1.0/24"]),
                    r.pick(&["allow", "deny"])
                );
            }
            let no = r.below(3);
            let _ = writeln!(y, "        outbound:{}", if no == 0 { " []" } else { "" });
            for k in 0..no {
                let _ = writeln!(
                    y,
                    "          - {{ rule: {}, protocol: all, cidr: 0.0.0.0/0, action: {} }}",
                    100 + k,
                    r.pick(&["allow", "deny"])
                );
            }
        }
        y.push_str("    security_groups:\n");
        for g in 0..3 {
            let ni = r.below(3);
            let _ = writeln!(
                y,
                "      - id: sg-{v}-{g}\n        inbound:{}",
                if ni == 0 { " []" } else { "" }
            );
            for _ in 0..ni {
                let from = match r.below(4) {
                    0 => format!("sg-{v}-{}", r.below(3)),
                    1 => "pl-63a5400a".to_string(),
                    _ => r
                        .pick(&["10.0.0.0/8", "0.0.0.0/0", "10.1.0.0/16"])
                        .to_string(),
                };
                let _ = writeln!(
                    y,
                    "          - {{ protocol: {}, ports: {}, from: {from} }}",
                    r.pick(&["tcp", "all", "udp"]),
                    r.pick(&["443", "22", "0-65535"])
                );
            }
            if r.chance(30) {
                y.push_str("        outbound: []\n");
            }
        }
        let _ = writeln!(
            y,
            "    gateways:\n      - {{ id: igw-{v}, type: internet }}\n      - {{ id: nat-{v}, type: nat, subnet: {}, public_ip: 3.0.0.{v} }}\n      - {{ id: tgw-{v}, type: transit }}\n      - {{ id: vgw-{v}, type: vpn }}",
            subs[r.below(subs.len())]
        );
        if nv > 1 {
            let peer = (v + 1) % nv;
            let _ = writeln!(
                y,
                "    peerings:\n      - {{ id: pcx-{v}, peer_vpc: vpc-{peer}{} }}",
                if r.chance(20) {
                    ", state: pending-acceptance"
                } else {
                    ""
                }
            );
        }
        y.push_str("    instances:\n");
        for k in 0..1 + r.below(4) {
            let pub_ip = if r.chance(30) {
                format!(", public_ip: 54.0.{v}.{k}")
            } else {
                String::new()
            };
            let role = if r.chance(60) {
                ", role: \"arn:aws:iam::111111111111:role/app\""
            } else {
                ""
            };
            let _ = writeln!(
                y,
                "      - {{ id: i-{v}-{k}, subnet: {}, security_groups: [sg-{v}-{}]{pub_ip}{role} }}",
                subs[r.below(subs.len())],
                r.below(3)
            );
        }
        y.push_str("    endpoints:\n      - { id: vpce-ddb-{v}, type: gateway, service: dynamodb, route_tables: [] }\n".replace("{v}", &v.to_string()).as_str());
        if r.chance(60) {
            let pol = if r.chance(50) {
                format!(", policy: {}", POLICIES[r.below(POLICIES.len())])
            } else {
                String::new()
            };
            let _ = writeln!(
                y,
                "      - {{ id: vpce-g{v}, type: gateway, service: s3, route_tables: [rtb-{v}-{}]{pol} }}",
                r.below(2)
            );
        }
        for (k, svc) in ["sts", "ssm", "s3", "vpce-svc-x"].iter().enumerate() {
            if r.chance(50) {
                let n = 1 + r.below(subs.len());
                let chosen: Vec<&str> = subs.iter().take(n).map(String::as_str).collect();
                let pol = if *svc != "vpce-svc-x" && r.chance(40) {
                    format!(", policy: {}", POLICIES[r.below(POLICIES.len())])
                } else {
                    String::new()
                };
                let _ = writeln!(
                    y,
                    "      - {{ id: vpce-i{v}-{k}, type: interface, service: {svc}, subnets: [{}], security_groups: [sg-{v}-{}], private_dns: {}{pol} }}",
                    chosen.join(", "),
                    r.below(3),
                    r.chance(60)
                );
            }
        }
        if r.chance(40) {
            let _ = writeln!(
                y,
                "      - {{ id: eice-{v}, type: instance-connect, subnet: {}, security_groups: [sg-{v}-{}], preserve_client_ip: {} }}",
                subs[0],
                r.below(3),
                r.chance(30)
            );
        }
    }
    let last = nv - 1;
    let _ = writeln!(
        y,
        "endpoint_services:\n  - id: vpce-svc-x\n    account: \"222222222222\"\n    load_balancer:\n      vpc: vpc-{last}\n      subnets: [{}]\n      listeners: [ {{ protocol: {}, port: 443 }} ]\n      security_groups: [{}]\n    acceptance_required: {}\n    allowed_principals: [{}]\n    accepted: []\n    private_dns_name: api.x.example.com\n    private_dns_verified: {}",
        subnets_of[last][0],
        r.pick(&["tcp", "udp"]),
        if r.chance(30) {
            format!("sg-{last}-0")
        } else {
            String::new()
        },
        r.chance(30),
        r.pick(&[
            "\"*\"",
            "\"arn:aws:iam::111111111111:root\"",
            "\"arn:aws:iam::333333333333:root\""
        ]),
        r.chance(70)
    );
    let _ = writeln!(
        y,
        "hosted_zones:\n  - id: zone-a\n    name: corp.internal\n    vpcs: [vpc-0]\n    records:\n      - {{ name: db.corp.internal, type: A, values: [10.0.0.9] }}\n      - {{ name: c1.corp.internal, type: CNAME, values: [{}] }}\n      - {{ name: c2.corp.internal, type: CNAME, values: [c1.corp.internal] }}\n  - id: zone-b\n    name: amazonaws.com\n    vpcs: [{}]\n    records: []",
        r.pick(&[
            "c2.corp.internal",
            "db.corp.internal",
            "sts.us-east-1.amazonaws.com",
            "nowhere.example.com"
        ]),
        if r.chance(20) { "vpc-0" } else { "" }
    );
    let _ = writeln!(
        y,
        "buckets:\n  - {{ name: b0, account: \"111111111111\", policy: {} }}\n  - {{ name: b1, account: \"222222222222\" }}\n  - {{ name: b2, region: us-west-2 }}",
        POLICIES[r.below(POLICIES.len())]
    );
    y
}

fn sources(m: &Model) -> Vec<String> {
    let mut v: Vec<String> = m.instances.iter().map(|i| i.id.clone()).collect();
    v.extend(m.subnets.iter().map(|s| s.id.clone()));
    v.extend(
        m.endpoints
            .iter()
            .filter(|e| e.kind == linkscope::model::EndpointKind::InstanceConnect)
            .map(|e| e.id.clone()),
    );
    v.extend(
        m.subnets
            .iter()
            // The 21st host, or the last of a small subnet (a /28 has 14).
            .map(|s| s.cidr.hosts().take(21).last().unwrap().to_string()),
    );
    v
}

fn destinations(m: &Model) -> Vec<String> {
    let mut v: Vec<String> = m.instances.iter().map(|i| i.id.clone()).collect();
    v.extend(
        m.endpoints
            .iter()
            .filter(|e| e.kind != linkscope::model::EndpointKind::InstanceConnect)
            .map(|e| e.id.clone()),
    );
    v.extend(m.endpoint_services.iter().map(|e| e.id.clone()));
    v.extend(m.buckets.iter().map(|b| format!("s3://{}/k", b.name)));
    v.extend(
        m.hosted_zones
            .iter()
            .flat_map(|z| z.records.iter().map(|r| format!("https://{}", r.name))),
    );
    v.extend(
        [
            "s3://unlisted/x",
            "dynamodb://t",
            "https://sts.us-east-1.amazonaws.com",
            "https://ssm.us-east-1.amazonaws.com",
            "udp://sts.us-east-1.amazonaws.com:443",
            "8.8.8.8",
            "10.0.0.9:22",
            "52.216.1.1",
            "192.168.1.1",
            "10.1.0.200",
            "https://api.x.example.com",
            "tcp://10.2.0.5:443",
        ]
        .map(String::from),
    );
    v
}

fn exercise(m: &Model, budget: usize) {
    let srcs = sources(m);
    let dsts = destinations(m);
    let opts = [
        QueryOptions::default(),
        QueryOptions {
            port: Some(22),
            ..Default::default()
        },
        QueryOptions {
            action: Some("s3:PutObject".into()),
            context: vec![("aws:SourceVpce".into(), "vpce-g0".into())],
            ..Default::default()
        },
        QueryOptions {
            protocol: Some("udp".into()),
            source_port: Some(1025),
            ..Default::default()
        },
    ];
    let mut n = 0;
    for (i, s) in srcs.iter().enumerate() {
        for (j, d) in dsts.iter().enumerate() {
            if n >= budget {
                return;
            }
            n += 1;
            let o = &opts[(i + j) % opts.len()];
            let a = engine::trace(m, s, d, o);
            let b = engine::trace(m, s, d, o);
            assert_eq!(a, b, "deterministic: {s} -> {d}");
            if let Ok(t) = a {
                crate::common::check_invariants(m, &t);
                let json = linkscope::report::json(&t);
                let v: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
                assert!(v.get("verdict").is_some());
                let _ = linkscope::report::text(&t, false);
                for alt in &t.alternatives {
                    assert!(alt.address.parse::<std::net::Ipv4Addr>().is_ok());
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn generated_models_never_panic(seed in any::<u64>()) {
        let yaml = gen_model(seed);
        let m = match linkscope::model::load_str(&yaml, "gen.yaml", None) {
            Ok(m) => m,
            Err(e) => panic!("generator made an invalid model:\n{}\n{yaml}", e.render(false)),
        };
        exercise(&m, 300);
    }

    #[test]
    fn arbitrary_query_strings_never_panic(from in "\\PC{0,40}", to in "\\PC{0,60}") {
        let m = crate::common::load("tests/models/trace/endpoints.yaml");
        let _ = engine::trace(&m, &from, &to, &QueryOptions::default());
        let _ = engine::trace(&m, "i-c", &to, &QueryOptions::default());
    }
}

#[test]
fn samples_and_tour_are_deterministic_and_name_real_objects() {
    let mut paths: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/samples"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| format!("samples/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    paths.push("assets/tour.yaml".into());
    for p in paths {
        let m = crate::common::load(&p);
        exercise(&m, 2000);
    }
}
