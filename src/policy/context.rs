//! Request context keys: names are case-insensitive (POL-19), each key holds one or more
//! values, and a key that is not there is absent (which is what POL-18 is about).

use serde::Serialize;
use serde::ser::SerializeMap;

/// Condition keys of one request. Key names compare case-insensitively (`aws:sourcevpce` is
/// `aws:SourceVpce`); the spelling of the last insert is kept for display. A request carries a
/// handful of keys, so they sit in a small list in insertion order (equality ignores order).
#[derive(Debug, Clone, Default, Eq)]
pub struct ContextKeys(Vec<(String, Vec<String>)>);

impl PartialEq for ContextKeys {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .all(|(k, v)| other.get(k).is_some_and(|o| o == v.as_slice()))
    }
}

impl ContextKeys {
    pub fn new() -> Self {
        Self::default()
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.0.iter().position(|(k, _)| k.eq_ignore_ascii_case(key))
    }

    /// Set `key` to one value (replacing what was there).
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        self.insert_multi(key, [value.into()])
    }

    /// Set `key` to several values (a multivalued key such as `aws:TagKeys`). An empty list is
    /// a present key with no values (ForAllValues is true, ForAnyValue false on it).
    pub fn insert_multi<I, V>(&mut self, key: impl Into<String>, values: I) -> &mut Self
    where
        I: IntoIterator<Item = V>,
        V: Into<String>,
    {
        let key = key.into();
        let values: Vec<String> = values.into_iter().map(Into::into).collect();
        match self.position(&key) {
            Some(i) => self.0[i] = (key, values),
            None => self.0.push((key, values)),
        }
        self
    }

    /// Add one value to `key`, creating it when absent.
    pub fn push(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut Self {
        let key = key.into();
        match self.position(&key) {
            Some(i) => self.0[i].1.push(value.into()),
            None => self.0.push((key, vec![value.into()])),
        }
        self
    }

    /// Builder form of [`ContextKeys::insert`].
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert(key, value);
        self
    }

    /// The values of `key` (any case), or None when the key is absent.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.position(key).map(|i| self.0[i].1.as_slice())
    }

    pub fn contains(&self, key: &str) -> bool {
        self.position(key).is_some()
    }

    /// Remove `key` (any case); returns its values.
    pub fn remove(&mut self, key: &str) -> Option<Vec<String>> {
        self.position(key).map(|i| self.0.remove(i).1)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// (key as spelled, values), in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Parse `KEY=VALUE` assignments (command-line form). A key given twice collects both
    /// values; `KEY=` gives a key with an empty value.
    pub fn parse_assignments<S: AsRef<str>>(items: &[S]) -> Result<Self, String> {
        let mut c = Self::new();
        for item in items {
            let item = item.as_ref();
            let (k, v) = item
                .split_once('=')
                .ok_or_else(|| format!("context entry `{item}` is not KEY=VALUE"))?;
            let k = k.trim();
            if k.is_empty() {
                return Err(format!("context entry `{item}` has no key"));
            }
            c.push(k, v);
        }
        Ok(c)
    }
}

impl Serialize for ContextKeys {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for ContextKeys {
    fn from_iter<T: IntoIterator<Item = (K, V)>>(iter: T) -> Self {
        let mut c = Self::new();
        for (k, v) in iter {
            c.push(k, v);
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive() {
        let mut c = ContextKeys::new();
        c.insert("aws:SourceVpce", "vpce-1");
        assert_eq!(c.get("aws:sourcevpce"), Some(&["vpce-1".to_string()][..]));
        assert_eq!(c.get("AWS:SOURCEVPCE").map(|v| v.len()), Some(1));
        assert!(c.get("aws:SourceVpc").is_none());
        c.insert("AWS:SOURCEVPCE", "vpce-2");
        assert_eq!(c.len(), 1);
        assert_eq!(c.get("aws:SourceVpce").unwrap(), ["vpce-2"]);
        c.push("aws:sourcevpce", "vpce-3");
        assert_eq!(c.get("aws:SourceVpce").unwrap(), ["vpce-2", "vpce-3"]);
        assert_eq!(
            c.remove("aws:SourceVPCE"),
            Some(vec!["vpce-2".into(), "vpce-3".into()])
        );
        assert!(c.is_empty());
    }

    #[test]
    fn equality_ignores_order_and_key_case() {
        let a: ContextKeys = [("aws:SourceVpce", "v"), ("aws:SourceVpc", "w")]
            .into_iter()
            .collect();
        let b: ContextKeys = [("aws:sourcevpc", "w"), ("AWS:SOURCEVPCE", "v")]
            .into_iter()
            .collect();
        assert_eq!(a, b);
        let c: ContextKeys = [("aws:SourceVpce", "x"), ("aws:SourceVpc", "w")]
            .into_iter()
            .collect();
        assert_ne!(a, c);
        assert_ne!(a, ContextKeys::new());
    }

    #[test]
    fn multi_and_empty() {
        let mut c = ContextKeys::new();
        c.insert_multi("aws:TagKeys", ["a", "b"]);
        c.insert_multi("aws:CalledVia", Vec::<String>::new());
        assert_eq!(c.get("aws:tagkeys").unwrap().len(), 2);
        assert_eq!(c.get("aws:calledvia"), Some(&[][..]));
    }

    #[test]
    fn assignments() {
        let c = ContextKeys::parse_assignments(&[
            "aws:SourceVpce=vpce-1",
            "aws:TagKeys=a",
            "aws:TagKeys=b",
            "k=",
        ])
        .unwrap();
        assert_eq!(c.get("aws:tagkeys").unwrap(), ["a", "b"]);
        assert_eq!(c.get("k").unwrap(), [""]);
        assert!(ContextKeys::parse_assignments(&["nokey"]).is_err());
        assert!(ContextKeys::parse_assignments(&["=v"]).is_err());
        let json = serde_json::to_string(&c).unwrap();
        assert!(json.contains("\"aws:SourceVpce\":[\"vpce-1\"]"), "{json}");
    }
}
