//! Built-in AWS service catalogue (temporary stub; replaced by the data branch).
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EndpointType {
    Gateway,
    Interface,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegionDef {
    pub name: String,
    pub abbr: String,
    pub zone_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServiceDef {
    pub name: String,
    pub short: String,
    pub region: String,
    pub dns: String,
    pub private_dns_names: Vec<String>,
    pub types: Vec<EndpointType>,
    pub policy_supported: bool,
    pub public_cidrs: Vec<Ipv4Net>,
    pub prefix_list: Option<String>,
    pub missing_zone_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrefixListDef {
    pub id: String,
    pub name: String,
    pub region: Option<String>,
    pub cidrs: Vec<Ipv4Net>,
    pub aws_managed: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    services: Vec<ServiceDef>,
    prefix_lists: Vec<PrefixListDef>,
    regions: Vec<RegionDef>,
}

impl Catalogue {
    pub fn builtin() -> &'static Catalogue {
        static C: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
        C.get_or_init(|| {
            let mut c = Catalogue::default();
            for r in ["us-east-1", "us-east-2", "us-west-2", "eu-west-1"] {
                for s in [
                    "s3",
                    "dynamodb",
                    "ec2",
                    "ssm",
                    "sts",
                    "kms",
                    "ssmmessages",
                    "ec2messages",
                ] {
                    let gw = s == "s3" || s == "dynamodb";
                    c.services.push(ServiceDef {
                        name: format!("com.amazonaws.{r}.{s}"),
                        short: s.into(),
                        region: r.into(),
                        dns: format!("{s}.{r}.amazonaws.com"),
                        private_dns_names: vec![format!("{s}.{r}.amazonaws.com")],
                        types: if gw {
                            vec![EndpointType::Gateway, EndpointType::Interface]
                        } else {
                            vec![EndpointType::Interface]
                        },
                        policy_supported: true,
                        public_cidrs: vec![
                            if r == "us-east-1" {
                                "52.216.0.0/15"
                            } else {
                                "3.5.0.0/20"
                            }
                            .parse()
                            .unwrap(),
                        ],
                        prefix_list: if r == "us-east-1" && s == "s3" {
                            Some("pl-63a5400a".into())
                        } else {
                            None
                        },
                        missing_zone_ids: vec![],
                    });
                }
            }
            c.prefix_lists.push(PrefixListDef {
                id: "pl-63a5400a".into(),
                name: "com.amazonaws.us-east-1.s3".into(),
                region: Some("us-east-1".into()),
                cidrs: vec![
                    "54.231.0.0/17".parse().unwrap(),
                    "52.216.0.0/15".parse().unwrap(),
                ],
                aws_managed: true,
            });
            c
        })
    }
    pub fn regions(&self) -> &[RegionDef] {
        &self.regions
    }
    pub fn region(&self, name: &str) -> Option<&RegionDef> {
        self.regions.iter().find(|r| r.name == name)
    }
    pub fn services(&self) -> &[ServiceDef] {
        &self.services
    }
    pub fn service(&self, full_name: &str) -> Option<&ServiceDef> {
        self.services.iter().find(|s| s.name == full_name)
    }
    pub fn service_short(&self, short: &str, region: &str) -> Option<&ServiceDef> {
        self.services
            .iter()
            .find(|s| s.short == short && s.region == region)
    }
    pub fn prefix_lists(&self) -> &[PrefixListDef] {
        &self.prefix_lists
    }
    pub fn prefix_list(&self, id: &str) -> Option<&PrefixListDef> {
        self.prefix_lists.iter().find(|p| p.id == id)
    }
    pub fn service_for_host(&self, host: &str) -> Option<&ServiceDef> {
        self.services.iter().find(|s| s.dns == host)
    }
    pub fn service_for_ip(&self, ip: Ipv4Addr) -> Option<&ServiceDef> {
        self.services
            .iter()
            .find(|s| s.public_cidrs.iter().any(|c| c.contains(&ip)))
    }
    pub fn public_ip_for(&self, svc: &ServiceDef, _name: &str) -> Ipv4Addr {
        svc.public_cidrs
            .first()
            .map(|c| c.hosts().nth(10).unwrap_or(c.addr()))
            .unwrap_or(Ipv4Addr::new(52, 0, 0, 1))
    }
    pub fn add_service(&mut self, s: ServiceDef) {
        self.services.retain(|x| x.name != s.name);
        self.services.push(s)
    }
    pub fn add_prefix_list(&mut self, p: PrefixListDef) {
        self.prefix_lists.retain(|x| x.id != p.id);
        self.prefix_lists.push(p)
    }
}

pub fn region_abbr(region: &str) -> Option<String> {
    let parts: Vec<&str> = region.split('-').collect();
    if parts.len() != 3 {
        return None;
    }
    let dir: String = parts[1]
        .split('/')
        .map(|d| match d {
            "east" => "e",
            "west" => "w",
            "north" => "n",
            "south" => "s",
            "central" => "c",
            "southeast" => "se",
            "northeast" => "ne",
            "northwest" => "nw",
            "southwest" => "sw",
            o => o,
        })
        .collect();
    Some(format!("{}{}{}", parts[0], dir, parts[2]))
}
