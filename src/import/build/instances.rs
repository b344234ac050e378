//! Instances and the network interfaces that stand for them.

use super::*;

impl B<'_> {
    pub(super) fn roles(&self) -> HashMap<String, String> {
        let mut m = HashMap::new();
        for p in &self.c.instance_profiles {
            if let Some(role) = p.v.roles.first() {
                m.insert(p.v.arn.clone(), role.arn.clone());
                m.insert(p.v.instance_profile_name.clone(), role.arn.clone());
            }
        }
        m
    }

    pub(super) fn instances(&mut self) {
        let c = self.c;
        let roles = self.roles();
        let profiles_captured = !c.instance_profiles.is_empty();
        let insts = dedup(&c.instances, |i| &i.1.instance_id, self.r, "instance");
        let captured: HashSet<&str> = insts.iter().map(|i| i.v.1.instance_id.as_str()).collect();
        for x in &insts {
            let i = &x.v.1;
            let state = i
                .state
                .as_ref()
                .and_then(|s| s.name.clone())
                .unwrap_or_default();
            if matches!(state.as_str(), "terminated" | "shutting-down") {
                self.r.skip("terminated instances", i.instance_id.clone());
                continue;
            }
            let Some(subnet) = i
                .subnet_id
                .clone()
                .filter(|s| self.subnet_vpc.contains_key(s))
            else {
                self.r
                    .skip("instances in subnets not captured", i.instance_id.clone());
                continue;
            };
            let groups: Vec<String> = i
                .security_groups
                .iter()
                .map(|g| g.group_id.clone())
                .collect();
            // The role comes from the profile's description (iam list-instance-profiles); a
            // profile's name need not be its role's, so it is never guessed.
            let role = i.iam_instance_profile.as_ref().and_then(|p| {
                let name = p.arn.rsplit('/').next().unwrap_or_default().to_string();
                let role = roles.get(&p.arn).or_else(|| roles.get(&name)).cloned();
                if role.is_none() {
                    let kind = if profiles_captured {
                        "instance roles not derivable (profile not in iam list-instance-profiles)"
                    } else {
                        "instance roles not derivable (iam list-instance-profiles not captured)"
                    };
                    self.r.skip(kind, format!("{} ({name})", i.instance_id));
                }
                role
            });
            let extra = i.network_interfaces.len().saturating_sub(1);
            if extra > 0 {
                self.r.skip_n(
                    "secondary network interfaces of instances (the primary address is used)",
                    extra,
                    i.instance_id.clone(),
                );
            }
            for n in &i.network_interfaces {
                self.eni_instance
                    .insert(n.network_interface_id.clone(), i.instance_id.clone());
            }
            self.add_instance(
                &i.instance_id,
                name_tag(&i.tags),
                &subnet,
                i.private_ip_address.as_deref(),
                groups,
                i.public_ip_address.as_deref(),
                role,
            );
        }
        self.instances_from_enis(&captured);
    }

    /// Interfaces: instances describe-instances did not list, and other ENI-owning things
    /// (Lambda, EFS, RDS, ...) as sources and destinations.
    fn instances_from_enis(&mut self, captured: &HashSet<&str>) {
        let c = self.c;
        let enis = dedup(
            &c.network_interfaces,
            |n| &n.network_interface_id,
            self.r,
            "network interface",
        );
        let endpoint_enis: HashSet<&str> = c
            .vpc_endpoints
            .iter()
            .flat_map(|e| e.v.network_interface_ids.iter().map(String::as_str))
            .chain(
                c.instance_connect_endpoints
                    .iter()
                    .flat_map(|e| e.v.network_interface_ids.iter().map(String::as_str)),
            )
            .collect();
        let mut from_enis = 0usize;
        for x in enis {
            let n = &x.v;
            if endpoint_enis.contains(n.network_interface_id.as_str()) {
                continue;
            }
            let itype = n.interface_type.as_deref().unwrap_or("interface");
            let desc = n.description.clone().unwrap_or_default();
            let managed_desc = [
                "ELB ",
                "VPC Endpoint Interface",
                "Interface for NAT Gateway",
                "EC2 Instance Connect Endpoint",
            ]
            .iter()
            .any(|p| desc.starts_with(p));
            if !matches!(itype, "interface" | "lambda" | "efs" | "branch") || managed_desc {
                continue; // load balancer nodes, NAT gateways, endpoints: modelled by their owners
            }
            let attached_to = n.attachment.as_ref().and_then(|a| a.instance_id.clone());
            if let Some(iid) = &attached_to {
                if captured.contains(iid.as_str()) || self.instance_ids.contains(iid) {
                    if !self.eni_instance.contains_key(&n.network_interface_id) {
                        self.r.skip("secondary network interfaces of instances (the primary address is used)", iid.clone());
                    }
                    self.eni_instance
                        .insert(n.network_interface_id.clone(), iid.clone());
                    continue;
                }
                if n.attachment
                    .as_ref()
                    .and_then(|a| a.device_index)
                    .unwrap_or(0)
                    != 0
                {
                    self.r.skip(
                        "secondary network interfaces of instances (the primary address is used)",
                        iid.clone(),
                    );
                    continue;
                }
            }
            let Some(subnet) = n
                .subnet_id
                .clone()
                .filter(|s| self.subnet_vpc.contains_key(s))
            else {
                self.r.skip(
                    "network interfaces in subnets not captured",
                    n.network_interface_id.clone(),
                );
                continue;
            };
            let id = attached_to
                .clone()
                .unwrap_or_else(|| n.network_interface_id.clone());
            let name = name_tag(&n.tag_set).or_else(|| {
                let d = desc.trim();
                let short: String = d.chars().take(60).collect();
                match d.chars().count() {
                    0 => None,
                    n if n > 60 => Some(format!("{short}…")),
                    _ => Some(short),
                }
            });
            let groups = n.groups.iter().map(|g| g.group_id.clone()).collect();
            let public = n.association.as_ref().and_then(|a| a.public_ip.clone());
            if self.add_instance(
                &id,
                name,
                &subnet,
                n.private_ip_address.as_deref(),
                groups,
                public.as_deref(),
                None,
            ) {
                self.eni_instance
                    .insert(n.network_interface_id.clone(), id.clone());
                from_enis += 1;
            }
        }
        if from_enis > 0 {
            self.r.note(format!(
                "{from_enis} instance(s) built from network interfaces (describe-network-interfaces): instances describe-instances did not list, and other interface owners (Lambda, EFS, RDS, ...)"
            ));
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn add_instance(
        &mut self,
        id: &str,
        name: Option<String>,
        subnet: &str,
        ip: Option<&str>,
        groups: Vec<String>,
        public_ip: Option<&str>,
        role: Option<String>,
    ) -> bool {
        if !self.claim(id, "instances") {
            return false;
        }
        let vpc = self.subnet_vpc[subnet].clone();
        let ip = self.own_ip(&vpc, subnet, ip, id);
        let mut kept = Vec::new();
        for g in groups {
            if self.sg_ids.contains(&g) {
                kept.push(g);
            } else {
                self.r.skip(
                    "security group references to groups not captured",
                    format!("{id} -> {g}"),
                );
            }
        }
        let security_groups = if kept.is_empty() { None } else { Some(kept) };
        self.instance_ids.insert(id.to_string());
        self.vpcs
            .get_mut(&vpc)
            .expect("subnet's VPC")
            .instances
            .push(doc::Instance {
                id: id.to_string(),
                name,
                subnet: subnet.to_string(),
                ip,
                ipv6: None, // `ipv6_addresses`, once subnets have their IPv6 blocks
                security_groups,
                public_ip: public_ip.and_then(ipv4).map(|i| i.to_string()),
                role,
            });
        true
    }

    /// An interface's address, if it is an IPv4 address inside its subnet not already taken.
    pub(super) fn own_ip(
        &mut self,
        vpc: &str,
        subnet: &str,
        ip: Option<&str>,
        owner: &str,
    ) -> Option<String> {
        let raw = ip?;
        let Some(addr) = ipv4(raw) else {
            self.r.skip("IPv6 or unreadable interface addresses", owner);
            return None;
        };
        if !self
            .subnet_cidr
            .get(subnet)
            .is_some_and(|n| n.contains(&addr))
        {
            self.r.note(format!(
                "{owner}: address {addr} is outside subnet {subnet}; left to the loader"
            ));
            return None;
        }
        if !self.used_ips.insert((vpc.to_string(), addr)) {
            self.r.note(format!(
                "{owner}: address {addr} is already used in {vpc}; left to the loader"
            ));
            return None;
        }
        Some(addr.to_string())
    }
}
