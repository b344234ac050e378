//! Behind an endpoint service's network load balancer: its target groups (elbv2
//! describe-target-groups), which group each listener forwards to (describe-listeners'
//! default action), each group's attributes (describe-target-group-attributes: cross-zone,
//! proxy protocol v2) and its targets' health (describe-target-health, one file per group).
//!
//! describe-target-health does not name its target group: the capture script saves it as
//! `elbv2-describe-target-health.<group name>.<group id>.json` (the last two parts of the
//! group's ARN), and a file named after the group's name alone is read too.
//!
//! All or nothing per load balancer: a target group written without all its targets would
//! make a trace fail for a missing healthy target that exists. So when a group a listener
//! forwards to, or its health, or a healthy target's instance or subnet was not captured, no
//! target group of that load balancer is written and the trace does not check target health
//! (the report says so).

use super::*;

/// The health states AWS reports (`TargetHealth.State`), as the model spells them.
const STATES: [&str; 6] = [
    "healthy",
    "unhealthy",
    "initial",
    "draining",
    "unused",
    "unavailable",
];

/// Attribute keys only target groups have (describe-target-group-attributes and
/// describe-load-balancer-attributes share the top-level key `Attributes`).
const TARGET_GROUP_KEYS: [&str; 6] = [
    "proxy_protocol_v2.",
    "deregistration_delay.",
    "stickiness.",
    "preserve_client_ip.",
    "target_health_state.",
    "target_group_health.",
];

/// Whether a set of attributes is a target group's rather than a load balancer's.
pub(super) fn is_target_group_attributes(attrs: &[aws::KeyValue]) -> bool {
    attrs
        .iter()
        .any(|a| TARGET_GROUP_KEYS.iter().any(|k| a.key.starts_with(k)))
}

/// The names a capture file may give a target group: `<name>.<id>`, `<name>`, `<id>`, from its
/// ARN `arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>`.
fn file_keys(arn: &str, name: &str) -> Vec<String> {
    let mut keys = vec![name.to_string()];
    let tail: Vec<&str> = arn.rsplit('/').take(2).collect();
    if let [id, arn_name] = tail[..] {
        keys.push(format!("{arn_name}.{id}"));
        keys.push(id.to_string());
        if arn_name != name {
            keys.push(arn_name.to_string());
        }
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// The target group a listener forwards to (one group: a network load balancer's forward
/// action has no weighted groups).
fn forward_arn(l: &aws::Listener) -> Option<&str> {
    let a = l.default_actions.iter().find(|a| {
        a.kind
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case("forward"))
    })?;
    if let Some(arn) = a.target_group_arn.as_deref() {
        return Some(arn);
    }
    match a.forward_config.as_ref().map(|f| &f.target_groups[..]) {
        Some([one]) => Some(one.target_group_arn.as_str()),
        _ => None,
    }
}

/// The elbv2 captures by the key each is looked up by, built once for all endpoint services
/// (scanning every capture per service made a large import quadratic).
pub(super) struct ElbIndex<'c> {
    /// Load balancer ARN -> its listeners.
    listeners: HashMap<&'c str, Vec<&'c aws::Listener>>,
    /// Load balancer ARN -> the ARNs of the target groups attached to it.
    attached: HashMap<&'c str, Vec<&'c str>>,
    groups: HashMap<&'c str, &'c aws::TargetGroup>,
    /// File-name resource -> target health lists.
    health: HashMap<&'c str, Vec<&'c [aws::TargetHealthDescription]>>,
    /// File-name resource (or Terraform name) -> attribute sets.
    attributes: HashMap<&'c str, Vec<&'c [aws::KeyValue]>>,
}

impl<'c> ElbIndex<'c> {
    pub(super) fn new(c: &'c Captures) -> Self {
        let mut ix = ElbIndex {
            listeners: HashMap::new(),
            attached: HashMap::new(),
            groups: HashMap::new(),
            health: HashMap::new(),
            attributes: HashMap::new(),
        };
        for l in &c.listeners {
            ix.listeners
                .entry(l.v.load_balancer_arn.as_str())
                .or_default()
                .push(&l.v);
        }
        for g in &c.target_groups {
            ix.groups
                .entry(g.v.target_group_arn.as_str())
                .or_insert(&g.v);
            for lb in &g.v.load_balancer_arns {
                ix.attached
                    .entry(lb.as_str())
                    .or_default()
                    .push(g.v.target_group_arn.as_str());
            }
        }
        for h in &c.target_health {
            ix.health.entry(h.v.0.as_str()).or_default().push(&h.v.1);
        }
        for a in &c.lb_attributes {
            ix.attributes
                .entry(a.v.0.as_str())
                .or_default()
                .push(&a.v.1);
        }
        ix
    }

    /// The listeners of a load balancer.
    pub(super) fn listeners(&self, lb_arn: &str) -> &[&'c aws::Listener] {
        self.listeners.get(lb_arn).map_or(&[], Vec::as_slice)
    }

    /// Attribute sets saved under any of `keys`, each once.
    pub(super) fn attributes<K: AsRef<str>>(&self, keys: &[K]) -> Vec<&'c [aws::KeyValue]> {
        let mut out: Vec<&'c [aws::KeyValue]> = Vec::new();
        for k in keys {
            for a in self.attributes.get(k.as_ref()).into_iter().flatten() {
                if !out.iter().any(|o| std::ptr::eq(*o, *a)) {
                    out.push(a);
                }
            }
        }
        out
    }

    /// Target health lists saved under any of `keys`; None when no file is.
    fn health<K: AsRef<str>>(&self, keys: &[K]) -> Option<Vec<&'c aws::TargetHealthDescription>> {
        let lists: Vec<&&'c [aws::TargetHealthDescription]> = keys
            .iter()
            .filter_map(|k| self.health.get(k.as_ref()))
            .flatten()
            .collect();
        (!lists.is_empty()).then(|| lists.into_iter().flat_map(|l| l.iter()).collect())
    }
}

/// The result for one load balancer.
#[derive(Default)]
pub(super) struct LbTargets {
    pub groups: Vec<doc::TargetGroup>,
    pub listener_groups: BTreeMap<(String, u16), String>,
}

impl B<'_> {
    /// The target groups of network load balancer `arn` (in VPC `vpc`) behind endpoint
    /// service `service`, for the `listeners` written; empty when not all were captured.
    pub(super) fn lb_targets(
        &mut self,
        ix: &ElbIndex,
        service: &str,
        arn: &str,
        vpc: &str,
        lb_subnets: &[String],
        listeners: &[(String, u16)],
    ) -> LbTargets {
        let lb_zones: Vec<String> = self.vpcs[vpc]
            .subnets
            .iter()
            .filter(|s| lb_subnets.contains(&s.id))
            .map(|s| s.zone.clone())
            .collect();
        // Listener -> the ARN of the group it forwards to.
        let mut forwards: Vec<((String, u16), String)> = Vec::new();
        for l in ix.listeners(arn) {
            let key = (
                l.protocol.clone().unwrap_or_default().to_ascii_lowercase(),
                l.port.unwrap_or_default(),
            );
            if let Some(g) = forward_arn(l)
                && listeners.contains(&key)
                && !forwards.iter().any(|(k, _)| *k == key)
            {
                forwards.push((key, g.to_string()));
            }
        }
        // The groups: those attached to the load balancer and those a listener names.
        let mut arns: Vec<String> = ix
            .attached
            .get(arn)
            .into_iter()
            .flatten()
            .map(|a| a.to_string())
            .collect();
        for (_, g) in &forwards {
            if !arns.contains(g) {
                arns.push(g.clone());
            }
        }
        arns.sort();
        arns.dedup();
        let none_captured = !arns.iter().any(|a| ix.groups.contains_key(a.as_str()));
        if none_captured {
            self.r.not_captured_once(
                "target groups and target health (elbv2 describe-target-groups, describe-target-health) of endpoint services' load balancers: target health is not checked",
                service,
            );
            return LbTargets::default();
        }
        let mut out = LbTargets::default();
        let mut ids: HashMap<&str, String> = HashMap::new();
        for g_arn in &arns {
            match self.target_group(ix, service, g_arn, vpc, &lb_zones) {
                Ok(g) if out.groups.iter().any(|o| o.id == g.id) => {
                    self.r.infer(format!(
                        "{service}: two target groups named {}; no target group of its load balancer written, so traces do not check target health",
                        g.id
                    ));
                    return LbTargets::default();
                }
                Ok(g) => {
                    ids.insert(g_arn.as_str(), g.id.clone());
                    out.groups.push(g);
                }
                Err(why) => {
                    self.r.infer(format!(
                        "{service}: {why}; no target group of its load balancer written, so traces do not check target health"
                    ));
                    return LbTargets::default();
                }
            }
        }
        for (key, g) in forwards {
            if let Some(id) = ids.get(g.as_str()) {
                out.listener_groups.insert(key, id.clone());
            }
        }
        out
    }

    /// One target group with its attributes and targets; Err says what was not captured.
    fn target_group(
        &mut self,
        ix: &ElbIndex,
        service: &str,
        arn: &str,
        vpc: &str,
        lb_zones: &[String],
    ) -> Result<doc::TargetGroup, String> {
        let Some(g) = ix.groups.get(arn).copied() else {
            return Err(format!(
                "target group {arn} not captured (elbv2 describe-target-groups)"
            ));
        };
        // The model's id for the group is its name (unique in its account and Region).
        if g.target_group_name.trim().is_empty()
            || g.target_group_name.contains(char::is_whitespace)
        {
            return Err(format!("target group {arn} has no usable name"));
        }
        let keys = file_keys(arn, &g.target_group_name);
        let kind = g
            .target_type
            .as_deref()
            .unwrap_or("instance")
            .to_ascii_lowercase();
        if kind != "instance" && kind != "ip" {
            return Err(format!(
                "target group {} has {kind} targets (not modelled)",
                g.target_group_name
            ));
        }
        let Some(health) = ix.health(&keys) else {
            return Err(format!(
                "health of target group {} not captured (elbv2 describe-target-health, saved as elbv2-describe-target-health.{}.json; from Terraform: no aws_lb_target_group_attachment)",
                g.target_group_name,
                keys.get(1).unwrap_or(&g.target_group_name)
            ));
        };
        let mut targets: Vec<doc::Target> = Vec::new();
        for h in health {
            let state = h
                .target_health
                .as_ref()
                .and_then(|t| t.state.as_deref())
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let Some(state) = STATES.iter().find(|s| **s == state) else {
                return Err(format!(
                    "target {} of {} has no known health state ({state:?})",
                    h.target.id, g.target_group_name
                ));
            };
            let id = h.target.id.trim().to_string();
            let Some(zone) = self.target_zone(&id, vpc, h.target.availability_zone.as_deref())
            else {
                if *state == "healthy" {
                    return Err(format!(
                        "healthy target {id} of {} is outside the captured subnets and instances of {vpc}",
                        g.target_group_name
                    ));
                }
                self.r.skip(
                    "targets that are not healthy and not in a captured instance or subnet",
                    format!("{} -> {id}", g.target_group_name),
                );
                continue;
            };
            // A target in an AZ its load balancer does not use gets no traffic: AWS reports
            // it `unused` (Target.NotInUse). Terraform's targets are taken as healthy, so say
            // what AWS will.
            let state: &str = if *state == "healthy" && !lb_zones.contains(&zone) {
                self.r.infer(format!(
                    "{service}: target {id} of {} is in {zone}, which its load balancer does not use; written unused, as AWS reports it (Target.NotInUse)",
                    g.target_group_name
                ));
                "unused"
            } else {
                state
            };
            let health = (state != "healthy").then(|| state.to_string());
            match targets.iter_mut().find(|t| t.id == id) {
                // Registered twice (two ports): healthy if either is.
                Some(t) => {
                    if health.is_none() {
                        t.health = None;
                    }
                }
                None => targets.push(doc::Target { id, health }),
            }
        }
        let (cross_zone, ppv2) =
            self.target_group_attributes(ix, service, &g.target_group_name, &keys);
        Ok(doc::TargetGroup {
            id: g.target_group_name.clone(),
            port: g.port,
            cross_zone,
            proxy_protocol_v2: ppv2,
            targets,
        })
    }

    /// The AZ of a target: an instance of `vpc`, or an address in one of its captured subnets
    /// (not `all`: an IP target outside the VPC); None when not placed.
    fn target_zone(&self, id: &str, vpc: &str, zone: Option<&str>) -> Option<String> {
        if zone.is_some_and(|z| z.eq_ignore_ascii_case("all")) {
            return None;
        }
        let v = self.vpcs.get(vpc)?;
        // The VPC's own subnets and instances only: linear in the capture, not quadratic.
        let subnet = match ipv4(id) {
            Some(ip) => v.subnets.iter().find(|s| {
                self.subnet_cidr
                    .get(&s.id)
                    .is_some_and(|net| net.contains(&ip))
            })?,
            None => {
                let i = v.instances.iter().find(|i| i.id == id)?;
                v.subnets.iter().find(|s| s.id == i.subnet)?
            }
        };
        Some(subnet.zone.clone())
    }

    /// (cross-zone, proxy protocol v2) from describe-target-group-attributes: cross-zone None
    /// for `use_load_balancer_configuration` (AWS's default) or when not captured.
    fn target_group_attributes(
        &mut self,
        ix: &ElbIndex,
        service: &str,
        name: &str,
        keys: &[String],
    ) -> (Option<bool>, Option<bool>) {
        let attrs: Vec<&aws::KeyValue> = ix
            .attributes(keys)
            .into_iter()
            .filter(|a| is_target_group_attributes(a))
            .flat_map(|a| a.iter())
            .collect();
        if attrs.is_empty() {
            self.r.infer(format!(
                "{service}: attributes of target group {name} not captured (elbv2 describe-target-group-attributes); cross-zone as the load balancer's, proxy protocol v2 off"
            ));
            return (None, None);
        }
        let get = |k: &str| {
            attrs
                .iter()
                .find(|a| a.key == k)
                .and_then(|a| a.value.as_deref())
                .map(str::to_ascii_lowercase)
        };
        let cross_zone = match get("load_balancing.cross_zone.enabled").as_deref() {
            Some("true") => Some(true),
            Some("false") => Some(false),
            _ => None,
        };
        let ppv2 = (get("proxy_protocol_v2.enabled").as_deref() == Some("true")).then_some(true);
        (cross_zone, ppv2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_keys_from_the_arn() {
        let k = file_keys(
            "arn:aws:elasticloadbalancing:us-east-1:222222222222:targetgroup/api/73e2d6bc24d8a067",
            "api",
        );
        assert_eq!(k, ["api", "api.73e2d6bc24d8a067", "73e2d6bc24d8a067"]);
    }

    #[test]
    fn target_group_attributes_are_told_from_load_balancer_ones() {
        let kv = |k: &str| aws::KeyValue {
            key: k.into(),
            value: Some("true".into()),
        };
        assert!(is_target_group_attributes(&[
            kv("load_balancing.cross_zone.enabled"),
            kv("proxy_protocol_v2.enabled")
        ]));
        assert!(!is_target_group_attributes(&[
            kv("load_balancing.cross_zone.enabled"),
            kv("deletion_protection.enabled")
        ]));
    }
}
