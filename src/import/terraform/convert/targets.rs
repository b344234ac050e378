//! Terraform's load balancer targets: `aws_lb_target_group` (port, type, `proxy_protocol_v2`,
//! `load_balancing_cross_zone_enabled`), `aws_lb_target_group_attachment` (its targets) and
//! the group an `aws_lb_listener`'s `default_action` forwards to, as the elbv2 outputs the
//! capture script saves (describe-target-groups, -target-health, -target-group-attributes).
//!
//! Terraform does not know target health: every attached target is written healthy (the
//! report says so). A group with no attachment gets no health at all, so the build leaves
//! that load balancer's groups out (targets registered by an Auto Scaling group or ECS are not
//! in the plan) rather than call it empty.

use super::*;

impl Conv<'_> {
    /// The default action of an `aws_lb_listener`: the group it forwards to.
    pub(super) fn listener_actions(&self, r: &Res) -> Vec<aws::ListenerAction> {
        let mut out = Vec::new();
        for (i, a) in r
            .values
            .get("default_action")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let kind = a.get("type").and_then(Value::as_str).unwrap_or("forward");
            let arn = self
                .nested(r, "default_action", i, "target_group_arn")
                .into_iter()
                .next();
            out.push(aws::ListenerAction {
                kind: Some(kind.to_string()),
                target_group_arn: arn,
                forward_config: None,
            });
        }
        out
    }

    /// Target groups, their attributes and their attached targets.
    pub(super) fn target_groups(&mut self) {
        let tf = self.tf;
        let mut health: BTreeMap<String, Vec<aws::TargetHealthDescription>> = BTreeMap::new();
        for r in tf
            .of("aws_lb_target_group_attachment")
            .chain(tf.of("aws_alb_target_group_attachment"))
        {
            let (Some(tg), Some(target)) =
                (tf.str1(r, "target_group_arn"), tf.str1(r, "target_id"))
            else {
                self.report.skip(
                    "target group attachments whose group or target is not known",
                    r.address.clone(),
                );
                continue;
            };
            health
                .entry(tg)
                .or_default()
                .push(aws::TargetHealthDescription {
                    target: aws::TargetDescription {
                        id: target,
                        port: int(r.values.get("port")).and_then(|p| u16::try_from(p).ok()),
                        availability_zone: r.str("availability_zone").map(str::to_string),
                    },
                    target_health: Some(aws::TargetHealth {
                        state: Some("healthy".into()),
                        reason: None,
                    }),
                });
        }
        let mut any = false;
        for r in tf
            .of("aws_lb_target_group")
            .chain(tf.of("aws_alb_target_group"))
        {
            let name = r
                .str("name")
                .map(str::to_string)
                .unwrap_or_else(|| dns_label(&r.address));
            let g = aws::TargetGroup {
                target_group_arn: r.id.clone(),
                target_group_name: name.clone(),
                protocol: r.str("protocol").map(str::to_string),
                port: int(r.values.get("port")).and_then(|p| u16::try_from(p).ok()),
                vpc_id: tf.str1(r, "vpc_id"),
                target_type: Some(r.str("target_type").unwrap_or("instance").to_string()),
                load_balancer_arns: string_list(r.values.get("load_balancer_arns")),
            };
            let mut attrs = vec![aws::KeyValue {
                key: "proxy_protocol_v2.enabled".into(),
                value: Some(bool_of(r, "proxy_protocol_v2").unwrap_or(false).to_string()),
            }];
            if let Some(cz) = r.str("load_balancing_cross_zone_enabled") {
                attrs.push(aws::KeyValue {
                    key: "load_balancing.cross_zone.enabled".into(),
                    value: Some(cz.to_string()),
                });
            }
            let v = self.at((name.clone(), attrs));
            self.caps.lb_attributes.push(v);
            if let Some(list) = health.remove(&r.id) {
                any = true;
                let v = self.at((name, list));
                self.caps.target_health.push(v);
            }
            let v = self.at(g);
            self.caps.target_groups.push(v);
        }
        if any {
            self.report.infer(
                "target health is not in Terraform: every attached target is taken as healthy",
            );
        }
        for (tg, list) in health {
            self.report.skip_n(
                "target group attachments to groups not in the input",
                list.len(),
                tg,
            );
        }
    }
}
