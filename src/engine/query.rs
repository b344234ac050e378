//! Reading a question: `--from` and `--to` in every form TRACE.md lists, with their defaults.
//!
//! Sources: an instance (id, or name when unique), a subnet (an unnamed interface at the
//! subnet's first free address with the VPC's default security group), an IPv4 address inside a
//! subnet of the model, or an EC2 Instance Connect endpoint (the user's session relayed from its
//! interface). Destinations: `s3://`, `dynamodb://`, `https://`/`http://`, `tcp://`/`udp://`,
//! bare `HOST[:PORT]`, `A.B.C.D[:PORT]`, an instance, an endpoint or an endpoint service.

use std::net::Ipv4Addr;

use super::{QueryError, QueryOptions};
use crate::model::{EndpointKind, EndpointTarget, Holder, Ix, Model, ObjectRef, Protocol};
use crate::suggest::{did_you_mean, suggest};

/// What kind of thing the trace starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Instance(Ix),
    /// An unnamed interface in a subnet (a subnet id, or an address nobody holds).
    Interface,
    /// An EC2 Instance Connect endpoint relaying a user's session (EICE-1).
    InstanceConnect(Ix),
    /// A machine at a site (`networks`): a host, or an address in the site's CIDRs. The
    /// source's `vpc` and `subnet` are then only its anchor (see [`crate::engine::site`]): the
    /// region and account the request's defaults come from; the walk never uses them as a place.
    Site {
        network: Ix,
        host: Option<Ix>,
    },
}

/// The interface the request leaves from.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub kind: SourceKind,
    /// Display label: the id, or the address for an unnamed interface.
    pub label: String,
    pub ip: Ipv4Addr,
    pub subnet: Ix,
    pub vpc: Ix,
    pub groups: Vec<Ix>,
    pub public_ip: Option<Ipv4Addr>,
    pub role: Option<String>,
    /// How the source was read (e.g. "first free address of subnet-a").
    pub how: String,
}

/// Where the request goes, before DNS.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    Name(String),
    Addr(Ipv4Addr),
    Instance(Ix),
}

impl Source {
    /// Whether the source is a machine at a site rather than an interface in a VPC.
    pub fn is_site(&self) -> bool {
        matches!(self.kind, SourceKind::Site { .. })
    }
    /// How messages name the source: its id, or "the interface at IP".
    pub fn who(&self) -> String {
        match self.kind {
            SourceKind::Interface => format!("the interface at {}", self.ip),
            _ => self.label.clone(),
        }
    }
}

/// A parsed question with every default applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub source: Source,
    pub target: Target,
    pub protocol: Protocol,
    pub port: u16,
    pub source_port: u16,
    pub action: Option<String>,
    pub resource: Option<String>,
    /// The principal's ARN; `None` is anonymous.
    pub principal: Option<String>,
    /// For S3 destinations: the bucket and its region.
    pub bucket: Option<String>,
    /// The region the request is for (bucket region, table region, resource ARN region).
    pub request_region: Option<String>,
    pub context: Vec<(String, String)>,
    /// Sentences about how the destination was read.
    pub notes: Vec<String>,
    /// Ids the query itself names (for the source step's objects).
    pub objects: Vec<String>,
    /// The resource configuration the question names, when it goes to one through a
    /// service-network endpoint by address (ES-37); otherwise DNS names it (ES-38).
    pub lattice_resource: Option<Ix>,
}

fn err(message: impl Into<String>, help: Option<String>) -> QueryError {
    QueryError {
        message: message.into(),
        help,
    }
}

fn unknown(m: &Model, what: &str, wanted: &str, pick: impl Fn(ObjectRef) -> bool) -> QueryError {
    // Only on the error path: scanning the ids for suggestions is fine here.
    let mut cands: Vec<&str> = m
        .ids()
        .filter(|id| m.lookup(id).is_some_and(&pick))
        .collect();
    let names: Vec<&str> = cands
        .iter()
        .filter_map(|id| m.lookup(id).map(|r| m.name_of(r)))
        .filter(|n| !n.is_empty())
        .collect();
    cands.extend(names);
    cands.sort_unstable();
    cands.dedup();
    let s = suggest(wanted, cands.iter().copied());
    err(format!("unknown {what} `{wanted}`"), did_you_mean(&s))
}

/// One object by id, or by name when exactly one object of an accepted kind carries it.
fn find(
    m: &Model,
    s: &str,
    accept: impl Fn(ObjectRef) -> bool,
) -> Result<Option<ObjectRef>, QueryError> {
    if let Some(r) = m.lookup(s) {
        return Ok(Some(r));
    }
    let named: Vec<ObjectRef> = m
        .by_name(s)
        .iter()
        .copied()
        .filter(|r| accept(*r))
        .collect();
    match named.len() {
        0 => Ok(None),
        1 => Ok(Some(named[0])),
        _ => Err(err(
            format!("name `{s}` is shared by {} objects", named.len()),
            Some(format!(
                "use an id: {}",
                named
                    .iter()
                    .map(|r| m.id_of(*r))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        )),
    }
}

fn is_source_kind(r: ObjectRef) -> bool {
    matches!(
        r,
        ObjectRef::Instance(_) | ObjectRef::Subnet(_) | ObjectRef::Endpoint(_)
    )
}

/// The first address of a subnet AWS would hand out: past the four reserved at the start, not
/// the broadcast, not held by any interface (O(addresses in use at the subnet's start)).
fn first_free(m: &Model, subnet: Ix) -> Option<Ipv4Addr> {
    let s = &m.subnets[subnet];
    let start = u32::from(s.cidr.network()).checked_add(4)?;
    let end = u32::from(s.cidr.broadcast());
    (start..end)
        .map(Ipv4Addr::from)
        .find(|ip| m.holder_of(s.vpc, *ip).is_none())
}

fn instance_source(m: &Model, i: Ix, how: String) -> Source {
    let inst = &m.instances[i];
    Source {
        kind: SourceKind::Instance(i),
        label: inst.id.clone(),
        ip: inst.ip,
        subnet: inst.subnet,
        vpc: inst.vpc,
        groups: inst.security_groups.clone(),
        public_ip: inst.public_ip,
        role: inst.role.clone(),
        how,
    }
}

fn eice_source(m: &Model, e: Ix) -> Result<Source, QueryError> {
    let ep = &m.endpoints[e];
    let Some(eni) = ep.enis.first() else {
        return Err(err(
            format!("instance-connect endpoint `{}` has no interface", ep.id),
            None,
        ));
    };
    Ok(Source {
        kind: SourceKind::InstanceConnect(e),
        label: ep.id.clone(),
        ip: eni.ip,
        subnet: eni.subnet,
        vpc: ep.vpc,
        groups: ep.security_groups.clone(),
        public_ip: None,
        role: None,
        how: format!(
            "a user's SSH/RDP session relayed by EC2 Instance Connect endpoint {} from its interface {} (EICE-1)",
            ep.id, eni.ip
        ),
    })
}

fn interface_source(m: &Model, subnet: Ix, ip: Ipv4Addr, label: String, how: String) -> Source {
    let vpc = m.subnets[subnet].vpc;
    Source {
        kind: SourceKind::Interface,
        label,
        ip,
        subnet,
        vpc,
        groups: vec![m.vpcs[vpc].default_security_group],
        public_ip: None,
        role: None,
        how,
    }
}

/// Read `--from`.
pub fn parse_source(m: &Model, from: &str) -> Result<Source, QueryError> {
    let from = from.trim();
    if let Some(src) = super::site::parse_site_source(m, from)? {
        return Ok(src);
    }
    if let Ok(ip) = from.parse::<Ipv4Addr>() {
        let found: Vec<(Ix, Ix)> = m
            .vpcs_containing(ip)
            .into_iter()
            .filter_map(|v| m.subnet_in_vpc(v, ip).map(|s| (v, s)))
            .collect();
        let (vpc, subnet) = match found.as_slice() {
            [] => {
                return Err(err(
                    format!("address {ip} is not inside any subnet of the model"),
                    Some(
                        "a source address must lie in a subnet; or name an instance or subnet"
                            .into(),
                    ),
                ));
            }
            [one] => *one,
            many => {
                return Err(err(
                    format!("address {ip} lies in subnets of several VPCs"),
                    Some(format!(
                        "name the instance or subnet instead: {}",
                        many.iter()
                            .map(|(_, s)| m.subnets[*s].id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                ));
            }
        };
        return Ok(match m.holder_of(vpc, ip) {
            Some(Holder::Instance(i)) => {
                instance_source(m, i, format!("{ip} is instance {}", m.instances[i].id))
            }
            Some(Holder::EndpointEni(e, _))
                if m.endpoints[e].kind == EndpointKind::InstanceConnect =>
            {
                eice_source(m, e)?
            }
            // AWS's managed interfaces answer or forward; they never open a connection.
            Some(Holder::EndpointEni(e, _)) => {
                let ep = &m.endpoints[e];
                return Err(err(
                    format!(
                        "{ip} is an interface of endpoint {}, which AWS manages: it receives connections for the service and never opens one, so it cannot be a source",
                        ep.id
                    ),
                    Some(format!(
                        "trace from a client of the endpoint instead (an instance or a subnet of {}), with --to {}",
                        m.vpcs[ep.vpc].id, ep.id
                    )),
                ));
            }
            Some(Holder::NatGateway(g)) => {
                return Err(err(
                    format!(
                        "{ip} is NAT gateway {}'s private address: a NAT gateway forwards the traffic routed through it and never opens a connection, so it cannot be a source",
                        m.gateways[g].id
                    ),
                    Some(
                        "trace from an instance or a subnet whose route leads to the NAT gateway"
                            .into(),
                    ),
                ));
            }
            Some(Holder::LoadBalancer(sv, _)) => {
                return Err(err(
                    format!(
                        "{ip} is a node of {}'s load balancer, which AWS manages: it only passes connections it receives to its targets, so it cannot be a source",
                        m.endpoint_services[sv].id
                    ),
                    Some("trace from a client of the service instead".into()),
                ));
            }
            _ => interface_source(
                m,
                subnet,
                ip,
                ip.to_string(),
                format!("an unnamed interface at {ip} in {}", m.subnets[subnet].id),
            ),
        });
    }
    match find(m, from, is_source_kind)? {
        Some(ObjectRef::Instance(i)) => Ok(instance_source(m, i, format!("instance {}", m.instances[i].id))),
        Some(ObjectRef::Subnet(s)) => {
            let Some(ip) = first_free(m, s) else {
                return Err(err(format!("subnet `{}` has no free address for a source interface", m.subnets[s].id), None));
            };
            Ok(interface_source(
                m,
                s,
                ip,
                m.subnets[s].id.clone(),
                format!(
                    "an unnamed interface at {ip}, the first free address of {}",
                    m.subnets[s].id
                ),
            ))
        }
        Some(ObjectRef::Endpoint(e)) if m.endpoints[e].kind == EndpointKind::InstanceConnect => eice_source(m, e),
        Some(r) => Err(err(
            format!("`{from}` is a {}, not a source", r.kind_name()),
            Some("a source is an instance, a subnet, an address in a subnet, or an instance-connect endpoint".into()),
        )),
        None => Err(unknown(m, "source", from, |r| match r {
            ObjectRef::Endpoint(e) => m.endpoints[e].kind == EndpointKind::InstanceConnect,
            other => is_source_kind(other),
        })),
    }
}

/// `HOST[:PORT]` -> (host, port).
fn split_host_port(s: &str) -> Result<(String, Option<u16>), QueryError> {
    match s.rsplit_once(':') {
        Some((h, p)) => {
            let port = p.parse::<u16>().ok().filter(|&n| n > 0).ok_or_else(|| {
                err(
                    format!("`{p}` is not a port number"),
                    Some("ports are 1-65535".into()),
                )
            })?;
            Ok((h.to_string(), Some(port)))
        }
        None => Ok((s.to_string(), None)),
    }
}

fn check_host(h: &str, whole: &str) -> Result<(), QueryError> {
    let ok = !h.is_empty()
        && h.len() <= 253
        && h.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '*')
        });
    if ok {
        Ok(())
    } else {
        Err(err(
            format!("malformed destination `{whole}`: `{h}` is not a host name"),
            Some(DEST_HELP.into()),
        ))
    }
}

const DEST_HELP: &str = "destinations: s3://BUCKET[/KEY], dynamodb://TABLE, https://HOST[:PORT], HOST[:PORT], tcp://HOST:PORT, udp://HOST:PORT, A.B.C.D[:PORT], an instance, an endpoint or an endpoint service";

/// Account of an ARN (`arn:aws:iam::111111111111:role/x`), or a bare account id.
pub fn arn_account(arn: &str) -> Option<String> {
    if arn.len() == 12 && arn.chars().all(|c| c.is_ascii_digit()) {
        return Some(arn.to_string());
    }
    let acct = arn.split(':').nth(4)?;
    (acct.len() == 12 && acct.chars().all(|c| c.is_ascii_digit())).then(|| acct.to_string())
}

/// Read `--to` with the options, given the source.
pub fn parse(m: &Model, from: &str, to: &str, opts: &QueryOptions) -> Result<Parsed, QueryError> {
    let source = parse_source(m, from)?;
    let to_t = to.trim();
    if to_t.is_empty() {
        return Err(err("empty destination", Some(DEST_HELP.into())));
    }
    let Dest {
        target,
        port,
        mut protocol,
        mut action,
        mut resource,
        mut bucket,
        mut request_region,
        notes,
        objects,
        lattice_resource,
    } = destination(m, &source, to_t)?;
    // Overrides.
    if let Some(p) = &opts.protocol {
        protocol = match p.to_ascii_lowercase().as_str() {
            "tcp" => Protocol::Tcp,
            "udp" => Protocol::Udp,
            other => {
                return Err(err(
                    format!("unknown protocol `{other}`"),
                    Some("use tcp or udp".into()),
                ));
            }
        };
    }
    let port = opts.port.or(port).unwrap_or(443);
    if port == 0 {
        return Err(err("port 0 is not a destination port", None));
    }
    if let Some(a) = &opts.action {
        action = Some(a.clone());
    }
    if let Some(r) = &opts.resource {
        resource = Some(r.clone());
    }
    // A resource ARN naming a region (DynamoDB) or a bucket sets the request's region.
    if let Some(r) = &resource {
        if let Some(b) = r.strip_prefix("arn:aws:s3:::") {
            let b = b.split('/').next().unwrap_or("");
            if let Some(bk) = m.bucket(b) {
                request_region = Some(bk.region.clone());
            }
            if bucket.as_deref() != Some(b) && !b.is_empty() {
                bucket = Some(b.to_string());
            }
        } else if let Some(region) = r.split(':').nth(3).filter(|s| !s.is_empty()) {
            request_region = Some(region.to_string());
        }
    }
    if action.is_some() && resource.is_none() {
        // An API action without a resource: virtual-hosted S3 names carry the bucket.
        if let Target::Name(h) = &target
            && let Some((b, rest)) = h.split_once(".s3.")
            && rest.ends_with(".amazonaws.com")
            && !b.contains('.')
        {
            resource = Some(format!("arn:aws:s3:::{b}"));
            bucket = Some(b.to_string());
        } else {
            resource = Some("*".into());
        }
    }
    let principal = match &opts.principal {
        Some(p) if p.eq_ignore_ascii_case("anonymous") || p == "*" => None,
        Some(p) if arn_account(p).is_some_and(|a| a == *p) => {
            Some(format!("arn:aws:iam::{p}:root"))
        }
        Some(p) => Some(p.clone()),
        None => source.role.clone(),
    };
    Ok(Parsed {
        source,
        target,
        protocol,
        port,
        source_port: opts
            .source_port
            .unwrap_or(super::filter::DEFAULT_EPHEMERAL_PORT),
        action,
        resource,
        principal,
        bucket,
        request_region,
        context: opts.context.clone(),
        notes,
        objects,
        lattice_resource,
    })
}

/// What the destination form says, before the options override it.
struct Dest {
    target: Target,
    port: Option<u16>,
    protocol: Protocol,
    action: Option<String>,
    resource: Option<String>,
    bucket: Option<String>,
    request_region: Option<String>,
    notes: Vec<String>,
    objects: Vec<String>,
    lattice_resource: Option<Ix>,
}

impl Dest {
    fn new(target: Target) -> Self {
        Dest {
            target,
            port: None,
            protocol: Protocol::Tcp,
            action: None,
            resource: None,
            bucket: None,
            request_region: None,
            notes: Vec::new(),
            objects: Vec::new(),
            lattice_resource: None,
        }
    }
}

/// Read a destination: one function per form.
fn destination(m: &Model, source: &Source, to_t: &str) -> Result<Dest, QueryError> {
    let lower = to_t.to_ascii_lowercase();
    if let Some(rest) = strip_scheme(to_t, &lower, "s3://") {
        dest_s3(m, rest, to_t)
    } else if let Some(table) = strip_scheme(to_t, &lower, "dynamodb://") {
        dest_dynamodb(m, source, table, to_t)
    } else if let Some((scheme, rest)) = ["https://", "http://", "tcp://", "udp://"]
        .iter()
        .find_map(|s| strip_scheme(to_t, &lower, s).map(|r| (*s, r)))
    {
        dest_url(scheme, rest, to_t)
    } else if to_t.contains("://") {
        Err(err(
            format!("malformed destination `{to_t}`: unknown scheme"),
            Some(DEST_HELP.into()),
        ))
    } else if let Some(t) = addr_target(to_t)? {
        let mut d = Dest::new(Target::Addr(t.0));
        d.port = t.1;
        Ok(d)
    } else {
        dest_object(m, source, to_t)
    }
}

/// `s3://BUCKET[/KEY]`.
fn dest_s3(m: &Model, rest: &str, to_t: &str) -> Result<Dest, QueryError> {
    let (b, key) = match rest.split_once('/') {
        Some((b, k)) => (b, Some(k)),
        None => (rest, None),
    };
    if b.is_empty() {
        return Err(err(
            format!("malformed destination `{to_t}`: no bucket name"),
            Some("write s3://BUCKET or s3://BUCKET/KEY".into()),
        ));
    }
    check_host(b, to_t)?;
    let mut objects = Vec::new();
    let mut notes = Vec::new();
    let region = match m.bucket(b) {
        Some(bk) => {
            objects.push(bk.name.clone());
            bk.region.clone()
        }
        None => {
            notes.push(format!(
                "The model does not list bucket {b}, so it is taken to be in {} with no bucket policy (MODEL.md).",
                m.region
            ));
            m.region.clone()
        }
    };
    let mut d = Dest::new(Target::Name(format!("{b}.s3.{region}.amazonaws.com")));
    match key {
        Some(k) if !k.is_empty() => {
            d.action = Some("s3:GetObject".to_string());
            d.resource = Some(format!("arn:aws:s3:::{b}/{k}"));
        }
        _ => {
            d.action = Some("s3:ListBucket".to_string());
            d.resource = Some(format!("arn:aws:s3:::{b}"));
        }
    }
    d.bucket = Some(b.to_string());
    d.request_region = Some(region);
    d.notes = notes;
    d.objects = objects;
    Ok(d)
}

/// `dynamodb://TABLE`, in the source's region and account.
fn dest_dynamodb(m: &Model, source: &Source, table: &str, to_t: &str) -> Result<Dest, QueryError> {
    if table.is_empty() || table.contains('/') {
        return Err(err(
            format!("malformed destination `{to_t}`"),
            Some("write dynamodb://TABLE".into()),
        ));
    }
    let src_region = m.vpcs[source.vpc].region.clone();
    let account = &m.accounts[m.vpcs[source.vpc].account].id;
    let mut d = Dest::new(Target::Name(format!("dynamodb.{src_region}.amazonaws.com")));
    d.action = Some("dynamodb:GetItem".to_string());
    d.resource = Some(format!(
        "arn:aws:dynamodb:{src_region}:{account}:table/{table}"
    ));
    d.request_region = Some(src_region);
    Ok(d)
}

/// `https://`, `http://`, `tcp://` and `udp://` HOST[:PORT].
fn dest_url(scheme: &str, rest: &str, to_t: &str) -> Result<Dest, QueryError> {
    let hostport = rest.split('/').next().unwrap_or("");
    let (host, p) = split_host_port(hostport)?;
    let mut port = None;
    let mut protocol = Protocol::Tcp;
    match scheme {
        "tcp://" | "udp://" => {
            if p.is_none() {
                return Err(err(
                    format!("malformed destination `{to_t}`: {scheme} needs a port"),
                    Some(format!("write {scheme}HOST:PORT")),
                ));
            }
            if scheme == "udp://" {
                protocol = Protocol::Udp;
            }
        }
        "http://" => port = Some(80),
        _ => {}
    }
    if p.is_some() {
        port = p;
    }
    let mut d = Dest::new(host_target(&host, to_t)?);
    d.port = port;
    d.protocol = protocol;
    Ok(d)
}

/// An object id or name (instance, endpoint, endpoint service, bucket, site host), else a
/// host name.
fn dest_object(m: &Model, source: &Source, to_t: &str) -> Result<Dest, QueryError> {
    let target;
    let mut port: Option<u16> = None;
    let mut notes = Vec::new();
    let mut objects = Vec::new();
    let accept = |r: ObjectRef| {
        matches!(
            r,
            ObjectRef::Instance(_)
                | ObjectRef::Endpoint(_)
                | ObjectRef::EndpointService(_)
                | ObjectRef::Bucket(_)
                | ObjectRef::Host(_)
        )
    };
    if let Some(r) = m.resource_configurations.iter().position(|c| c.id == to_t) {
        return dest_resource(m, source, r);
    }
    match find(m, to_t, accept)? {
        Some(ObjectRef::Host(h)) => {
            let host = &m.hosts[h];
            objects.push(host.id.clone());
            notes.push(format!(
                "{} is a host of site {} at {}.",
                host.id, m.networks[host.network].id, host.ip
            ));
            target = Target::Addr(host.ip);
        }
        Some(ObjectRef::Instance(i)) => {
            target = Target::Instance(i);
            if matches!(source.kind, SourceKind::InstanceConnect(_)) {
                port = Some(22);
            }
        }
        Some(ObjectRef::Bucket(b)) => {
            let name = m.buckets[b].name.clone();
            return dest_s3(m, &name, &format!("s3://{name}"));
        }
        Some(ObjectRef::Endpoint(e)) => return dest_endpoint(m, e),
        Some(ObjectRef::EndpointService(s)) => return dest_endpoint_service(m, source, s),
        Some(r) => {
            return Err(err(
                format!("`{to_t}` is a {}, not a destination", r.kind_name()),
                Some(DEST_HELP.into()),
            ));
        }
        None => {
            let (host, p) = split_host_port(to_t)?;
            if host.contains('.') {
                port = p;
                target = host_target(&host, to_t)?;
            } else {
                let mut e = unknown(m, "destination", to_t, accept);
                if e.help.is_none() {
                    e.help = Some(DEST_HELP.into());
                }
                return Err(e);
            }
        }
    }
    let mut d = Dest::new(target);
    d.port = port;
    d.notes = notes;
    d.objects = objects;
    Ok(d)
}

/// An endpoint: an interface one stands for its regional DNS name, a gateway one for its service's public name.
fn dest_endpoint(m: &Model, e: Ix) -> Result<Dest, QueryError> {
    let target;
    let mut port: Option<u16> = None;
    let mut protocol = Protocol::Tcp;
    let mut request_region = None;
    let mut notes = Vec::new();
    let mut objects = Vec::new();
    let ep = &m.endpoints[e];
    objects.push(ep.id.clone());
    match ep.kind {
        EndpointKind::Interface if matches!(ep.target, EndpointTarget::ServiceNetwork(_)) => {
            let Some((r, name)) = ep.lattice_names.first() else {
                return Err(err(
                    format!(
                        "`{}` is a service-network endpoint whose service network has no resource configuration",
                        ep.id
                    ),
                    Some("associate one with the service network, or trace to a resource configuration id".into()),
                ));
            };
            let c = &m.resource_configurations[*r];
            notes.push(format!(
                "{} stands for the name of {}, the first resource configuration of its service network: {name} (ES-38).",
                ep.id, c.id
            ));
            port = c.port_ranges.first().map(|p| p.from);
            target = Target::Name(name.clone());
        }
        EndpointKind::Interface => {
            let name = ep.regional_dns.clone().unwrap_or_default();
            notes.push(format!(
                "{} stands for its regional DNS name {name} (IF-13).",
                ep.id
            ));
            target = Target::Name(name);
            if let EndpointTarget::Service(s) = ep.target {
                first_listener(m, s, &mut port, &mut protocol);
            }
            if let EndpointTarget::Aws(n) = &ep.target {
                request_region = n
                    .strip_prefix("com.amazonaws.")
                    .and_then(|r| r.split_once('.'))
                    .map(|(r, _)| r.to_string());
            }
        }
        EndpointKind::Gateway => {
            let EndpointTarget::Aws(n) = &ep.target else {
                return Err(err(format!("`{}` has no service", ep.id), None));
            };
            let Some(svc) = m.catalogue.service(n) else {
                return Err(err(
                    format!(
                        "`{}` is a gateway endpoint for {n}, which the catalogue does not know",
                        ep.id
                    ),
                    None,
                ));
            };
            notes.push(format!(
            "{} is a gateway endpoint: it has no address or DNS name of its own (GW-1, GW-12), so the trace goes to the service's public name {}.",
            ep.id, svc.dns
        ));
            target = Target::Name(svc.dns.clone());
            request_region = Some(svc.region.clone());
        }
        EndpointKind::InstanceConnect => {
            return Err(err(
                format!(
                    "`{}` is an instance-connect endpoint: it relays sessions and accepts no connections",
                    ep.id
                ),
                Some(format!(
                    "trace from it instead: --from {} --to <instance>",
                    ep.id
                )),
            ));
        }
    }
    let mut d = Dest::new(target);
    d.port = port;
    d.protocol = protocol;
    d.request_region = request_region;
    d.notes = notes;
    d.objects = objects;
    Ok(d)
}

/// A resource configuration: through the source VPC's resource endpoint to it, else a
/// service-network endpoint whose service network has it (its name, ES-38), else a
/// service-network endpoint's interface address, naming the resource (ES-37): the trace then
/// says it is not associated (ES-34).
fn dest_resource(m: &Model, source: &Source, r: Ix) -> Result<Dest, QueryError> {
    let c = &m.resource_configurations[r];
    let v = &m.vpcs[source.vpc];
    let mine = |pick: &dyn Fn(&crate::model::Endpoint) -> bool| {
        v.endpoints.iter().copied().find(|&e| pick(&m.endpoints[e]))
    };
    let mut notes = Vec::new();
    let mut objects = vec![c.id.clone()];
    let mut lattice_resource = None;
    let target = if let Some(e) = mine(&|ep| ep.target == EndpointTarget::Resource(r)) {
        let ep = &m.endpoints[e];
        objects.push(ep.id.clone());
        let n = ep.regional_dns.clone().unwrap_or_default();
        notes.push(format!(
            "{} is reached through resource endpoint {}, by its name {n} (ES-31).",
            c.id, ep.id
        ));
        Target::Name(n)
    } else if let Some(e) = mine(&|ep| ep.lattice_names.iter().any(|(x, _)| *x == r)) {
        let ep = &m.endpoints[e];
        objects.push(ep.id.clone());
        let n = ep
            .lattice_names
            .iter()
            .find(|(x, _)| *x == r)
            .map(|(_, n)| n.clone())
            .unwrap_or_default();
        notes.push(format!(
            "{} is reached through service-network endpoint {}, by the name AWS gives it there: {n} (ES-38).",
            c.id, ep.id
        ));
        Target::Name(n)
    } else if let Some(e) = mine(&|ep| matches!(ep.target, EndpointTarget::ServiceNetwork(_))) {
        let ep = &m.endpoints[e];
        objects.push(ep.id.clone());
        let zone = &m.subnets[source.subnet].zone_id;
        let Some(eni) = ep
            .enis
            .iter()
            .find(|x| &x.zone_id == zone)
            .or(ep.enis.first())
        else {
            return Err(err(format!("`{}` has no interface", ep.id), None));
        };
        notes.push(format!(
            "{}'s service network has no name for {}, so the trace goes to the endpoint's interface {} asking for it (ES-37, ES-38).",
            ep.id, c.id, eni.ip
        ));
        lattice_resource = Some(r);
        Target::Addr(eni.ip)
    } else {
        return Err(err(
            format!(
                "no resource or service-network endpoint of {} reaches resource configuration `{}`",
                v.id, c.id
            ),
            Some("add a `type: resource` endpoint to it, or a `type: service-network` endpoint whose service network has it (ES-26, ES-33)".into()),
        ));
    };
    let mut d = Dest::new(target);
    d.port = c.port_ranges.first().map(|p| p.from);
    d.notes = notes;
    d.objects = objects;
    d.lattice_resource = lattice_resource;
    Ok(d)
}

/// An endpoint service: reached through the source VPC's endpoint to it, else its own DNS name.
fn dest_endpoint_service(m: &Model, source: &Source, s: Ix) -> Result<Dest, QueryError> {
    let mut port: Option<u16> = None;
    let mut protocol = Protocol::Tcp;
    let mut notes = Vec::new();
    let mut objects = Vec::new();
    let es = &m.endpoint_services[s];
    objects.push(es.id.clone());
    first_listener(m, s, &mut port, &mut protocol);
    let mine = m.vpcs[source.vpc]
        .endpoints
        .iter()
        .copied()
        .find(|&e| m.endpoints[e].target == EndpointTarget::Service(s));
    let target = Target::Name(match mine {
        Some(e) => {
            let ep = &m.endpoints[e];
            objects.push(ep.id.clone());
            match &es.private_dns_name {
                Some(pn) if ep.private_dns && es.private_dns_verified && !pn.starts_with("*.") => {
                    notes.push(format!(
                    "{} is reached through {}, which has private DNS on for the verified name {pn} (ES-14).",
                    es.id, ep.id
                ));
                    pn.clone()
                }
                _ => {
                    let n = ep.regional_dns.clone().unwrap_or_default();
                    notes.push(format!(
                    "{} is reached through {}; without private DNS for a verified name, clients use the endpoint's regional name {n} (ES-2).",
                    es.id, ep.id
                ));
                    n
                }
            }
        }
        None => {
            notes.push(format!(
            "{} has no endpoint to {} in its VPC, so the trace tries the service's own DNS name {} (ES-2).",
            source.label, es.id, es.dns_name
        ));
            es.dns_name.clone()
        }
    });
    let mut d = Dest::new(target);
    d.port = port;
    d.protocol = protocol;
    d.notes = notes;
    d.objects = objects;
    Ok(d)
}

fn first_listener(m: &Model, s: Ix, port: &mut Option<u16>, protocol: &mut Protocol) {
    if let Some(l) = m.endpoint_services[s].load_balancer.listeners.first() {
        *port = Some(l.port);
        *protocol = l.protocol;
    }
}

fn strip_scheme<'a>(s: &'a str, lower: &str, scheme: &str) -> Option<&'a str> {
    lower.starts_with(scheme).then(|| &s[scheme.len()..])
}

/// `A.B.C.D[:PORT]`, if it is one.
fn addr_target(s: &str) -> Result<Option<(Ipv4Addr, Option<u16>)>, QueryError> {
    let (h, p) = match s.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (s, None),
    };
    let Ok(ip) = h.parse::<Ipv4Addr>() else {
        return Ok(None);
    };
    let port = match p {
        Some(p) => Some(p.parse::<u16>().ok().filter(|&n| n > 0).ok_or_else(|| {
            err(
                format!("`{p}` is not a port number"),
                Some("ports are 1-65535".into()),
            )
        })?),
        None => None,
    };
    Ok(Some((ip, port)))
}

fn host_target(host: &str, whole: &str) -> Result<Target, QueryError> {
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return Ok(Target::Addr(ip));
    }
    check_host(host.strip_suffix('.').unwrap_or(host), whole)?;
    Ok(Target::Name(super::dns::norm(host)))
}
