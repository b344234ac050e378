//! A generator of large, realistic models for benchmarks and scale tests (not a user command).
//!
//! Deterministic from a seed: N accounts, each with VPCs spread over AZs, subnets with route
//! tables of dozens of routes, security groups and network ACLs with many rules, instances,
//! gateway and interface endpoints, a partner endpoint service, private hosted zones and
//! expectations. The output is model YAML text, so benchmarks measure the real loader.

use std::fmt::Write;

/// Size of a generated model.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub accounts: usize,
    pub vpcs_per_account: usize,
    pub zones: usize,
    pub subnets_per_zone: usize,
    /// Route tables per VPC besides the public one (at most 8).
    pub route_tables: usize,
    pub routes_per_table: usize,
    pub rules_per_group: usize,
    pub seed: u64,
}

impl Spec {
    /// 10 accounts × 5 VPCs × 4 AZs × 50 subnets = 10,000 subnets.
    pub const LARGE: Spec = Spec {
        accounts: 10,
        vpcs_per_account: 5,
        zones: 4,
        subnets_per_zone: 50,
        route_tables: 8,
        routes_per_table: 40,
        rules_per_group: 12,
        seed: 7,
    };

    /// The "many small VPCs" shape of an organisation: VPCs of 16 subnets (4 AZs x 4) sharing
    /// a route table of 21 routes, a gateway endpoint each; about `subnets` subnets in all
    /// (whole accounts of 5 VPCs, so rounded up to a multiple of 80). 100,000 subnets make
    /// about 60 MB of YAML.
    pub fn small_vpcs(subnets: usize) -> Spec {
        Spec {
            accounts: subnets.div_ceil(80).max(1),
            vpcs_per_account: 5,
            zones: 4,
            subnets_per_zone: 4,
            route_tables: 1,
            routes_per_table: 20,
            rules_per_group: 1,
            seed: 7,
        }
    }

    /// The "few large VPCs" shape: [`Spec::LARGE`]'s VPCs of 200 subnets, about `subnets`
    /// subnets in all (whole accounts of 1,000 subnets).
    pub fn large_vpcs(subnets: usize) -> Spec {
        Spec {
            accounts: subnets.div_ceil(1000).max(1),
            ..Spec::LARGE
        }
    }

    pub fn subnets(&self) -> usize {
        self.accounts * self.vpcs_per_account * self.zones * self.subnets_per_zone
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SERVICES: &[&str] = &["ssm", "ssmmessages", "ec2messages", "sts", "kms", "logs"];

/// Generate model YAML for `spec`.
pub fn generate(spec: &Spec) -> String {
    let mut r = Rng(spec.seed.max(1));
    let mut y = String::with_capacity(spec.subnets() * 400);
    let _ = writeln!(
        y,
        "linkscope: 1\nname: generated ({} subnets)\nregion: us-east-1\norganization: o-gen0000001",
        spec.subnets()
    );
    y.push_str("description: A generated organisation for benchmarks.\naccounts:\n");
    for a in 0..spec.accounts {
        let _ = writeln!(
            y,
            "  - id: \"{:012}\"\n    name: acct-{a}",
            100_000_000_000u64 + a as u64
        );
    }
    y.push_str("vpcs:\n");
    let mut first_instance = String::new();
    for a in 0..spec.accounts {
        let acct = format!("{:012}", 100_000_000_000u64 + a as u64);
        for v in 0..spec.vpcs_per_account {
            let n = a * spec.vpcs_per_account + v;
            let g = VpcGen {
                spec,
                n,
                hi: 10 + (n / 256) % 100,
                lo: n % 256,
                acct: &acct,
                zones: spec.zones.min(6),
                tables: spec.route_tables.clamp(1, 8),
            };
            g.write(&mut y, &mut r, &mut first_instance);
        }
    }
    hosted_zones(&mut y, spec);
    let _ = writeln!(
        y,
        "buckets:\n  - {{ name: gen-data, region: us-east-1, account: \"{:012}\" }}\nexpectations:\n  - {{ from: {first_instance}, to: \"s3://gen-data/x\", expect: allowed }}",
        100_000_000_000u64
    );
    y
}

/// One generated VPC: its number `n` (its ids' suffix), its /16 (`hi`.`lo`.0.0), its account.
struct VpcGen<'a> {
    spec: &'a Spec,
    n: usize,
    hi: usize,
    lo: usize,
    acct: &'a str,
    /// AZs used (at most 6).
    zones: usize,
    /// Route tables besides the public one (1 to 8).
    tables: usize,
}

impl VpcGen<'_> {
    /// The VPC's whole entry under `vpcs:`; `first_instance` is set by the first VPC written.
    fn write(&self, y: &mut String, r: &mut Rng, first_instance: &mut String) {
        let (n, hi, lo, acct) = (self.n, self.hi, self.lo, self.acct);
        let _ = writeln!(
            y,
            "  - id: vpc-g{n}\n    name: vpc-{n}\n    account: \"{acct}\"\n    cidrs: [{hi}.{lo}.0.0/16]\n    dns_hostnames: true\n    subnets:"
        );
        let sub_ids = self.subnets(y);
        self.route_tables(y, r);
        self.network_acls(y);
        self.security_groups(y);
        let _ = writeln!(
            y,
            "    gateways:\n      - {{ id: igw-g{n}, type: internet }}\n      - {{ id: nat-g{n}, type: nat, subnet: {} }}\n      - {{ id: tgw-g{n}, type: transit }}",
            sub_ids[0]
        );
        self.instances(y, &sub_ids, first_instance);
        self.endpoints(y, &sub_ids);
    }

    /// The `subnets:` items, `subnets_per_zone` in each AZ; their ids, in order.
    fn subnets(&self, y: &mut String) -> Vec<String> {
        let (spec, n, hi, lo) = (self.spec, self.n, self.hi, self.lo);
        let letters = b"abcdef";
        let mut sub_ids = Vec::new();
        for (z, letter) in letters.iter().take(self.zones).enumerate() {
            for s in 0..spec.subnets_per_zone {
                let k = z * spec.subnets_per_zone + s;
                let third = k % 256;
                let sid = format!("subnet-g{n}-{k}");
                let rt = if k == 0 {
                    format!("rtb-g{n}-pub")
                } else {
                    format!("rtb-g{n}-{}", k % self.tables)
                };
                let acl = format!("acl-g{n}-{}", k % 4);
                let _ = writeln!(
                    y,
                    "      - {{ id: {sid}, name: s{n}-{k}, zone: us-east-1{}, cidr: {hi}.{lo}.{third}.0/24, route_table: {rt}, network_acl: {acl} }}",
                    *letter as char
                );
                sub_ids.push(sid);
            }
        }
        sub_ids
    }

    /// Route tables: a default route, dozens of on-prem routes via a transit gateway; then the
    /// public table.
    fn route_tables(&self, y: &mut String, r: &mut Rng) {
        let n = self.n;
        y.push_str("    route_tables:\n");
        for t in 0..self.tables {
            let _ = writeln!(y, "      - id: rtb-g{n}-{t}\n        routes:");
            let _ = writeln!(y, "          - {{ to: 0.0.0.0/0, via: nat-g{n} }}");
            for k in 0..self.spec.routes_per_table {
                let _ = writeln!(
                    y,
                    "          - {{ to: 172.{}.{}.0/24, via: tgw-g{n} }}",
                    16 + (k / 256) % 16,
                    (k * 7 + r.below(3)) % 256
                );
            }
        }
        let _ = writeln!(
            y,
            "      - id: rtb-g{n}-pub\n        routes:\n          - {{ to: 0.0.0.0/0, via: igw-g{n} }}"
        );
    }

    /// Four network ACLs of `rules_per_group` inbound rules (every fifth a deny).
    fn network_acls(&self, y: &mut String) {
        let n = self.n;
        y.push_str("    network_acls:\n");
        for t in 0..4 {
            let _ = writeln!(y, "      - id: acl-g{n}-{t}\n        inbound:");
            for k in 0..self.spec.rules_per_group {
                let _ = writeln!(
                    y,
                    "          - {{ rule: {}, protocol: tcp, ports: {}, cidr: 10.{k}.0.0/16, action: {} }}",
                    100 + k * 10,
                    1000 + k,
                    if k % 5 == 4 { "deny" } else { "allow" }
                );
            }
            let _ = writeln!(
                y,
                "          - {{ rule: 32000, protocol: all, cidr: 0.0.0.0/0, action: allow }}\n        outbound:\n          - {{ rule: 100, protocol: all, cidr: 0.0.0.0/0, action: allow }}"
            );
        }
    }

    /// Six application security groups in a ring, and the endpoints' group.
    fn security_groups(&self, y: &mut String) {
        let (n, hi, lo) = (self.n, self.hi, self.lo);
        y.push_str("    security_groups:\n");
        for g in 0..6 {
            let _ = writeln!(
                y,
                "      - id: sg-g{n}-{g}\n        name: app-{g}\n        inbound:"
            );
            for k in 0..self.spec.rules_per_group {
                let _ = writeln!(
                    y,
                    "          - {{ protocol: tcp, ports: {}, from: {hi}.{lo}.{}.0/24 }}",
                    443 + k,
                    k % 256
                );
            }
            let _ = writeln!(
                y,
                "          - {{ protocol: tcp, ports: 443, from: sg-g{n}-{} }}",
                (g + 1) % 6
            );
        }
        let _ = writeln!(
            y,
            "      - id: sg-g{n}-ep\n        inbound:\n          - {{ protocol: tcp, ports: 443, from: {hi}.{lo}.0.0/16 }}"
        );
    }

    /// An instance in each subnet; the very first one is noted in `first_instance`.
    fn instances(&self, y: &mut String, sub_ids: &[String], first_instance: &mut String) {
        let (n, acct) = (self.n, self.acct);
        y.push_str("    instances:\n");
        for (k, sid) in sub_ids.iter().enumerate() {
            let iid = format!("i-g{n}-{k}");
            if first_instance.is_empty() {
                *first_instance = iid.clone();
            }
            let _ = writeln!(
                y,
                "      - {{ id: {iid}, name: app-{n}-{k}, subnet: {sid}, security_groups: [sg-g{n}-{}], role: \"arn:aws:iam::{acct}:role/app\" }}",
                k % 6
            );
        }
    }

    /// An S3 gateway endpoint on up to four tables, and an interface endpoint per service.
    fn endpoints(&self, y: &mut String, sub_ids: &[String]) {
        let n = self.n;
        y.push_str("    endpoints:\n");
        let gw_tables: Vec<String> = (0..self.tables.min(4))
            .map(|t| format!("rtb-g{n}-{t}"))
            .collect();
        let _ = writeln!(
            y,
            "      - {{ id: vpce-g{n}-s3, type: gateway, service: s3, route_tables: [{}] }}",
            gw_tables.join(", ")
        );
        for svc in SERVICES {
            // Two AZs, as most designs do (and ssm is not offered in every AZ).
            let subs: Vec<&str> = (0..self.zones.min(2))
                .map(|z| sub_ids[z * self.spec.subnets_per_zone + 1].as_str())
                .collect();
            let _ = writeln!(
                y,
                "      - {{ id: vpce-g{n}-{svc}, type: interface, service: {svc}, subnets: [{}], security_groups: [sg-g{n}-ep] }}",
                subs.join(", ")
            );
        }
    }
}

/// A private hosted zone per account, on its first VPC, with 20 records.
fn hosted_zones(y: &mut String, spec: &Spec) {
    y.push_str("hosted_zones:\n");
    for a in 0..spec.accounts {
        let n = a * spec.vpcs_per_account;
        let _ = writeln!(
            y,
            "  - id: zone-g{a}\n    name: corp{a}.internal\n    vpcs: [vpc-g{n}]\n    records:"
        );
        for k in 0..20 {
            let _ = writeln!(
                y,
                "      - {{ name: db{k}.corp{a}.internal, type: A, values: [10.{}.0.{}] }}",
                n % 256,
                10 + k
            );
        }
    }
}

/// A hub-and-spoke organisation: a hub VPC (an application instance and a centralised SSM
/// endpoint, private DNS off), `spokes` spoke VPCs in 10 accounts (two AZs, an attachment
/// subnet in each), a data centre over a BGP VPN, one transit gateway with a spokes table, a
/// hub table and an on-premises table. Spoke `i` is 10.X.Y.0/24 from 10.1.0.0 up; names:
/// `i-spoke-{i}`, `i-hub-app`, host `laptop`.
pub fn hub_and_spoke(spokes: usize) -> String {
    let mut y = String::with_capacity(spokes * 900 + 4096);
    y.push_str("linkscope: 1\nname: generated hub and spoke\nregion: us-east-1\naccounts:\n");
    for a in 0..10 {
        let _ = writeln!(y, "  - {{ id: \"{:012}\" }}", 200_000_000_000u64 + a);
    }
    y.push_str(concat!(
        "vpcs:\n",
        "  - id: vpc-hub\n    account: \"200000000000\"\n    cidrs: [10.0.0.0/16]\n    dns_hostnames: true\n    subnets:\n",
        "      - { id: sn-hub-a, zone: us-east-1a, cidr: 10.0.1.0/24, route_table: rtb-hub }\n",
        "      - { id: sn-hub-b, zone: us-east-1b, cidr: 10.0.2.0/24, route_table: rtb-hub }\n",
        "    route_tables:\n      - { id: rtb-hub, routes: [ { to: 10.0.0.0/8, via: tgw-core }, { to: 192.168.0.0/16, via: tgw-core } ] }\n",
        "    security_groups:\n      - { id: sg-hub, inbound: [ { protocol: tcp, ports: 443, from: 10.0.0.0/8 }, { protocol: tcp, ports: 8080, from: 10.0.0.0/8 }, { protocol: tcp, ports: 8080, from: 192.168.0.0/16 } ] }\n",
        "    instances:\n      - { id: i-hub-app, subnet: sn-hub-a, ip: 10.0.1.50, security_groups: [sg-hub] }\n",
        "    endpoints:\n      - { id: vpce-ssm-hub, type: interface, service: ssm, subnets: [sn-hub-a, sn-hub-b], security_groups: [sg-hub], private_dns: false }\n",
    ));
    let cidr = |i: usize| format!("10.{}.{}", 1 + i / 256, i % 256);
    for i in 0..spokes {
        let c = cidr(i);
        let _ = write!(
            y,
            concat!(
                "  - id: vpc-spoke-{i}\n    account: \"{acct:012}\"\n    cidrs: [{c}.0/24]\n    subnets:\n",
                "      - {{ id: sn-s{i}-a, zone: us-east-1a, cidr: {c}.0/25, route_table: rtb-s{i} }}\n",
                "      - {{ id: sn-s{i}-b, zone: us-east-1b, cidr: {c}.128/25, route_table: rtb-s{i} }}\n",
                "    route_tables:\n      - {{ id: rtb-s{i}, routes: [ {{ to: 10.0.0.0/8, via: tgw-core }}, {{ to: 192.168.0.0/16, via: tgw-core }} ] }}\n",
                "    security_groups:\n      - {{ id: sg-s{i}, inbound: [ {{ protocol: tcp, ports: 8080, from: 10.0.0.0/8 }}, {{ protocol: tcp, ports: 8080, from: 192.168.0.0/16 }} ] }}\n",
                "    instances:\n      - {{ id: i-spoke-{i}, subnet: sn-s{i}-a, ip: {c}.10, security_groups: [sg-s{i}] }}\n",
            ),
            i = i,
            c = c,
            acct = 200_000_000_000u64 + (i % 10) as u64,
        );
    }
    y.push_str("networks:\n  - { id: dc1, cidrs: [192.168.0.0/16], hosts: [ { id: laptop, ip: 192.168.10.20 } ] }\n");
    y.push_str(
        "transit_gateways:\n  - id: tgw-core\n    account: \"200000000000\"\n    attachments:\n",
    );
    y.push_str("      - { id: tgw-attach-hub, vpc: vpc-hub, subnets: [sn-hub-a, sn-hub-b] }\n");
    y.push_str("      - { id: tgw-attach-dc1, network: dc1, kind: vpn, routing: bgp }\n");
    for i in 0..spokes {
        let _ = writeln!(
            y,
            "      - {{ id: tgw-attach-s{i}, vpc: vpc-spoke-{i}, subnets: [sn-s{i}-a, sn-s{i}-b] }}"
        );
    }
    let list = |f: &dyn Fn(usize) -> String| (0..spokes).map(f).collect::<Vec<_>>().join(", ");
    let atts = list(&|i| format!("tgw-attach-s{i}"));
    let _ = write!(
        y,
        concat!(
            "    route_tables:\n",
            "      - {{ id: tgw-rtb-spokes, associations: [{atts}], propagations: [tgw-attach-hub, tgw-attach-dc1] }}\n",
            "      - {{ id: tgw-rtb-hub, associations: [tgw-attach-hub], propagations: [tgw-attach-dc1, {atts}] }}\n",
            "      - {{ id: tgw-rtb-onprem, associations: [tgw-attach-dc1], propagations: [tgw-attach-hub, {atts}] }}\n",
        ),
        atts = atts
    );
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_spec_loads_cleanly() {
        let spec = Spec {
            accounts: 2,
            vpcs_per_account: 2,
            zones: 3,
            subnets_per_zone: 4,
            route_tables: 3,
            routes_per_table: 5,
            rules_per_group: 3,
            seed: 1,
        };
        let y = generate(&spec);
        let m = crate::model::load_str(&y, "gen.yaml", None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(m.subnets.len(), spec.subnets());
        assert_eq!(generate(&spec), y, "deterministic");
    }
}
