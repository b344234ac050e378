//! The service catalogue with the model's own prefix lists and services added.

use super::*;

/// The built-in catalogue plus the model's `prefix_lists` and `services`.
pub(super) fn catalogue(cx: &mut Cx, raw: &RawModel) -> Catalogue {
    let mut catalogue = Catalogue::builtin().clone();
    for pl in &raw.prefix_lists {
        let cidrs = pl
            .cidrs
            .iter()
            .filter_map(|c| parse_cidr(cx, c, &pl.id.value))
            .collect();
        catalogue.add_prefix_list(PrefixListDef {
            id: pl.id.value.clone(),
            name: pl.name.clone().unwrap_or_else(|| pl.id.value.clone()),
            region: pl.region.as_ref().map(|r| r.value.clone()),
            cidrs,
            aws_managed: false,
        });
    }
    for s in &raw.services {
        let name = s.name.value.trim().to_string();
        let parts: Vec<&str> = name.split('.').collect();
        if parts.len() < 4 || parts[0] != "com" || parts[1] != "amazonaws" {
            cx.err(
                "BAD_VALUE",
                format!("`{name}` is not a full service name"),
                pos(&s.name),
            )
            .help(
                "write com.amazonaws.<region>.<service>, e.g. com.amazonaws.us-east-1.execute-api",
            );
            continue;
        }
        let svc_region = parts[2].to_string();
        let short = parts[3..].join(".");
        let mut types = Vec::new();
        for t in &s.types {
            match t.value.as_str() {
                "gateway" => types.push(EndpointType::Gateway),
                "interface" => types.push(EndpointType::Interface),
                other => {
                    cx.err(
                        "BAD_ENUM",
                        format!("unknown endpoint type `{other}`"),
                        pos(t),
                    )
                    .help("use gateway or interface");
                }
            }
        }
        if types.is_empty() {
            types.push(EndpointType::Interface);
        }
        let dns = s
            .dns
            .as_ref()
            .map(|d| norm_name(&d.value))
            .unwrap_or_else(|| format!("{short}.{svc_region}.amazonaws.com"));
        let prev = catalogue.service(&name).cloned();
        let public_cidrs = s
            .cidrs
            .iter()
            .filter_map(|c| parse_cidr(cx, c, &name))
            .collect::<Vec<_>>();
        catalogue.add_service(ServiceDef {
            name: name.clone(),
            short: short.clone(),
            region: svc_region,
            private_dns_names: if s.private_dns_names.is_empty() {
                prev.as_ref()
                    .map(|p| p.private_dns_names.clone())
                    .unwrap_or_else(|| vec![dns.clone()])
            } else {
                s.private_dns_names.iter().map(|n| norm_name(n)).collect()
            },
            dns,
            types,
            policy_supported: s
                .policy_supported
                .unwrap_or(prev.as_ref().map(|p| p.policy_supported).unwrap_or(true)),
            public_cidrs: if public_cidrs.is_empty() {
                prev.as_ref()
                    .map(|p| p.public_cidrs.clone())
                    .unwrap_or_default()
            } else {
                public_cidrs
            },
            prefix_list: s
                .prefix_list
                .as_ref()
                .map(|p| p.value.clone())
                .or(prev.as_ref().and_then(|p| p.prefix_list.clone())),
            missing_zone_ids: if s.missing_zone_ids.is_empty() {
                prev.as_ref()
                    .map(|p| p.missing_zone_ids.clone())
                    .unwrap_or_default()
            } else {
                s.missing_zone_ids.clone()
            },
            global_names: prev.map(|p| p.global_names).unwrap_or_default(),
        });
    }
    catalogue
}
