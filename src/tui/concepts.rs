//! The primer: short texts on PrivateLink concepts, in assets/concepts/*.md (embedded).
//!
//! A trace step names its concept (`Step::concept`); when it does not, the step's kind picks
//! one. Ids are kebab-case file names; common variants (singular, `sg`, `nacl`, ...) are
//! accepted so the engine and the texts need not agree letter for letter.

use crate::engine::Step;

/// A concept: id, and the text (first line `# Title`).
pub struct Concept {
    pub id: &'static str,
    pub text: &'static str,
}

impl Concept {
    pub fn title(&self) -> &'static str {
        self.text
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches('#')
            .trim()
    }
    pub fn body(&self) -> &'static str {
        self.text.split_once('\n').map(|x| x.1).unwrap_or("").trim()
    }
}

macro_rules! concepts {
    ($($id:literal),* $(,)?) => {
        /// Every concept, in the order of the primer.
        pub const CONCEPTS: &[Concept] = &[
            $(Concept { id: $id, text: include_str!(concat!("../../assets/concepts/", $id, ".md")) }),*
        ];
    };
}

concepts!(
    "gateway-vs-interface",
    "gateway-endpoints",
    "bucket-policies",
    "transit-gateways",
    "hybrid-dns",
    "interface-endpoints",
    "private-dns",
    "endpoint-dns-names",
    "endpoint-services",
    "az-ids",
    "endpoint-policies",
    "instance-connect",
    "dns-resolution",
    "route-tables",
    "security-groups",
    "network-acls",
);

const ALIASES: &[(&str, &str)] = &[
    ("endpoints", "gateway-vs-interface"),
    ("vpc-endpoints", "gateway-vs-interface"),
    ("privatelink", "interface-endpoints"),
    ("dns-names", "endpoint-dns-names"),
    ("endpoint-dns", "endpoint-dns-names"),
    ("regional-zonal-names", "endpoint-dns-names"),
    ("zonal-names", "endpoint-dns-names"),
    ("acceptance", "endpoint-services"),
    ("availability-zones", "az-ids"),
    ("zones", "az-ids"),
    ("zone-ids", "az-ids"),
    ("policy", "endpoint-policies"),
    ("policies", "endpoint-policies"),
    ("bucket-policies", "endpoint-policies"),
    ("iam", "endpoint-policies"),
    ("eice", "instance-connect"),
    ("instance-connect-endpoints", "instance-connect"),
    ("dns", "dns-resolution"),
    ("private-hosted-zones", "dns-resolution"),
    ("routing", "route-tables"),
    ("routes", "route-tables"),
    ("sg", "security-groups"),
    ("sgs", "security-groups"),
    ("nacl", "network-acls"),
    ("nacls", "network-acls"),
    ("acls", "network-acls"),
];

/// Look a concept up by id, tolerating case, `_`/space for `-`, and singular/plural.
pub fn get(id: &str) -> Option<&'static Concept> {
    let norm: String = id
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '_' || c == ' ' { '-' } else { c })
        .collect();
    let find = |k: &str| CONCEPTS.iter().find(|c| c.id == k);
    find(&norm)
        .or_else(|| find(&format!("{norm}s")))
        .or_else(|| norm.strip_suffix('s').and_then(find))
        .or_else(|| {
            norm.strip_suffix('y')
                .and_then(|b| find(&format!("{b}ies")))
        })
        .or_else(|| {
            ALIASES
                .iter()
                .find(|(a, _)| *a == norm || format!("{a}s") == norm)
                .and_then(|(_, c)| find(c))
        })
}

/// The concept a step opens: the one the engine names for it.
pub fn for_step(step: &Step) -> &'static Concept {
    step.concept
        .as_deref()
        .and_then(get)
        .unwrap_or(&CONCEPTS[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_concept_has_a_title_and_cites_rules() {
        for c in CONCEPTS {
            assert!(c.text.starts_with("# "), "{}", c.id);
            assert!(!c.title().is_empty() && c.body().len() > 200, "{}", c.id);
            assert!(
                c.body().contains('-') && c.body().chars().any(|x| x.is_ascii_digit()),
                "{}",
                c.id
            );
        }
    }

    #[test]
    fn lookups_tolerate_variants() {
        assert_eq!(get("gateway-endpoint").unwrap().id, "gateway-endpoints");
        assert_eq!(get("Security_Groups").unwrap().id, "security-groups");
        assert_eq!(get("nacl").unwrap().id, "network-acls");
        assert_eq!(get("endpoint-policy").unwrap().id, "endpoint-policies");
        assert!(get("nonsense").is_none());
    }
}
