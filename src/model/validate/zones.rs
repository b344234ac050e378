//! Private hosted zones and their records.

use super::*;

pub(super) fn hosted_zones(cx: &mut Cx, m: &mut Builder, raw: &RawModel) {
    for z in &raw.hosted_zones {
        hosted_zone(cx, m, z);
    }
}

fn hosted_zone(cx: &mut Cx, m: &mut Builder, z: &RawHostedZone) {
    let zname = norm_name(&z.name.value);
    let mut vpcs = Vec::new();
    for r in &z.vpcs {
        if let Some(v) = cx.resolve(r, "VPC", &z.id.value, |o| match o {
            ObjectRef::Vpc(i) => Some(i),
            _ => None,
        }) {
            vpcs.push(v);
        }
    }
    let mut records = Vec::new();
    for r in &z.records {
        if let Some(r) = record(cx, z, &zname, r) {
            records.push(r);
        }
    }
    if vpcs.is_empty() {
        cx.warn(
            w::HOSTED_ZONE_NO_VPC,
            format!("private hosted zone `{zname}` is associated with no VPC"),
            pos(&z.id),
            &z.id.value,
        );
    }
    m.hosted_zones.push(HostedZone {
        id: z.id.value.clone(),
        name: zname,
        vpcs,
        records,
        pos: pos(&z.id),
    });
}

/// One record, or `None` (reported) when its name is outside the zone.
fn record(cx: &mut Cx, z: &RawHostedZone, zname: &str, r: &RawRecord) -> Option<Record> {
    let rname = norm_name(&r.name.value);
    if !(rname == zname || rname.ends_with(&format!(".{zname}"))) {
        cx.err(
            "BAD_VALUE",
            format!("record `{rname}` is not inside zone `{zname}`"),
            pos(&r.name),
        )
        .help(format!("write the full name, ending in .{zname}"))
        .object = Some(z.id.value.clone());
        return None;
    }
    let kind = match r.kind.value.to_ascii_uppercase().as_str() {
        "A" => RecordKind::A,
        "CNAME" => RecordKind::Cname,
        "ALIAS" => RecordKind::Alias,
        "TXT" => RecordKind::Txt,
        "AAAA" | "MX" | "SRV" | "NS" | "SOA" | "PTR" | "CAA" => RecordKind::Other,
        other => {
            cx.err(
                "BAD_ENUM",
                format!("unknown record type `{other}`"),
                pos(&r.kind),
            )
            .help("use A, CNAME, ALIAS or TXT")
            .object = Some(z.id.value.clone());
            RecordKind::Other
        }
    };
    let mut values = Vec::new();
    for val in &r.values {
        let v = val.value.trim();
        let rv = match kind {
            RecordKind::A => match v.parse::<Ipv4Addr>() {
                Ok(ip) => RecordValue::Ip(ip),
                Err(_) => {
                    cx.err(
                        "BAD_IP",
                        format!("an A record holds IPv4 addresses, not `{v}`"),
                        pos(val),
                    )
                    .help("use a CNAME for a name, or write an address")
                    .object = Some(z.id.value.clone());
                    continue;
                }
            },
            RecordKind::Cname | RecordKind::Alias => match cx.ids.get(v) {
                Some(ObjectRef::Endpoint(i)) => RecordValue::Endpoint(*i),
                _ => RecordValue::Name(norm_name(v)),
            },
            _ => RecordValue::Text(v.to_string()),
        };
        values.push(rv);
    }
    Some(Record {
        name: rname,
        kind,
        values,
        pos: pos(&r.name),
    })
}
