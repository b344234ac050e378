//! Terraform JSON -> the same [`Captures`] the AWS CLI importer builds.
//!
//! Three inputs are read: `terraform show -json PLANFILE` (a plan: `planned_values`,
//! `resource_changes`, `configuration`), `terraform show -json` (a state: `values`), and a raw
//! state file (`terraform.tfstate`: `version` 4, `resources[].instances[]`).
//!
//! Conventions (scripts depend on them):
//! - an object's id is its AWS id where one is known (state, or a plan's unchanged resources);
//!   otherwise a placeholder made of the AWS id prefix and the resource address as a DNS label
//!   (`aws_subnet.app["a"]` -> `subnet-app-a`, see [`dns_label`]), listed in the report;
//! - names come from `tags.Name`, else the resource address;
//! - a value unknown until apply is found through the plan's `configuration` references:
//!   `count.index` / `each.key` pick the instance with the same index or key, a reference
//!   without an index to a resource with several instances means all of them (a splat),
//!   and a module output is followed into the module.
//!
//! - this file: detection, the flattened resource list, addresses and reference resolution;
//! - [`convert`]: resources -> AWS CLI shapes, type by type.

mod convert;

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::report::Report;
use super::{Captures, Ctx};

/// Which Terraform JSON a value is, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `terraform show -json PLANFILE`.
    Plan,
    /// `terraform show -json` of a state.
    ShownState,
    /// A `.tfstate` file as Terraform writes it.
    RawState,
}

/// Recognise Terraform JSON by its top-level keys.
pub(crate) fn kind(v: &Value) -> Option<Kind> {
    let o = v.as_object()?;
    if o.contains_key("format_version")
        && (o.contains_key("planned_values") || o.contains_key("resource_changes"))
    {
        return Some(Kind::Plan);
    }
    if o.contains_key("format_version") && o.contains_key("values") {
        return Some(Kind::ShownState);
    }
    if o.contains_key("terraform_version")
        && o.get("resources").is_some_and(Value::is_array)
        && o.contains_key("version")
    {
        return Some(Kind::RawState);
    }
    // An empty state shown as JSON: `{"format_version": "1.0"}`.
    if o.contains_key("format_version") && o.contains_key("terraform_version") {
        return Some(Kind::ShownState);
    }
    None
}

/// One resource instance.
#[derive(Debug, Clone)]
pub(crate) struct Res {
    /// Full address: `module.network.aws_subnet.private[0]`.
    pub address: String,
    /// Module address without instance keys (`module.network`), "" at the root: the key into
    /// the configuration.
    pub module: String,
    /// Module address as written (`module.net["a"]`), "" at the root.
    pub module_instance: String,
    pub rtype: String,
    pub name: String,
    /// `count` index or `for_each` key.
    pub index: Option<Value>,
    pub values: Map<String, Value>,
    /// `after_unknown` of the plan (true, or an object/array of the same shape).
    pub unknown: Value,
    /// The AWS id, or the placeholder.
    pub id: String,
}

impl Res {
    /// `type.name` with the module prefix, without the index (the key of all instances).
    fn base(&self) -> String {
        join(
            &self.module_instance,
            &format!("{}.{}", self.rtype, self.name),
        )
    }

    fn str(&self, k: &str) -> Option<&str> {
        self.values
            .get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }

    /// True when the plan says `k` is known only after apply.
    fn is_unknown(&self, k: &str) -> bool {
        match self.unknown.get(k) {
            Some(Value::Bool(b)) => *b,
            Some(Value::Array(a)) => a.iter().any(|v| v == &Value::Bool(true)),
            _ => false,
        }
    }
}

fn join(module: &str, rest: &str) -> String {
    if module.is_empty() {
        rest.to_string()
    } else {
        format!("{module}.{rest}")
    }
}

/// A DNS label from any text: lowercase letters, digits and single hyphens, at most 63
/// characters, never empty (`aws_subnet.app["a"]` -> `aws-subnet-app-a`). The one way an
/// address becomes part of an id or a DNS name.
pub fn dns_label(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > 63 {
        // Keep the end (the name and index tell instances apart) and a hash of the whole.
        let h = fnv(s);
        let tail: String = out[out.len() - 50..].trim_start_matches('-').to_string();
        out = format!("{h:08x}-{tail}");
    }
    if out.is_empty() {
        out.push('x');
    }
    out
}

fn fnv(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Configuration of one resource block: attribute -> references.
type Exprs = Map<String, Value>;

/// Everything read from one Terraform JSON, with its lookups.
pub(crate) struct Tf {
    pub res: Vec<Res>,
    /// Full address -> instance (a reference with an index is one lookup, not a scan).
    by_addr: HashMap<String, usize>,
    /// Data sources taken (from `planned_values`, then `prior_state`): each once.
    data_seen: std::collections::HashSet<String>,
    by_base: HashMap<String, Vec<usize>>,
    /// `module|type.name` -> expressions.
    config: HashMap<String, Exprs>,
    /// `module|output` -> references.
    outputs: HashMap<String, Vec<String>>,
    pub region: Option<String>,
    /// (address, placeholder id) of objects whose id is unknown until apply.
    pub placeholders: Vec<(String, String)>,
}

/// Read one Terraform JSON into the captures. Returns false when it held no AWS resource.
pub(crate) fn ingest(
    caps: &mut Captures,
    report: &mut Report,
    ctx: Ctx,
    value: &Value,
    kind: Kind,
) -> bool {
    let tf = Tf::read(value, kind);
    convert::convert(&tf, caps, report, ctx)
}

impl Tf {
    fn read(v: &Value, kind: Kind) -> Tf {
        let mut tf = Tf {
            res: Vec::new(),
            by_addr: HashMap::new(),
            data_seen: Default::default(),
            by_base: HashMap::new(),
            config: HashMap::new(),
            outputs: HashMap::new(),
            region: None,
            placeholders: Vec::new(),
        };
        match kind {
            Kind::Plan => {
                let unknown: HashMap<&str, &Value> = v
                    .get("resource_changes")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|c| {
                        Some((
                            c.get("address")?.as_str()?,
                            c.pointer("/change/after_unknown")?,
                        ))
                    })
                    .collect();
                if let Some(root) = v.pointer("/planned_values/root_module") {
                    tf.module(root, &unknown, &["managed", "data"]);
                }
                // Data sources read while planning (policy documents) are in the prior state.
                if let Some(root) = v.pointer("/prior_state/values/root_module") {
                    tf.module(root, &HashMap::new(), &["data"]);
                }
                if let Some(root) = v.pointer("/configuration/root_module") {
                    tf.configuration(root, "");
                }
                tf.region = v
                    .pointer("/configuration/provider_config/aws/expressions/region/constant_value")
                    .and_then(Value::as_str)
                    .map(str::to_string);
            }
            Kind::ShownState => {
                if let Some(root) = v.pointer("/values/root_module") {
                    tf.module(root, &HashMap::new(), &["managed"]);
                }
            }
            Kind::RawState => tf.raw_state(v),
        }
        tf.index();
        tf.adopt_default_groups();
        tf
    }

    /// `planned_values` / `values` module: its resources, then its child modules.
    /// `modes`: which resources to take (`managed`, and `data` for data sources).
    fn module(&mut self, m: &Value, unknown: &HashMap<&str, &Value>, modes: &[&str]) {
        let module_instance = m
            .get("address")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        for r in m
            .get("resources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let mode = r.get("mode").and_then(Value::as_str).unwrap_or("");
            if !modes.contains(&mode) {
                continue;
            }
            let address = r
                .get("address")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            if mode == "data" && !self.data_seen.insert(address.clone()) {
                continue;
            }
            // Data sources are kept as `data.TYPE`, the way references name them.
            let data_type = r
                .get("type")
                .and_then(Value::as_str)
                .map(|t| Value::String(format!("data.{t}")));
            let rtype = if mode == "data" {
                data_type.as_ref()
            } else {
                r.get("type")
            };
            let u = unknown
                .get(address.as_str())
                .map(|v| (*v).clone())
                .unwrap_or(Value::Null);
            self.push(
                address,
                &module_instance,
                rtype,
                r.get("name"),
                r.get("index").cloned(),
                r.get("values"),
                u,
            );
        }
        for c in m
            .get("child_modules")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.module(c, unknown, modes);
        }
    }

    fn raw_state(&mut self, v: &Value) {
        for r in v
            .get("resources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if r.get("mode").and_then(Value::as_str) != Some("managed") {
                continue;
            }
            let module = r.get("module").and_then(Value::as_str).unwrap_or("");
            let (Some(t), Some(n)) = (
                r.get("type").and_then(Value::as_str),
                r.get("name").and_then(Value::as_str),
            ) else {
                continue;
            };
            for i in r
                .get("instances")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let index = i.get("index_key").cloned();
                let address = join(module, &format!("{t}.{n}{}", index_suffix(index.as_ref())));
                self.push(
                    address,
                    module,
                    r.get("type"),
                    r.get("name"),
                    index,
                    i.get("attributes"),
                    Value::Null,
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        address: String,
        module_instance: &str,
        rtype: Option<&Value>,
        name: Option<&Value>,
        index: Option<Value>,
        values: Option<&Value>,
        unknown: Value,
    ) {
        let (Some(rtype), Some(name)) =
            (rtype.and_then(Value::as_str), name.and_then(Value::as_str))
        else {
            return;
        };
        self.res.push(Res {
            address,
            module: strip_keys(module_instance),
            module_instance: module_instance.to_string(),
            rtype: rtype.to_string(),
            name: name.to_string(),
            index: index.filter(|i| !i.is_null()),
            values: values
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            unknown,
            id: String::new(),
        });
    }

    /// `configuration.root_module` (and its `module_calls`): expressions per resource block,
    /// module outputs.
    fn configuration(&mut self, m: &Value, module: &str) {
        for r in m
            .get("resources")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(a), Some(e)) = (
                r.get("address").and_then(Value::as_str),
                r.get("expressions").and_then(Value::as_object),
            ) else {
                continue;
            };
            self.config.insert(format!("{module}|{a}"), e.clone());
        }
        if let Some(outs) = m.get("outputs").and_then(Value::as_object) {
            for (name, o) in outs {
                self.outputs
                    .insert(format!("{module}|{name}"), refs(o.get("expression")));
            }
        }
        if let Some(calls) = m.get("module_calls").and_then(Value::as_object) {
            for (name, call) in calls {
                if let Some(child) = call.get("module") {
                    self.configuration(child, &join(module, &format!("module.{name}")));
                }
            }
        }
    }

    /// `aws_default_security_group` adopts its VPC's default group, which AWS made with the
    /// VPC: where the plan does not know its id, it is the VPC's `default_security_group_id`
    /// (known, or the placeholder every reference to that attribute gets), so the group, the
    /// VPC's default and the references to either are one object.
    fn adopt_default_groups(&mut self) {
        let vpcs: HashMap<String, usize> = self
            .res
            .iter()
            .enumerate()
            .filter(|(_, r)| r.rtype == "aws_vpc")
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let placeholder_at: HashMap<String, usize> = self
            .placeholders
            .iter()
            .enumerate()
            .map(|(k, (a, _))| (a.clone(), k))
            .collect();
        for i in 0..self.res.len() {
            let r = &self.res[i];
            if r.rtype != "aws_default_security_group" || convert::aws_id(r).is_some() {
                continue;
            }
            let Some(vpc) = self.str1(r, "vpc_id") else {
                continue;
            };
            let Some(v) = vpcs.get(&vpc).map(|&x| &self.res[x]) else {
                continue;
            };
            let id = v
                .str("default_security_group_id")
                .map(str::to_string)
                .unwrap_or_else(|| convert::derived(self, v, "default_security_group_id"));
            if let Some(&k) = placeholder_at.get(&r.address) {
                self.placeholders[k].1 = id.clone();
            }
            self.res[i].id = id;
        }
    }

    /// Ids (AWS or placeholder) and the lookups.
    fn index(&mut self) {
        let mut taken: HashMap<String, usize> = HashMap::new();
        for i in 0..self.res.len() {
            let r = &self.res[i];
            let known = convert::aws_id(r);
            let id = match known {
                Some(id) => id,
                None => {
                    let prefix = convert::id_prefix(&r.rtype);
                    let rest =
                        r.address
                            .replace("module.", "")
                            .replacen(&format!("{}.", r.rtype), "", 1);
                    let mut id = format!("{prefix}-{}", dns_label(&rest));
                    let n = taken.entry(id.clone()).or_default();
                    *n += 1;
                    if *n > 1 {
                        id = format!("{id}-{n}");
                    }
                    // Associations and rules are not objects of the model: no id to report.
                    if prefix != "tf" {
                        self.placeholders.push((r.address.clone(), id.clone()));
                    }
                    id
                }
            };
            self.res[i].id = id;
            self.by_addr.insert(self.res[i].address.clone(), i);
            self.by_base.entry(self.res[i].base()).or_default().push(i);
        }
    }

    /// Resources of one type.
    pub fn of<'a>(&'a self, t: &'a str) -> impl Iterator<Item = &'a Res> + 'a {
        self.res.iter().filter(move |r| r.rtype == t)
    }

    /// Attribute `k` of `r` as strings: its value when known, else the values its
    /// configuration references resolve to.
    pub fn strs(&self, r: &Res, k: &str) -> Vec<String> {
        match r.values.get(k) {
            Some(Value::String(s)) if !s.is_empty() => return vec![s.clone()],
            Some(Value::Array(a)) if !a.is_empty() && !r.is_unknown(k) => {
                let got: Vec<String> = a
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect();
                if got.len() == a.len() {
                    return got;
                }
            }
            _ => {}
        }
        if !r.is_unknown(k) && r.values.get(k).is_some_and(|v| !v.is_null()) {
            return Vec::new();
        }
        let Some(exprs) = self
            .config
            .get(&format!("{}|{}.{}", r.module, r.rtype, r.name))
        else {
            return Vec::new();
        };
        let Some(e) = exprs.get(k) else {
            return Vec::new();
        };
        self.resolve(&refs(Some(e)), &r.module_instance, r.index.as_ref())
    }

    /// One attribute as a string (the first of [`Tf::strs`]).
    pub fn str1(&self, r: &Res, k: &str) -> Option<String> {
        self.strs(r, k).into_iter().next()
    }

    /// The values a list of references (`aws_vpc.main.id`, `aws_vpc.main`, `count.index`)
    /// stands for, seen from `module` and the instance `index`.
    fn resolve(&self, refs: &[String], module: &str, index: Option<&Value>) -> Vec<String> {
        let follows_index = refs
            .iter()
            .any(|r| r == "count.index" || r.starts_with("each."));
        // Terraform lists `aws_vpc.main.id` and then `aws_vpc.main`: the first, most precise
        // reference to each resource wins.
        let mut done: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for rf in refs {
            if let Some(rest) = rf.strip_prefix("module.") {
                let mut parts = rest.splitn(2, '.');
                let call = parts.next().unwrap_or("");
                let call = call.split('[').next().unwrap_or(call);
                let Some(output) = parts.next() else { continue };
                let child = join(&strip_keys(module), &format!("module.{call}"));
                if done.contains(&child) {
                    continue;
                }
                done.push(child.clone());
                if let Some(inner) = self.outputs.get(&format!("{child}|{output}")) {
                    let child_instance = join(module, &format!("module.{call}"));
                    out.extend(self.resolve(inner, &child_instance, None));
                }
                continue;
            }
            let Some(p) = parse_ref(rf) else { continue };
            let base = join(module, &format!("{}.{}", p.rtype, p.name));
            if done.contains(&base) {
                continue;
            }
            done.push(base.clone());
            let Some(all) = self.by_base.get(&base) else {
                continue;
            };
            let one = |key: String| -> Vec<usize> {
                self.by_addr
                    .get(&format!("{base}[{key}]"))
                    .copied()
                    .into_iter()
                    .collect()
            };
            let targets: Vec<usize> = match (&p.index, follows_index, index) {
                (Some(k), _, _) => one(k.clone()),
                (None, true, Some(ix)) => one(index_text(Some(ix))),
                _ => all.clone(),
            };
            for t in targets {
                let tr = &self.res[t];
                match p.attr.as_deref() {
                    None | Some("id") => out.push(tr.id.clone()),
                    Some(a) => match tr.str(a) {
                        Some(s) => out.push(s.to_string()),
                        None => out.push(convert::derived(self, tr, a)),
                    },
                }
            }
        }
        out
    }
}

/// `module.net["a"].module.x` -> `module.net.module.x`.
fn strip_keys(m: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    let mut in_str = false;
    for c in m.chars() {
        match c {
            '"' if depth > 0 => in_str = !in_str,
            '[' if !in_str => depth += 1,
            ']' if !in_str => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// `[0]`, `["a"]`, or nothing.
fn index_suffix(i: Option<&Value>) -> String {
    match i {
        None | Some(Value::Null) => String::new(),
        Some(v) => format!("[{}]", index_text(Some(v))),
    }
}

/// An index as Terraform writes it in an address: `0`, `"a"`.
fn index_text(i: Option<&Value>) -> String {
    match i {
        Some(Value::String(s)) => format!("\"{s}\""),
        Some(v) => v.to_string(),
        None => String::new(),
    }
}

/// The `references` of a configuration expression (also inside nested blocks).
fn refs(e: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(o) => {
                if let Some(Value::Array(a)) = o.get("references") {
                    out.extend(a.iter().filter_map(Value::as_str).map(str::to_string));
                }
                for (k, x) in o {
                    if k != "references" {
                        walk(x, out);
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    if let Some(e) = e {
        walk(e, &mut out);
    }
    out
}

/// A parsed resource reference: `aws_subnet.app["a"].id`.
#[derive(Debug, PartialEq)]
struct Ref {
    rtype: String,
    name: String,
    /// As written between the brackets: `0`, `"a"`; None for none or a non-constant key.
    index: Option<String>,
    attr: Option<String>,
}

fn parse_ref(s: &str) -> Option<Ref> {
    if let Some(d) = s.strip_prefix("data.") {
        let mut r = parse_ref(d)?;
        r.rtype = format!("data.{}", r.rtype);
        return Some(r);
    }
    let (rtype, rest) = s.split_once('.')?;
    if !rtype.starts_with("aws_") {
        return None;
    }
    let name_end = rest.find(['.', '[']).unwrap_or(rest.len());
    let name = &rest[..name_end];
    let mut rest = &rest[name_end..];
    let mut index = None;
    if let Some(r) = rest.strip_prefix('[') {
        let close = r.find(']')?;
        let k = &r[..close];
        if k.starts_with('"') || k.chars().all(|c| c.is_ascii_digit()) {
            index = Some(k.to_string());
        }
        rest = &r[close + 1..];
    }
    let attr = rest
        .strip_prefix('.')
        .map(|a| a.split(['.', '[']).next().unwrap_or(a).to_string())
        .filter(|a| !a.is_empty());
    Some(Ref {
        rtype: rtype.to_string(),
        name: name.to_string(),
        index,
        attr,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_dns_safe() {
        assert_eq!(dns_label("aws_subnet.app[\"a\"]"), "aws-subnet-app-a");
        assert_eq!(
            dns_label("module.network.aws_subnet.private[0]"),
            "module-network-aws-subnet-private-0"
        );
        assert_eq!(dns_label("__"), "x");
        let long = dns_label(&"module.m.".repeat(20));
        assert!(long.len() <= 63, "{long}");
        assert!(long.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    }

    #[test]
    fn references_parse() {
        assert_eq!(
            parse_ref("aws_subnet.app[\"a\"].id"),
            Some(Ref {
                rtype: "aws_subnet".into(),
                name: "app".into(),
                index: Some("\"a\"".into()),
                attr: Some("id".into())
            })
        );
        let r = parse_ref("aws_vpc.main").unwrap();
        assert_eq!((r.index, r.attr), (None, None));
        let r = parse_ref("aws_subnet.s[count.index].id").unwrap();
        assert_eq!((r.index, r.attr.as_deref()), (None, Some("id")));
        assert_eq!(parse_ref("var.cidr"), None);
        assert_eq!(
            strip_keys("module.net[\"a\"].module.x[0]"),
            "module.net.module.x"
        );
    }
}
