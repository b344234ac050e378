//! Pass 2, VPC Lattice service networks (ES-33..ES-39): owner account, auth type and policy,
//! sharing, the resource configurations associated with them (resolved by id, with
//! did-you-mean) and the Lattice services they list (recorded, not traced).

use std::path::Path;

use super::*;

/// Every service network, in file order (one model object per raw entry, so indexes match
/// the raw list, which endpoints resolve against).
pub(super) fn service_networks(
    cx: &mut Cx,
    raw: &RawModel,
    configs: &[ResourceConfiguration],
    accounts: &[Account],
    base: Option<&Path>,
) -> Vec<ServiceNetwork> {
    unique_ids(cx, raw);
    raw.service_networks
        .iter()
        .map(|n| service_network(cx, raw, configs, accounts, base, n))
        .collect()
}

/// Service network ids are unique among themselves, the resource ids and the model's ids.
fn unique_ids(cx: &mut Cx, raw: &RawModel) {
    let mut seen: HashSet<&str> = raw
        .resource_gateways
        .iter()
        .map(|g| g.id.value.as_str())
        .chain(
            raw.resource_configurations
                .iter()
                .map(|c| c.id.value.as_str()),
        )
        .collect();
    for n in &raw.service_networks {
        let v = n.id.value.as_str();
        if !seen.insert(v) || cx.ids.contains_key(v) {
            cx.err("DUPLICATE_ID", format!("`{v}` is used twice"), pos(&n.id))
                .help("give every object its own id")
                .object = Some(v.to_string());
        }
    }
}

/// The index of resource configuration `id` among `resource_configurations:`, or a located
/// error with a suggestion.
pub(super) fn config_ix(cx: &mut Cx, raw: &RawModel, r: &Str, owner: &str) -> Option<Ix> {
    let v = r.value.trim();
    let list = &raw.resource_configurations;
    if let Some(i) = list.iter().position(|c| c.id.value == v) {
        return Some(i);
    }
    let s = suggest(v, list.iter().map(|c| c.id.value.as_str()));
    cx.err(
        "UNKNOWN_REFERENCE",
        format!("unknown resource configuration `{v}`"),
        pos(r),
    )
    .help(
        did_you_mean(&s).unwrap_or_else(|| {
            "name a resource configuration of `resource_configurations:`".into()
        }),
    )
    .object = Some(owner.to_string());
    None
}

fn service_network(
    cx: &mut Cx,
    raw: &RawModel,
    configs: &[ResourceConfiguration],
    accounts: &[Account],
    base: Option<&Path>,
    n: &RawServiceNetwork,
) -> ServiceNetwork {
    let owner = n.id.value.clone();
    let account = cx.account_ix(&n.account, &owner);
    let auth_type = match &n.auth_type {
        None => "NONE".to_string(),
        Some(t) => {
            let v = t.value.trim().to_ascii_uppercase().replace('-', "_");
            match v.as_str() {
                "NONE" | "AWS_IAM" => v,
                other => {
                    let s = suggest(other, ["NONE", "AWS_IAM"]);
                    cx.err(
                        "BAD_ENUM",
                        format!("unknown auth type `{}`", t.value.trim()),
                        pos(t),
                    )
                    .help(did_you_mean(&s).unwrap_or_else(|| "use NONE or AWS_IAM (ES-36)".into()))
                    .object = Some(owner.clone());
                    "NONE".to_string()
                }
            }
        }
    };
    let auth_policy = n
        .auth_policy
        .as_ref()
        .and_then(|p| load_policy(cx, p, base, &owner, PolicyKind::Bucket));
    if let (Some(p), "NONE") = (&n.auth_policy, auth_type.as_str()) {
        cx.warn(
            w::AUTH_POLICY_WITHOUT_IAM,
            "the service network's auth type is NONE, so its auth policy is not evaluated (ES-36)",
            pos(p),
            &owner,
        );
    }
    let sharing = n.sharing.as_ref().map(|b| b.value).unwrap_or(false);
    let shared_with: Vec<String> = n
        .shared_with
        .iter()
        .map(|a| a.value.trim().to_string())
        .collect();
    let mut resource_configurations: Vec<Ix> = Vec::new();
    for r in &n.resource_configurations {
        let Some(i) = config_ix(cx, raw, r, &owner) else {
            continue;
        };
        if resource_configurations.contains(&i) {
            cx.err(
                "DUPLICATE_ID",
                format!(
                    "resource configuration `{}` is listed twice",
                    r.value.trim()
                ),
                pos(r),
            )
            .help("associate each resource configuration once (ES-34)")
            .object = Some(owner.clone());
            continue;
        }
        if let Some(c) = configs.get(i) {
            let shareable = sharing || !shared_with.is_empty();
            if shareable && !c.allow_shareable_service_network {
                cx.warn(
                    w::RESOURCE_CONFIG_NOT_SHAREABLE,
                    format!(
                        "{} does not allow association to a shareable service network, and {owner} is shareable (sharing or shared_with): AWS refuses the association (ES-35)",
                        c.id
                    ),
                    pos(r),
                    &owner,
                );
            }
            // The configuration's owner associates it: with its own service network or one
            // shared with it (ES-34, inferred from ES-33's sharing rule).
            let c_owner = accounts.get(c.account).map(|a| a.id.as_str()).unwrap_or("");
            let sn_owner = accounts.get(account).map(|a| a.id.as_str()).unwrap_or("");
            if !c_owner.is_empty()
                && c_owner != sn_owner
                && !shared_with.iter().any(|a| a == c_owner)
            {
                cx.warn(
                    w::SERVICE_NETWORK_NOT_SHARED,
                    format!(
                        "{} belongs to account {c_owner}, which can associate it only with its own service networks or ones shared with it; {owner} belongs to {sn_owner} and is not shared with {c_owner} (ES-33, ES-34)",
                        c.id
                    ),
                    pos(r),
                    &owner,
                );
            }
        }
        resource_configurations.push(i);
    }
    ServiceNetwork {
        id: owner,
        name: label(&n.name),
        account,
        auth_type,
        auth_policy,
        sharing,
        shared_with,
        resource_configurations,
        services: n
            .services
            .iter()
            .map(|s| s.value.trim().to_string())
            .collect(),
        pos: pos(&n.id),
    }
}
