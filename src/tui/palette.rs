//! The command palette (`:`): one fuzzy list of the model's accounts, VPCs, Availability
//! Zones, subnets and every other object (jump to it), and the main screen's commands (the
//! keymap's actions by name: run one). It is a finder ([`super::finder`]: the same matcher,
//! ranking and worker); this module builds its candidates and says what a choice means.
//!
//! ```text
//! ┌ Go to or run: an account, VPC, AZ, subnet, object, or a command ─────────┐
//! │ > az2                                                        3 of 412    │
//! │──────────────────────────────────────────────────────────────────────────│
//! │▶ us-east-1b (use1-az2) in vpc-app          Availability Zone · acct app  │
//! │  command: align by AZ ID                                       key A     │
//! └──────────────────────────────────────────────────────────────────────────┘
//! ```

use crate::model::{Ix, Model};
use crate::text::escape;

use super::finder::{Candidate, object_candidates};
use super::keymap::{BINDINGS, Layer};
use super::message::Message;

/// What a palette candidate's value means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Run the main-screen binding with this index in [`BINDINGS`].
    Command(usize),
    /// Show this VPC with the cursor in this Availability Zone (by name).
    Zone(Ix, String),
    /// Jump to a model object (the candidate carries it).
    Object,
}

const CMD: &str = "@cmd:";
const AZ: &str = "@az:";

/// Read a candidate's value back.
pub fn choice(value: &str) -> Choice {
    if let Some(n) = value.strip_prefix(CMD).and_then(|n| n.parse().ok()) {
        return Choice::Command(n);
    }
    if let Some((v, z)) = value.strip_prefix(AZ).and_then(|r| r.split_once(':'))
        && let Ok(v) = v.parse()
    {
        return Choice::Zone(v, z.to_string());
    }
    Choice::Object
}

/// Commands the palette offers: the main screen's bindings, less moving and scrolling (the
/// palette is for reaching things, the arrows are for moving) and the palette itself.
fn offered(m: &Message) -> bool {
    !matches!(
        m,
        Message::Move(_)
            | Message::Page(_)
            | Message::Home
            | Message::End
            | Message::Close
            | Message::Activate
            | Message::FocusPrev
            | Message::OpenFinder(super::message::FinderKind::Palette)
    )
}

/// A command's name: its help text up to the first `:`, `;` or `(` (`compact map`, `pin the
/// current trace`).
pub fn command_name(help: &str) -> &str {
    help.split([':', ';', '(']).next().unwrap_or(help).trim()
}

/// Every candidate: the commands first (few), then each VPC's Availability Zones, then every
/// object of the model (accounts, VPCs, subnets, instances, endpoints...).
pub fn candidates(m: &Model) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (i, b) in BINDINGS.iter().enumerate() {
        if b.layer != Layer::Main || !offered(&b.msg) {
            continue;
        }
        out.push(Candidate {
            text: format!("command: {}", command_name(b.help)),
            hint: format!("key {}", b.label),
            value: format!("{CMD}{i}"),
            object: None,
            complete: None,
        });
    }
    for (vi, v) in m.vpcs.iter().enumerate() {
        let acct = &m.accounts[v.account];
        // The VPC's zones, then any zone only its subnets name (as the map draws them).
        let mut zones: Vec<(&str, &str)> = v
            .zones
            .iter()
            .map(|z| (z.as_str(), m.zone_id(v.account, z).unwrap_or("")))
            .collect();
        for &s in &v.subnets {
            let sub = &m.subnets[s];
            if !zones.iter().any(|(z, _)| *z == sub.zone) {
                zones.push((&sub.zone, &sub.zone_id));
            }
        }
        let name = if v.name.is_empty() || v.name == v.id {
            String::new()
        } else {
            format!(" {}", escape(&v.name))
        };
        for (z, id) in zones {
            out.push(Candidate {
                text: format!("{} ({}) in {}{name}", escape(z), escape(id), escape(&v.id)),
                hint: format!("Availability Zone · {}", super::ids::account_label(acct)),
                value: format!("{AZ}{vi}:{z}"),
                object: None,
                complete: None,
            });
        }
    }
    out.extend(object_candidates(m));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back() {
        assert_eq!(choice("@cmd:12"), Choice::Command(12));
        assert_eq!(
            choice("@az:3:us-east-1b"),
            Choice::Zone(3, "us-east-1b".into())
        );
        assert_eq!(choice("vpc-app"), Choice::Object);
        assert_eq!(choice("@az:x:y"), Choice::Object);
    }

    #[test]
    fn command_names_are_short() {
        assert_eq!(command_name("compact map: one line"), "compact map");
        assert_eq!(command_name("quit"), "quit");
    }
}
