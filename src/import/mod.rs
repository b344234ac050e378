//! Import saved AWS CLI JSON (`aws ec2 describe-*` and friends) into a model.
//!
//! `import_dir(DIR)` walks DIR (flat, or `DIR/<account>/<region>/*.json`), recognises each
//! `.json` file by its content (its top-level keys, never its name), merges everything, and
//! writes a model document as YAML that [`crate::model::load_str`] loads. What the model cannot
//! express is skipped and counted; values AWS guarantees but the captures lack are inferred and
//! listed ([`report`]).
//!
//! `import_path(INPUT)` also takes one file or `-` (stdin): AWS CLI output (a whole answer or a
//! `--query` list), `terraform show -json` of a plan or state, a `.tfstate`, or AWS Config
//! output. Every input becomes the same `Captures`; one build turns them into the model.
//!
//! - [`aws`]: serde types for the AWS JSON (PascalCase, lenient).
//! - [`terraform`]: Terraform JSON -> captures (ids, references, placeholders).
//! - `config`: AWS Config items -> describe-* shapes; `lists`: bare lists, group rules.
//! - [`build`]: AWS objects -> [`doc::Doc`] (ids kept, names from `Name` tags, grouped by VPC).
//! - [`to_raw`]: the document -> the loader's raw types, so opening a capture builds the model
//!   without writing and parsing YAML ([`Imported::model`]).
//! - [`doc`], [`yaml`]: the document and its YAML text (written only when asked for).
//! - [`export`]: the inverse (a model -> capture files), used to test that import is faithful.
//!
//! No printing and no writing here: the `import` command does that.

pub mod aws;
mod build;
mod config;
mod config_shapes;
pub mod doc;
mod doc_hybrid;
pub mod export;
mod hybrid;
mod lists;
pub mod report;
pub mod terraform;
pub mod to_raw;
mod to_raw_hybrid;
pub mod yaml;

use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::diag::{Diagnostic, Pos};
pub use report::Report;

/// The result of an import: the model document, its YAML text (written when first read), and
/// what was skipped or inferred.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The model as text, with a header comment saying where it came from and what was
    /// skipped. Written the first time it is read: [`Imported::model`] does not need it.
    pub yaml: Yaml,
    /// The report as lines of text (also in the YAML's header).
    pub report: Vec<String>,
    /// The report as data.
    pub details: Report,
    /// The model document.
    pub doc: Arc<doc::Doc>,
}

impl Imported {
    /// The validated model, built from the document directly (no YAML written or parsed).
    /// `name` is what its messages call the input (e.g. `captures/ (imported)`); they name
    /// the object, not a line, as there is no text (see [`to_raw`]).
    pub fn model(&self, name: &str) -> Result<crate::model::Model, crate::model::LoadError> {
        let raw = to_raw::raw_model(&self.doc);
        crate::model::validate::validate(raw, crate::model::Source::new(name, None, ""))
    }
}

/// An import's YAML text, written from its document the first time it is read (as a `&str`,
/// through `Deref`, or with `{}`).
#[derive(Clone)]
pub struct Yaml {
    doc: Arc<doc::Doc>,
    header: Arc<[String]>,
    text: OnceLock<String>,
}

impl Yaml {
    fn new(doc: Arc<doc::Doc>, header: Vec<String>) -> Self {
        Yaml {
            doc,
            header: header.into(),
            text: OnceLock::new(),
        }
    }

    pub fn as_str(&self) -> &str {
        self.text.get_or_init(|| self.doc.to_yaml(&self.header))
    }
}

impl Deref for Yaml {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Yaml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Yaml {
    fn eq(&self, other: &Yaml) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Yaml {}

impl fmt::Debug for Yaml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Largest capture file read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Deepest folder nesting followed.
const MAX_DEPTH: usize = 8;

/// Where a capture came from: its file, and the account and region its folders name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ctx {
    /// Path relative to the import folder, for messages.
    pub file: String,
    pub account: Option<String>,
    pub region: Option<String>,
    /// `<command>.<resource>.json`: the resource part, for outputs that do not name theirs.
    pub resource: Option<String>,
}

/// One captured object and the file it came from.
#[derive(Debug, Clone)]
pub(crate) struct At<T> {
    pub v: T,
    pub ctx: usize,
}

impl<T> At<T> {
    fn of(ctx: usize, v: T) -> Self {
        At { v, ctx }
    }
}

/// Everything read from the folder, by kind.
#[derive(Debug, Default)]
pub(crate) struct Captures {
    pub ctxs: Vec<Ctx>,
    pub vpcs: Vec<At<aws::Vpc>>,
    pub subnets: Vec<At<aws::Subnet>>,
    pub route_tables: Vec<At<aws::RouteTable>>,
    pub network_acls: Vec<At<aws::NetworkAcl>>,
    pub security_groups: Vec<At<aws::SecurityGroup>>,
    /// describe-security-group-rules, folded into `security_groups` before the build.
    pub security_group_rules: Vec<At<aws::SecurityGroupRule>>,
    /// (reservation owner, instance)
    pub instances: Vec<At<(Option<String>, aws::Instance)>>,
    pub network_interfaces: Vec<At<aws::NetworkInterface>>,
    pub internet_gateways: Vec<At<aws::InternetGateway>>,
    pub nat_gateways: Vec<At<aws::NatGateway>>,
    pub egress_only_gateways: Vec<At<aws::EgressOnlyInternetGateway>>,
    pub vpn_gateways: Vec<At<aws::VpnGateway>>,
    pub transit_gateways: Vec<At<aws::TransitGateway>>,
    pub vpc_endpoints: Vec<At<aws::VpcEndpoint>>,
    pub instance_connect_endpoints: Vec<At<aws::InstanceConnectEndpoint>>,
    pub service_details: Vec<At<aws::ServiceDetail>>,
    pub service_configurations: Vec<At<aws::ServiceConfiguration>>,
    /// (service id, principal)
    pub allowed_principals: Vec<At<(String, aws::AllowedPrincipal)>>,
    pub connections: Vec<At<aws::VpcEndpointConnection>>,
    pub load_balancers: Vec<At<aws::LoadBalancer>>,
    pub listeners: Vec<At<aws::Listener>>,
    /// (load balancer or target group name or ARN part, attributes): describe-load-balancer-
    /// and describe-target-group-attributes share the key `Attributes`.
    pub lb_attributes: Vec<At<(String, Vec<aws::KeyValue>)>>,
    pub target_groups: Vec<At<aws::TargetGroup>>,
    /// (target group name or ARN part from the file name, targets)
    pub target_health: Vec<At<(String, Vec<aws::TargetHealthDescription>)>>,
    pub prefix_lists: Vec<At<aws::PrefixList>>,
    /// (prefix list id, entries)
    pub prefix_list_entries: Vec<At<(String, Vec<aws::PrefixListEntry>)>>,
    pub availability_zones: Vec<At<aws::AvailabilityZone>>,
    pub peerings: Vec<At<aws::VpcPeeringConnection>>,
    pub dhcp_options: Vec<At<aws::DhcpOptions>>,
    pub vpc_attributes: Vec<At<aws::VpcAttribute>>,
    pub hosted_zones: Vec<At<aws::HostedZone>>,
    /// (zone id, associated VPC)
    pub zone_vpcs: Vec<At<(String, aws::ZoneVpc)>>,
    /// (zone id, record sets)
    pub record_sets: Vec<At<(String, Vec<aws::ResourceRecordSet>)>>,
    /// (bucket, policy text)
    pub bucket_policies: Vec<At<(String, String)>>,
    /// (bucket, LocationConstraint)
    pub bucket_locations: Vec<At<(String, Option<String>)>>,
    pub instance_profiles: Vec<At<aws::InstanceProfile>>,
    /// VPC Lattice resource gateways (get-resource-gateway, list-resource-gateways).
    pub resource_gateways: Vec<At<aws::ResourceGateway>>,
    /// VPC Lattice resource configurations (get-resource-configuration, list-...).
    pub resource_configurations: Vec<At<aws::ResourceConfiguration>>,
    /// AWS RAM resource share associations (principals and resources).
    pub share_associations: Vec<At<aws::ResourceShareAssociation>>,
    /// VPC Lattice service networks (get-service-network, list-service-networks).
    pub service_networks: Vec<At<aws::ServiceNetwork>>,
    /// list-service-network-resource-associations items.
    pub sn_resource_associations: Vec<At<aws::ServiceNetworkResourceAssociation>>,
    /// list-service-network-service-associations items.
    pub sn_service_associations: Vec<At<aws::ServiceNetworkServiceAssociation>>,
    /// list-service-network-vpc-associations items (reported, not modelled).
    pub sn_vpc_associations: Vec<At<aws::ServiceNetworkVpcAssociation>>,
    /// (service network id from the file name, get-auth-policy output)
    pub auth_policies: Vec<At<(String, aws::AuthPolicy)>>,
    /// Transit gateways' attachments and routes, VPN, Resolver (module `hybrid`).
    pub hybrid: hybrid::HybridCaptures,
}

/// Read a folder of AWS CLI captures and build a model.
///
/// Errors (as diagnostics): the folder cannot be read, a `.json` file is not valid JSON
/// (file, line and column), or no file holds anything recognisable.
pub fn import_dir(dir: &Path) -> Result<Imported, Vec<Diagnostic>> {
    let shown = dir.display().to_string();
    let meta = std::fs::metadata(dir).map_err(|e| {
        vec![
            Diagnostic::error("IMPORT_UNREADABLE", format!("cannot read `{shown}`: {e}"))
                .file(shown.clone())
                .help("give the folder the capture script wrote (`linkscope capture-script > capture.sh` prints the script)"),
        ]
    })?;
    if !meta.is_dir() {
        return Err(vec![
            Diagnostic::error("IMPORT_NOT_A_FOLDER", format!("`{shown}` is not a folder"))
                .file(shown.clone())
                .help("`linkscope import` reads a folder of JSON files saved from the AWS CLI"),
        ]);
    }
    let mut walk = Walk {
        root: dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()),
        ..Walk::default()
    };
    walk.dir(dir, 0);
    let Walk {
        mut files,
        others,
        outside,
        errors: mut walk_errors,
        ..
    } = walk;
    files.sort();
    let mut caps = Captures::default();
    let mut report = Report::default();
    let mut errors = Vec::new();
    errors.append(&mut walk_errors);
    if !outside.is_empty() {
        report.note(format!(
            "{} symbolic link(s) pointing outside the folder were not followed (e.g. {})",
            outside.len(),
            outside[0]
        ));
    }
    for path in &files {
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let rel_name = rel.display().to_string();
        let file_name = path.display().to_string();
        report.files_read += 1;
        let text = match read_text(path) {
            Ok(t) => t,
            Err(d) => {
                errors.push((*d).file(file_name));
                continue;
            }
        };
        if text.trim().is_empty() {
            report.skip("empty files (a command that printed nothing)", rel_name);
            continue;
        }
        let value: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                errors.push(json_error(&e, &file_name));
                continue;
            }
        };
        let ctx = context(rel);
        if ingest_value(&mut caps, &mut report, ctx, &value) {
            report.files_used += 1;
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if files.is_empty() {
        return Err(vec![
            Diagnostic::error("IMPORT_EMPTY", format!("no .json files in `{shown}`"))
                .file(shown)
                .help("save `aws ec2 describe-*` output as .json files there (`linkscope capture-script > capture.sh` prints the script)"),
        ]);
    }
    if report.files_used == 0 {
        return Err(vec![
            Diagnostic::error(
                "IMPORT_NOTHING_RECOGNISED",
                format!("none of the {} .json files in `{shown}` is AWS CLI output linkscope reads", files.len()),
            )
            .file(shown)
            .help("expected the output of aws ec2 describe-vpcs, describe-subnets, describe-route-tables, describe-vpc-endpoints, ... saved as JSON"),
        ]);
    }
    if others > 0 {
        report.note(format!("{others} file(s) not ending in .json were ignored"));
    }
    let label = folder_label(dir);
    let from = format!("AWS CLI captures in {label}");
    Ok(finish(caps, report, &label, &from))
}

/// Import what the user names: a folder, one JSON file, or `-` for standard input.
pub fn import_path(path: &Path) -> Result<Imported, Vec<Diagnostic>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        use std::io::Read;
        if let Err(e) = std::io::stdin()
            .take(MAX_FILE_BYTES)
            .read_to_end(&mut bytes)
        {
            return Err(vec![
                Diagnostic::error(
                    "IMPORT_UNREADABLE",
                    format!("cannot read standard input: {e}"),
                )
                .file("-".to_string()),
            ]);
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        return import_text(&text, "<stdin>");
    }
    if path.is_dir() {
        return import_dir(path);
    }
    let shown = path.display().to_string();
    let text = read_text(path).map_err(|d| vec![(*d).file(shown.clone())])?;
    import_text(&text, &shown)
}

/// Import one JSON text (a file's or standard input's), named `name` in messages.
pub fn import_text(text: &str, name: &str) -> Result<Imported, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(vec![
            Diagnostic::error("IMPORT_EMPTY", format!("`{name}` is empty"))
                .file(name.to_string())
                .help("give the output of `terraform show -json`, an AWS Config snapshot, or `aws ec2 describe-*` saved as JSON"),
        ]);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| vec![json_error(&e, name)])?;
    let mut caps = Captures::default();
    let mut report = Report::default();
    report.files_read = 1;
    let file = Path::new(name)
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_string());
    let ctx = context(Path::new(&file));
    if ingest_value(&mut caps, &mut report, ctx, &value) {
        report.files_used = 1;
    } else {
        return Err(vec![nothing_recognised(name, &value)]);
    }
    Ok(finish(caps, report, &file, &file))
}

/// The error for an input with nothing linkscope reads, naming what it looks like.
fn nothing_recognised(name: &str, value: &Value) -> Diagnostic {
    let looks = looks_like(value);
    let tf = terraform::kind(value).is_some();
    let cfg = config::items(value).is_some();
    Diagnostic::error(
        "IMPORT_NOTHING_RECOGNISED",
        match looks {
            _ if tf => format!("`{name}` is Terraform JSON without any AWS resource linkscope reads (aws_vpc, aws_subnet, aws_security_group, aws_vpc_endpoint, ...)"),
            _ if cfg => format!("`{name}` is AWS Config output without any item of a type linkscope reads (AWS::EC2::VPC, AWS::EC2::Subnet, ...)"),
            Some(l) => format!("`{name}` looks like {l}, which linkscope does not read"),
            None => format!("`{name}` holds nothing linkscope reads"),
        },
    )
    .file(name.to_string())
    .help("linkscope reads `terraform show -json` (plan or state), `.tfstate` files, AWS Config snapshots and `aws configservice select-resource-config` output, and `aws ec2 describe-*` output saved as JSON")
}

/// A known format linkscope does not read, named from its shape.
fn looks_like(v: &Value) -> Option<&'static str> {
    let first = match v {
        Value::Array(a) => a.first()?,
        v => v,
    };
    let o = first.as_object()?;
    if o.contains_key("_ctx") || o.keys().any(|k| k == "akas" || k == "sp_connection_name") {
        return Some(
            "a Steampipe export (query the aws_* tables and save with `--output json` instead: not supported yet)",
        );
    }
    if o.contains_key("resource_type") && o.contains_key("resource_id") {
        return Some("a CloudQuery or Steampipe table export");
    }
    if o.contains_key("AWSTemplateFormatVersion") || o.contains_key("Resources") {
        return Some("a CloudFormation template (deploy it, then capture the account)");
    }
    if o.contains_key("Records") && o.contains_key("eventVersion") {
        return Some("a CloudTrail log");
    }
    None
}

/// Add one parsed JSON input: Terraform, AWS Config, a bare list, or AWS CLI output.
pub(crate) fn ingest_value(
    caps: &mut Captures,
    report: &mut Report,
    ctx: Ctx,
    value: &Value,
) -> bool {
    if let Some(k) = terraform::kind(value) {
        return terraform::ingest(caps, report, ctx, value, k);
    }
    if let Some(items) = config::items(value) {
        return config::ingest_items(caps, report, ctx, &items);
    }
    if let Some(wrapped) = lists::wrap(value) {
        return ingest(caps, report, ctx, &wrapped);
    }
    ingest(caps, report, ctx, value)
}

/// The model and its report from everything captured.
/// `label` names the model; `from` says in its header where it came from.
fn finish(mut caps: Captures, mut report: Report, label: &str, from: &str) -> Imported {
    lists::merge_group_rules(&mut caps, &mut report);
    // Lines an input added while read (e.g. what AWS Config does not record) follow.
    let early = std::mem::take(&mut report.not_captured);
    report.not_captured = not_captured(&caps);
    report.not_captured.extend(early);
    let doc = Arc::new(build::build(&caps, &mut report, label));
    let lines = report.lines();
    let mut header = vec![
        format!("Imported by linkscope from {from}."),
        "Regenerate with `linkscope import INPUT -o FILE`; ids are AWS ids (Terraform addresses where unknown until apply), names come from Name tags.".to_string(),
        String::new(),
    ];
    header.extend(lines.iter().cloned());
    Imported {
        yaml: Yaml::new(doc.clone(), header),
        report: lines,
        details: report,
        doc,
    }
}

/// Kinds no input held, with what the trace assumes instead (only where VPCs were captured:
/// without them nothing is traced).
fn not_captured(c: &Captures) -> Vec<String> {
    if c.vpcs.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut say = |missing: bool, what: &str| {
        if missing {
            out.push(what.to_string());
        }
    };
    say(
        c.subnets.is_empty(),
        "subnets: nothing can be placed in the VPCs; traces have no source",
    );
    say(
        c.route_tables.is_empty(),
        "route tables: every subnet gets only the local route (no internet, NAT, peering or gateway endpoint routes)",
    );
    say(
        c.network_acls.is_empty(),
        "network ACLs: every subnet is taken to allow all traffic (the default ACL)",
    );
    say(
        c.security_groups.is_empty(),
        "security groups: objects get their VPC's default group (inbound only from its own members)",
    );
    say(
        c.vpc_endpoints.is_empty(),
        "VPC endpoints: AWS services are reached over the internet or NAT only",
    );
    say(
        c.hosted_zones.is_empty(),
        "Route 53 hosted zones: only AWS-provided DNS names resolve",
    );
    say(
        c.instances.is_empty() && c.network_interfaces.is_empty(),
        "instances and network interfaces: trace from subnets or addresses instead",
    );
    let routes_to_tgw = c
        .route_tables
        .iter()
        .any(|t| t.v.routes.iter().any(|r| r.transit_gateway_id.is_some()));
    say(
        routes_to_tgw && c.hybrid.vpc_attachments.is_empty(),
        "transit gateway VPC attachments (describe-transit-gateway-vpc-attachments): routes to a transit gateway end at the VPC, nothing is traced across it",
    );
    say(
        !c.hybrid.resolver_endpoints.is_empty() && c.hybrid.resolver_ips.is_empty(),
        "Resolver endpoint addresses (list-resolver-endpoint-ip-addresses): the endpoints are left out",
    );
    let resource_endpoints = c
        .vpc_endpoints
        .iter()
        .any(|e| e.v.vpc_endpoint_type.eq_ignore_ascii_case("resource"));
    say(
        resource_endpoints && c.resource_configurations.is_empty(),
        "VPC Lattice resource configurations (vpc-lattice get-resource-configuration, get-resource-gateway in the provider's account): resource endpoints are left out",
    );
    let sn_endpoints = c
        .vpc_endpoints
        .iter()
        .any(|e| e.v.vpc_endpoint_type.eq_ignore_ascii_case("servicenetwork"));
    say(
        sn_endpoints && c.service_networks.is_empty(),
        "VPC Lattice service networks (vpc-lattice get-service-network in the owner's account): service-network endpoints are left out",
    );
    say(
        !c.service_networks.is_empty() && c.sn_resource_associations.is_empty(),
        "service network resource associations (vpc-lattice list-service-network-resource-associations): service networks are taken as having no resource configuration",
    );
    say(
        !c.resource_configurations.is_empty() && c.share_associations.is_empty(),
        "AWS RAM shares (ram get-resource-share-associations): a resource configuration is taken as shared with the accounts whose resource endpoints use it",
    );
    say(
        c.vpc_attributes.is_empty(),
        "VPC DNS attributes (describe-vpc-attribute): AWS's defaults are assumed (DNS support on, hostnames off for non-default VPCs)",
    );
    out
}

/// The folder as shown in the model's name and header: its last component.
fn folder_label(dir: &Path) -> String {
    let canon = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    canon
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string())
}

/// The folder walk: every `.json` file once, whatever the symbolic links.
///
/// Symbolic links are followed only to places inside the folder (a link to `~/.env` must not
/// end up printed in an error snippet), each directory is entered once (a link loop is not a
/// tree of every path through it), and a folder that cannot be read is an error, as an
/// unreadable file is, rather than a silent gap in the model.
#[derive(Default)]
struct Walk {
    /// The folder, canonical.
    root: PathBuf,
    files: Vec<PathBuf>,
    /// Canonical paths of the files and directories already taken.
    seen: std::collections::HashSet<PathBuf>,
    others: usize,
    /// Links out of the folder (relative names), skipped.
    outside: Vec<String>,
    errors: Vec<Diagnostic>,
}

impl Walk {
    fn dir(&mut self, dir: &Path, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        if let Ok(c) = dir.canonicalize()
            && !self.seen.insert(c)
        {
            return;
        }
        let rd = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                self.unreadable(dir, &e, "folder");
                return;
            }
        };
        let mut entries: Vec<_> = rd.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = e.path();
            let is_link = e.file_type().is_ok_and(|t| t.is_symlink());
            let canon = match path.canonicalize() {
                Ok(c) => c,
                // A dangling link, or a loop the OS refuses to resolve: nothing to read.
                Err(_) if is_link => continue,
                Err(e) => {
                    self.unreadable(&path, &e, "file");
                    continue;
                }
            };
            if is_link && !canon.starts_with(&self.root) {
                let rel = path.strip_prefix(&self.root).unwrap_or(&path);
                self.outside.push(rel.display().to_string());
                continue;
            }
            let Ok(meta) = std::fs::metadata(&canon) else {
                continue;
            };
            if meta.is_dir() {
                self.dir(&path, depth + 1);
            } else if meta.is_file() {
                if name.to_ascii_lowercase().ends_with(".json") {
                    if self.seen.insert(canon) {
                        self.files.push(path);
                    }
                } else {
                    self.others += 1;
                }
            }
        }
    }

    fn unreadable(&mut self, path: &Path, e: &std::io::Error, what: &str) {
        let shown = path.display().to_string();
        self.errors.push(
            Diagnostic::error(
                "IMPORT_UNREADABLE",
                format!("cannot read the {what} `{shown}`: {e}"),
            )
            .file(shown)
            .help("make it readable (chmod), or move it out of the capture folder; linkscope does not import part of an account silently"),
        );
    }
}

fn read_text(path: &Path) -> Result<String, Box<Diagnostic>> {
    use crate::model::load::{ReadError, read_regular_file};
    let bytes = read_regular_file(path, MAX_FILE_BYTES).map_err(|e| {
        Box::new(match e {
            ReadError::TooLarge(n) => Diagnostic::error(
                "FILE_TOO_LARGE",
                format!("{n} bytes or more; the limit for one capture file is {MAX_FILE_BYTES}"),
            ),
            e => Diagnostic::error("FILE_UNREADABLE", format!("cannot read it: {e}")),
        })
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = upto.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        Box::new(
            Diagnostic::error("INVALID_UTF8", "the file is not UTF-8 text")
                .at(Pos::new(line, col))
                .help("save the AWS CLI output as UTF-8 JSON (`--output json`)"),
        )
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(t) => t.to_string(),
        None => text,
    })
}

/// A JSON syntax error, located.
pub(crate) fn json_error(e: &serde_json::Error, file: &str) -> Diagnostic {
    let msg = e.to_string();
    // serde_json appends " at line L column C"; the location is carried separately.
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    Diagnostic::error("BAD_JSON", format!("not valid JSON: {msg}"))
        .file(file.to_string())
        .at(Pos::new(e.line(), e.column().max(1)))
        .help("re-run the aws command with `--output json` and save its output unchanged")
}

/// Account and region from the folders (`<account>/<region>/`), resource from the file name.
fn context(rel: &Path) -> Ctx {
    let mut ctx = Ctx {
        file: rel.display().to_string(),
        ..Ctx::default()
    };
    let comps: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some((file, dirs)) = comps.split_last() {
        for d in dirs {
            if is_account_id(d) {
                ctx.account = Some(d.clone());
            } else if is_region(d) {
                ctx.region = Some(d.clone());
            }
        }
        let stem = &file[..file.len().saturating_sub(5)];
        if let Some((_, rest)) = stem.split_once('.')
            && !rest.is_empty()
        {
            ctx.resource = Some(rest.to_string());
        }
    }
    ctx
}

pub(crate) fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.chars().all(|c| c.is_ascii_digit())
}

/// `us-east-1`, `us-gov-west-1`, `ap-southeast-2`, `il-central-1`.
pub(crate) fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    if parts.len() < 3 {
        return false;
    }
    let (last, rest) = parts.split_last().expect("3 parts");
    !last.is_empty()
        && last.chars().all(|c| c.is_ascii_digit())
        && rest[0].len() == 2
        && rest
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
}

/// A token like `vpce-svc-0abc` or `pl-0123` inside a file name's resource part.
fn token(s: &str, prefix: &str) -> Option<String> {
    let i = s.find(prefix)?;
    let rest = &s[i + prefix.len()..];
    let tail: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if tail.is_empty() {
        None
    } else {
        Some(format!("{prefix}{tail}"))
    }
}

/// Keys that carry no content of their own (pagination and request metadata).
const BOOKKEEPING: &[&str] = &[
    "NextToken",
    "Marker",
    "NextMarker",
    "IsTruncated",
    "MaxItems",
    "NextRecordName",
    "NextRecordType",
    "NextRecordIdentifier",
    "ResponseMetadata",
    "ServiceNames",
    "DelegationSet",
    "VPCs",
    "HostedZone",
    "VpcId",
    "EnableDnsSupport",
    "EnableDnsHostnames",
    "EnableNetworkAddressUsageMetrics",
    "MaxResults",
];

/// Recognised outputs linkscope does not model: counted, not read.
const NOT_MODELLED: &[(&str, &str)] = &[
    (
        "EgressOnlyInternetGateways",
        "egress-only internet gateways (IPv6)",
    ),
    ("CarrierGateways", "carrier gateways"),
    ("LocalGatewayRouteTables", "local gateway route tables"),
    ("LocalGateways", "local gateways"),
    ("FlowLogs", "flow logs"),
    (
        "TransitGatewayPeeringAttachments",
        "transit gateway peering attachments",
    ),
    (
        "TransitGatewayConnects",
        "transit gateway Connect attachments",
    ),
    (
        "Addresses",
        "Elastic IP addresses (instances and NAT gateways carry theirs)",
    ),
    ("NetworkInsightsAnalyses", "Reachability Analyzer analyses"),
    ("NetworkInsightsPaths", "Reachability Analyzer paths"),
    ("LoadBalancerDescriptions", "classic load balancers"),
];

fn items<T: DeserializeOwned>(
    v: &Value,
    kind: &str,
    file: &str,
    report: &mut Report,
    mut push: impl FnMut(T),
) {
    let Some(arr) = v.as_array() else {
        report.skip(&format!("unreadable {kind} (not a list)"), file);
        return;
    };
    for item in arr {
        match T::deserialize(item) {
            Ok(t) => push(t),
            Err(e) => report.skip(
                &format!("unreadable {kind} entries"),
                format!("{file}: {e}"),
            ),
        }
    }
}

/// Add one file's content. Returns false when nothing in it was recognised.
// One piece on purpose: a dispatch table, one arm per top-level key an AWS CLI output can
// have (`Vpcs`, `Subnets`, `RouteTables`, ...), each arm independent and a few lines long;
// split, the table would only be spread over several functions with the same arguments.
fn ingest(caps: &mut Captures, report: &mut Report, ctx: Ctx, value: &Value) -> bool {
    let Some(obj) = value.as_object() else {
        report.skip("unrecognised files (not a JSON object)", ctx.file.clone());
        return false;
    };
    let file = ctx.file.clone();
    let resource = ctx.resource.clone().unwrap_or_default();
    let ci = caps.ctxs.len();
    caps.ctxs.push(ctx);
    let mut used = false;
    // Outputs that are one object rather than a list.
    if obj.contains_key("VpcId")
        && (obj.contains_key("EnableDnsSupport") || obj.contains_key("EnableDnsHostnames"))
        && let Ok(a) = aws::VpcAttribute::deserialize(value)
    {
        caps.vpc_attributes.push(At { v: a, ctx: ci });
        used = true;
    }
    if obj.contains_key("HostedZone")
        && let Ok(g) = aws::GetHostedZone::deserialize(value)
    {
        let zid = zone_id(&g.hosted_zone.id);
        for v in g.vpcs {
            caps.zone_vpcs.push(At {
                v: (zid.clone(), v),
                ctx: ci,
            });
        }
        caps.hosted_zones.push(At {
            v: g.hosted_zone,
            ctx: ci,
        });
        used = true;
    }
    if let Some(p) = obj.get("InstanceProfile")
        && let Ok(p) = aws::InstanceProfile::deserialize(p)
    {
        caps.instance_profiles.push(At { v: p, ctx: ci });
        used = true;
    }
    // VPC Lattice and AWS RAM answer in camelCase: one object (get-*) or `items` (list-*).
    if lattice(caps, report, ci, obj, value, &file) {
        return true;
    }
    for (key, v) in obj {
        match key.as_str() {
            "Vpcs" => items(v, "VPCs", &file, report, |x| caps.vpcs.push(At::of(ci, x))),
            "Subnets" => items(v, "subnets", &file, report, |x| {
                caps.subnets.push(At::of(ci, x))
            }),
            "RouteTables" => items(v, "route tables", &file, report, |x| {
                caps.route_tables.push(At::of(ci, x))
            }),
            "NetworkAcls" => items(v, "network ACLs", &file, report, |x| {
                caps.network_acls.push(At::of(ci, x))
            }),
            "SecurityGroups" => items(v, "security groups", &file, report, |x| {
                caps.security_groups.push(At::of(ci, x))
            }),
            "SecurityGroupRules" => items(v, "security group rules", &file, report, |x| {
                caps.security_group_rules.push(At::of(ci, x))
            }),
            "Reservations" => items(v, "reservations", &file, report, |r: aws::Reservation| {
                for i in r.instances {
                    caps.instances.push(At::of(ci, (r.owner_id.clone(), i)));
                }
            }),
            "Instances" => items(v, "instances", &file, report, |i: aws::Instance| {
                caps.instances.push(At::of(ci, (None, i)))
            }),
            "NetworkInterfaces" => items(v, "network interfaces", &file, report, |x| {
                caps.network_interfaces.push(At::of(ci, x))
            }),
            "InternetGateways" => items(v, "internet gateways", &file, report, |x| {
                caps.internet_gateways.push(At::of(ci, x))
            }),
            "NatGateways" => items(v, "NAT gateways", &file, report, |x| {
                caps.nat_gateways.push(At::of(ci, x))
            }),
            "EgressOnlyInternetGateways" => {
                items(v, "egress-only internet gateways", &file, report, |x| {
                    caps.egress_only_gateways.push(At::of(ci, x))
                })
            }
            "TransitGateways" => items(v, "transit gateways", &file, report, |x| {
                caps.transit_gateways.push(At::of(ci, x))
            }),
            "VpnGateways" => items(v, "VPN gateways", &file, report, |x| {
                caps.vpn_gateways.push(At::of(ci, x))
            }),
            "VpcEndpoints" => items(v, "VPC endpoints", &file, report, |x| {
                caps.vpc_endpoints.push(At::of(ci, x))
            }),
            "InstanceConnectEndpoints" => {
                items(v, "instance connect endpoints", &file, report, |x| {
                    caps.instance_connect_endpoints.push(At::of(ci, x))
                })
            }
            "ServiceDetails" => items(v, "endpoint service details", &file, report, |x| {
                caps.service_details.push(At::of(ci, x))
            }),
            "ServiceConfigurations" => {
                items(v, "endpoint service configurations", &file, report, |x| {
                    caps.service_configurations.push(At::of(ci, x))
                })
            }
            "AllowedPrincipals" => {
                let from_name = token(&resource, "vpce-svc-").or_else(|| token(&file, "vpce-svc-"));
                let mut list: Vec<aws::AllowedPrincipal> = Vec::new();
                items(v, "allowed principals", &file, report, |p| list.push(p));
                for p in list {
                    match p.service_id.clone().or_else(|| from_name.clone()) {
                        Some(s) => caps.allowed_principals.push(At::of(ci, (s, p))),
                        None => report_missing_resource(report, "allowed principals", &file),
                    }
                }
                // An empty list still says "this service allows nobody".
                if v.as_array().is_some_and(|a| a.is_empty())
                    && let Some(s) = &from_name
                {
                    caps.allowed_principals
                        .push(At::of(ci, (s.clone(), aws::AllowedPrincipal::default())));
                }
            }
            "VpcEndpointConnections" => items(v, "endpoint connections", &file, report, |x| {
                caps.connections.push(At::of(ci, x))
            }),
            "LoadBalancers" => items(v, "load balancers", &file, report, |x| {
                caps.load_balancers.push(At::of(ci, x))
            }),
            "Listeners" => items(v, "listeners", &file, report, |x| {
                caps.listeners.push(At::of(ci, x))
            }),
            "TargetGroups" => items(v, "target groups", &file, report, |x| {
                caps.target_groups.push(At::of(ci, x))
            }),
            "TargetHealthDescriptions" => {
                if resource.is_empty() {
                    report_missing_resource(report, "target health", &file);
                } else {
                    let mut list = Vec::new();
                    items(v, "target health", &file, report, |x| list.push(x));
                    caps.target_health
                        .push(At::of(ci, (resource.clone(), list)));
                }
            }
            "Attributes" => {
                if resource.is_empty() {
                    report_missing_resource(report, "load balancer attributes", &file);
                } else {
                    let mut list = Vec::new();
                    items(v, "load balancer attributes", &file, report, |x| {
                        list.push(x)
                    });
                    caps.lb_attributes
                        .push(At::of(ci, (resource.clone(), list)));
                }
            }
            "PrefixLists" | "ManagedPrefixLists" => items(v, "prefix lists", &file, report, |x| {
                caps.prefix_lists.push(At::of(ci, x))
            }),
            "Entries" => match token(&resource, "pl-").or_else(|| token(&file, "pl-")) {
                Some(pl) => {
                    let mut list = Vec::new();
                    items(v, "prefix list entries", &file, report, |x| list.push(x));
                    caps.prefix_list_entries.push(At::of(ci, (pl, list)));
                }
                None => report_missing_resource(report, "prefix list entries", &file),
            },
            "AvailabilityZones" => items(v, "availability zones", &file, report, |x| {
                caps.availability_zones.push(At::of(ci, x))
            }),
            "VpcPeeringConnections" => items(v, "peering connections", &file, report, |x| {
                caps.peerings.push(At::of(ci, x))
            }),
            "DhcpOptions" => items(v, "DHCP options", &file, report, |x| {
                caps.dhcp_options.push(At::of(ci, x))
            }),
            "HostedZones" => items(v, "hosted zones", &file, report, |x| {
                caps.hosted_zones.push(At::of(ci, x))
            }),
            "HostedZoneSummaries" => {
                match token(&resource, "vpc-").or_else(|| token(&file, "vpc-")) {
                    Some(vpc) => items(
                        v,
                        "hosted zone summaries",
                        &file,
                        report,
                        |s: aws::HostedZoneSummary| {
                            let zid = zone_id(&s.hosted_zone_id);
                            caps.zone_vpcs.push(At::of(
                                ci,
                                (
                                    zid.clone(),
                                    aws::ZoneVpc {
                                        vpc_id: vpc.clone(),
                                        vpc_region: None,
                                    },
                                ),
                            ));
                            caps.hosted_zones.push(At::of(
                                ci,
                                aws::HostedZone {
                                    id: zid,
                                    name: s.name,
                                    config: Some(aws::HostedZoneConfig { private_zone: true }),
                                },
                            ));
                        },
                    ),
                    None => report_missing_resource(report, "hosted zone summaries", &file),
                }
            }
            "ResourceRecordSets" => {
                let zid = resource
                    .split('.')
                    .next()
                    .map(zone_id)
                    .filter(|z| !z.is_empty());
                match zid {
                    Some(z) => {
                        let mut list = Vec::new();
                        items(v, "record sets", &file, report, |x| list.push(x));
                        caps.record_sets.push(At::of(ci, (z, list)));
                    }
                    None => report_missing_resource(report, "record sets", &file),
                }
            }
            "Policy" => match (v.as_str(), resource.is_empty()) {
                (Some(p), false) => caps
                    .bucket_policies
                    .push(At::of(ci, (resource.clone(), p.to_string()))),
                (Some(_), true) => report_missing_resource(report, "bucket policies", &file),
                (None, _) => report.skip("unreadable bucket policies", file.clone()),
            },
            "LocationConstraint" => {
                if resource.is_empty() {
                    report_missing_resource(report, "bucket locations", &file);
                } else {
                    caps.bucket_locations.push(At::of(
                        ci,
                        (resource.clone(), v.as_str().map(str::to_string)),
                    ));
                }
            }
            "InstanceProfiles" => items(v, "instance profiles", &file, report, |x| {
                caps.instance_profiles.push(At::of(ci, x))
            }),
            "InstanceProfile" => {}
            k if BOOKKEEPING.contains(&k) => continue,
            k if hybrid::ingest_key(caps, report, ci, k, v, &file, &resource) => {}
            k => {
                if let Some((_, kind)) = NOT_MODELLED.iter().find(|(key, _)| *key == k) {
                    let n = v.as_array().map(Vec::len).unwrap_or(1);
                    report.skip_n(kind, n, file.clone());
                    used = true;
                }
                continue;
            }
        }
        used = true;
    }
    if !used {
        let keys: Vec<&str> = obj.keys().map(String::as_str).take(4).collect();
        report.skip(
            "unrecognised files",
            format!(
                "{file} (keys: {})",
                if keys.is_empty() {
                    "none".to_string()
                } else {
                    keys.join(", ")
                }
            ),
        );
    }
    used
}

/// VPC Lattice resource gateways, resource configurations, service networks and their
/// associations, auth policies, AWS RAM share associations: recognised by their ids (`rgw-…`,
/// `rcfg-…`, `sn-…`, `snra-…`, `snsa-…`) and keys. True when the file was one of them.
fn lattice(
    caps: &mut Captures,
    report: &mut Report,
    ci: usize,
    obj: &serde_json::Map<String, Value>,
    value: &Value,
    file: &str,
) -> bool {
    fn id_prefix(o: &Value) -> &str {
        o.get("id").and_then(Value::as_str).unwrap_or_default()
    }
    fn take<T: serde::de::DeserializeOwned>(
        v: &Value,
        report: &mut Report,
        kind: &str,
        file: &str,
        push: impl FnOnce(T),
    ) {
        match T::deserialize(v) {
            Ok(x) => push(x),
            Err(e) => report.skip(&format!("unreadable {kind}"), format!("{file}: {e}")),
        }
    }
    let one = |caps: &mut Captures, report: &mut Report, v: &Value| -> bool {
        let id = id_prefix(v);
        if id.starts_with("rgw-") {
            take(v, report, "resource gateways", file, |g| {
                caps.resource_gateways.push(At::of(ci, g))
            });
        } else if id.starts_with("rcfg-") {
            take(v, report, "resource configurations", file, |c| {
                caps.resource_configurations.push(At::of(ci, c))
            });
        } else if id.starts_with("snra-") {
            take(
                v,
                report,
                "service network resource associations",
                file,
                |a| caps.sn_resource_associations.push(At::of(ci, a)),
            );
        } else if id.starts_with("snsa-") {
            take(
                v,
                report,
                "service network service associations",
                file,
                |a| caps.sn_service_associations.push(At::of(ci, a)),
            );
        } else if id.starts_with("snva-") {
            take(v, report, "service network VPC associations", file, |a| {
                caps.sn_vpc_associations.push(At::of(ci, a))
            });
        } else if id.starts_with("sn-") {
            take(v, report, "service networks", file, |n| {
                caps.service_networks.push(At::of(ci, n))
            });
        } else {
            return false;
        }
        true
    };
    if let Some(list) = obj.get("resourceShareAssociations") {
        items(list, "resource share associations", file, report, |x| {
            caps.share_associations.push(At::of(ci, x))
        });
        return true;
    }
    if file.contains("get-auth-policy") && (obj.contains_key("policy") || obj.contains_key("state"))
    {
        let Some(sn) = caps.ctxs[ci]
            .resource
            .clone()
            .filter(|r| r.starts_with("sn-"))
        else {
            report.skip(
                "auth policies whose service network id is not in the file name (vpc-lattice-get-auth-policy.<sn-id>.json)",
                file,
            );
            return true;
        };
        take(value, report, "auth policies", file, |p| {
            caps.auth_policies.push(At::of(ci, (sn, p)))
        });
        return true;
    }
    if one(caps, report, value) {
        return true;
    }
    let lattice_id = |x: &Value| {
        let id = id_prefix(x);
        ["rgw-", "rcfg-", "sn-", "snra-", "snsa-", "snva-"]
            .iter()
            .any(|p| id.starts_with(p))
    };
    match obj.get("items").and_then(Value::as_array) {
        // An account without any: the capture script's list output is empty.
        Some(list)
            if list.is_empty()
                && (file.contains("resource-gateways")
                    || file.contains("resource-configurations")
                    || file.contains("service-network")) =>
        {
            true
        }
        Some(list) if list.iter().any(lattice_id) => {
            for x in list {
                if !one(caps, report, x) {
                    report.skip("unrecognised VPC Lattice list items", file);
                }
            }
            true
        }
        _ => false,
    }
}

fn report_missing_resource(report: &mut Report, kind: &str, file: &str) {
    report.skip(
        &format!("{kind} whose resource id is not in the file name (<command>.<resource-id>.json)"),
        file,
    );
}

/// `/hostedzone/Z123` -> `Z123`.
pub(crate) fn zone_id(s: &str) -> String {
    s.trim().trim_start_matches("/hostedzone/").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_from_folders_and_name() {
        let c = context(Path::new(
            "111122223333/eu-west-1/describe-vpc-endpoint-service-permissions.vpce-svc-0abc.json",
        ));
        assert_eq!(c.account.as_deref(), Some("111122223333"));
        assert_eq!(c.region.as_deref(), Some("eu-west-1"));
        assert_eq!(c.resource.as_deref(), Some("vpce-svc-0abc"));
        let c = context(Path::new("Vpcs.json"));
        assert!(c.account.is_none() && c.region.is_none() && c.resource.is_none());
        let c = context(Path::new("get-bucket-policy.my.bucket.name.json"));
        assert_eq!(c.resource.as_deref(), Some("my.bucket.name"));
    }

    #[test]
    fn regions() {
        for r in [
            "us-east-1",
            "us-gov-west-1",
            "ap-southeast-2",
            "il-central-1",
        ] {
            assert!(is_region(r), "{r}");
        }
        for r in [
            "us-east",
            "aws_configs",
            "111122223333",
            "us-east-1a",
            "demo",
        ] {
            assert!(!is_region(r), "{r}");
        }
    }

    #[test]
    fn tokens() {
        assert_eq!(
            token("x.vpce-svc-0a1b.json", "vpce-svc-").as_deref(),
            Some("vpce-svc-0a1b")
        );
        assert_eq!(token("pl-0123abc", "pl-").as_deref(), Some("pl-0123abc"));
        assert_eq!(token("nothing", "pl-"), None);
    }
}
