//! S3 buckets and their policies.

use super::*;

impl B<'_> {
    pub(super) fn buckets(&mut self) -> Vec<doc::Bucket> {
        let c = self.c;
        let mut out: BTreeMap<String, doc::Bucket> = BTreeMap::new();
        for p in &c.bucket_policies {
            let (name, text) = (&p.v.0, &p.v.1);
            let account = self.acct(p.ctx);
            let policy = self.bucket_policy(text, name);
            let b = out.entry(name.clone()).or_insert_with(|| doc::Bucket {
                name: name.clone(),
                ..Default::default()
            });
            if b.policy.is_none() {
                b.policy = policy;
            }
            if b.account.is_none() {
                b.account = account;
            }
        }
        for l in &c.bucket_locations {
            let name = &l.v.0;
            let region = match l.v.1.as_deref() {
                None | Some("") => "us-east-1".to_string(),
                Some("EU") => "eu-west-1".to_string(),
                Some(r) => r.to_string(),
            };
            let account = self.acct(l.ctx);
            let b = out.entry(name.clone()).or_insert_with(|| doc::Bucket {
                name: name.clone(),
                ..Default::default()
            });
            b.region.get_or_insert(region);
            if b.account.is_none() {
                b.account = account;
            }
        }
        let mut list = Vec::new();
        for (name, b) in out {
            if self.claim(&name, "buckets") {
                list.push(b);
            }
        }
        list
    }

    pub(super) fn bucket_policy(&mut self, text: &str, bucket: &str) -> Option<Value> {
        let v: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                self.r.skip(
                    "bucket policies that are not valid JSON",
                    format!("{bucket}: {e}"),
                );
                return None;
            }
        };
        if let Err(e) = crate::policy::parse_value(&v) {
            self.r.skip(
                "bucket policies linkscope cannot read",
                format!("{bucket}: {}", e.message),
            );
            return None;
        }
        Some(v)
    }
}
