//! The trace panel's line model: one line per step with its status mark, the selected step
//! expanded with its explanation and facts, the verdict pinned below. Built once per update
//! by [`super::settle`], read by the layout (the panel's height), the update (scrolling, mouse)
//! and the view.

use crate::engine::Verdict;
use crate::text::{escape, width};
use crate::tui::concepts;
use crate::tui::state::App;
use crate::tui::theme;
use crate::tui::view::wrap;
use ratatui::style::Style;
use serde_json::Value;

/// One line of the trace panel.
#[derive(Debug, Clone, Default)]
pub struct TLine {
    /// The step this line belongs to.
    pub step: Option<usize>,
    /// The step's own line (not its expansion).
    pub head: bool,
    pub segs: Vec<(String, Style)>,
    /// Right-aligned text (the rule ids).
    pub right: Option<(String, Style)>,
}

/// The panel's content: the steps (scrolled), and the verdict with the other DNS answers
/// (pinned at the bottom, always visible).
#[derive(Debug, Clone, Default)]
pub struct TraceLines {
    pub body: Vec<TLine>,
    pub foot: Vec<TLine>,
}

impl TraceLines {
    pub fn len(&self) -> usize {
        self.body.len() + self.foot.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Rows the verdict gets in a panel of `h` inner rows (at most half, at least one), and
    /// whether a rule separates it from steps that go on above.
    pub fn foot_rows(&self, h: usize) -> (usize, bool) {
        let fh = self.foot.len().min((h / 2).max(1)).min(h);
        let rule = fh > 0 && h >= fh + 3 && self.body.len() > h - fh;
        (fh, rule)
    }
    /// Rows the steps get in a panel of `h` inner rows.
    pub fn body_rows(&self, h: usize) -> usize {
        let (fh, rule) = self.foot_rows(h);
        h - fh - usize::from(rule)
    }
}

fn plain(step: Option<usize>, s: String, st: Style) -> TLine {
    TLine {
        step,
        head: false,
        segs: vec![(s, st)],
        right: None,
    }
}

fn wrapped(
    out: &mut Vec<TLine>,
    step: Option<usize>,
    text: &str,
    w: usize,
    indent: usize,
    st: Style,
) {
    for l in wrap(text, w.saturating_sub(indent).max(8)) {
        out.push(plain(step, format!("{}{l}", " ".repeat(indent)), st));
    }
}

/// A fact's value as one line (lists joined), or as several (lists of objects).
fn fact_lines(v: &Value) -> (String, Vec<String>) {
    match v {
        Value::String(s) => (escape(s), vec![]),
        Value::Null => ("—".into(), vec![]),
        Value::Array(a) if a.iter().all(|x| !x.is_object() && !x.is_array()) => {
            let parts: Vec<String> = a.iter().map(|x| fact_lines(x).0).collect();
            (
                if parts.is_empty() {
                    "none".into()
                } else {
                    parts.join(", ")
                },
                vec![],
            )
        }
        Value::Array(a) => {
            let mut more: Vec<String> = a.iter().take(8).map(|x| escape(&compact(x))).collect();
            if a.len() > 8 {
                more.push(format!("+{} more", a.len() - 8));
            }
            (String::new(), more)
        }
        other => (escape(&compact(other)), vec![]),
    }
}

/// `{"route": "0.0.0.0/0", "why": "shorter"}` as `route 0.0.0.0/0 · why shorter`.
fn compact(v: &Value) -> String {
    match v {
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| format!("{k} {}", compact(v)))
            .collect::<Vec<_>>()
            .join(" · "),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(compact).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// Every line of the panel's content for an inner width `w`.
// One piece on purpose: the trace panel top to bottom (query, steps with the selected one
// opened, verdict, expectation, DNS answers), each block appending to the same line list in
// screen order; computed once per update (the line cache), never per frame.
pub fn lines(app: &App, w: u16) -> TraceLines {
    super::count(|b| b.trace += 1);
    let w = w as usize;
    let mut out = Vec::new();
    if let Some(err) = &app.run.trace_error {
        let mut it = err.lines();
        if let Some(first) = it.next() {
            wrapped(
                &mut out,
                None,
                &format!("Cannot trace: {}", escape(first)),
                w,
                1,
                theme::error(),
            );
        }
        for l in it {
            wrapped(&mut out, None, &escape(l), w, 3, theme::dim());
        }
        wrapped(
            &mut out,
            None,
            "Pick another source with s or destination with d.",
            w,
            1,
            theme::dim(),
        );
        return TraceLines {
            body: out,
            foot: vec![],
        };
    }
    let Some(t) = &app.run.trace else {
        let msg = match (&app.request.source, &app.request.destination) {
            (None, None) => {
                "Pick a source with s and a destination with d: the trace runs at once and shows, step by step, what AWS does to the request. ? explains every key and the concepts."
            }
            (Some(_), None) => {
                "Now pick a destination with d: a service name, a bucket, an endpoint, an instance, a DNS name or an address."
            }
            (None, Some(_)) => {
                "Now pick a source with s: an instance, a subnet or an instance-connect endpoint."
            }
            (Some(_), Some(_)) => "Press t to run the trace.",
        };
        wrapped(&mut out, None, msg, w, 1, theme::dim());
        if app.request.source.is_none() && app.request.destination.is_none() {
            if !app.model.expectations.is_empty() {
                wrapped(
                    &mut out,
                    None,
                    &match app.model.expectations.len() {
                        1 => "Or press e for the expectation written in this model.".to_string(),
                        n => format!(
                            "Or press e for one of the {n} expectations written in this model."
                        ),
                    },
                    w,
                    1,
                    theme::dim(),
                );
            }
            if !app.model.description.trim().is_empty() {
                out.push(TLine::default());
                for l in crate::tui::view::prose(
                    &super::description(&crate::tui::teach::description(app)),
                    w.saturating_sub(2),
                ) {
                    out.push(plain(None, format!(" {l}"), theme::text()));
                }
            }
        }
        return TraceLines {
            body: out,
            foot: vec![],
        };
    };
    let kw = t
        .steps
        .iter()
        .map(|s| width(crate::tui::teach::kind_label(app, s.kind)))
        .max()
        .unwrap_or(6)
        .max(6);
    let pinned = app.run.pinned.as_ref();
    if let Some(p) = pinned {
        wrapped(
            &mut out,
            None,
            &format!(
                "pinned: {} → {}, {} · ≠ marks the steps that differ from it · P unpins",
                escape(&p.query.from),
                escape(&p.query.to),
                crate::report::verdict_words(p)
            ),
            w,
            1,
            theme::message(),
        );
    }
    if app.request.options != Default::default() {
        // The request as edited (`o`), where the trace is.
        wrapped(
            &mut out,
            None,
            &format!(
                "request: {} · o edits",
                crate::tui::request::describe(&app.request.options)
            ),
            w,
            1,
            theme::key(),
        );
    }
    for (i, st) in t.steps.iter().enumerate() {
        let sel = i == app.run.step;
        // Against the pinned trace: the step at the same place differs in kind, status or text.
        let differs = pinned.is_some_and(|p| {
            p.steps
                .get(i)
                .is_none_or(|q| q.kind != st.kind || q.status != st.status || q.title != st.title)
        });
        // The first rule on the line; all of them in the expansion.
        let teach = app.teach.on;
        let rules = match st.rules.as_slice() {
            _ if teach => None,
            [] => None,
            [one] => Some(format!("[{}]", escape(one))),
            [first, rest @ ..] => Some(format!("[{} +{}]", escape(first), rest.len())),
        };
        let rw = rules.as_deref().map(width).unwrap_or(0);
        let mut title = escape(&st.title);
        let room = w.saturating_sub(4 + kw + 1 + rw + 1 + if differs { 2 } else { 0 });
        if width(&title) > room {
            title = crate::text::truncate(&title, room).into_owned();
        }
        out.push(TLine {
            step: Some(i),
            head: true,
            segs: vec![
                (
                    if sel { "▶".into() } else { " ".into() },
                    theme::highlight(),
                ),
                (st.status.mark().to_string(), theme::status(st.status)),
                (
                    format!(" {:<kw$} ", crate::tui::teach::kind_label(app, st.kind)),
                    theme::dim(),
                ),
                (
                    if differs {
                        "≠ ".into()
                    } else {
                        String::new()
                    },
                    theme::warning(),
                ),
                (title, if sel { theme::bold() } else { theme::text() }),
            ],
            right: rules.map(|r| (r, theme::dim())),
        });
        if !sel {
            continue;
        }
        if teach {
            // Teaching mode: the explanation without rule ids, then the step's lesson.
            let d = crate::tui::teach::without_rule_ids(&st.detail);
            wrapped(&mut out, Some(i), &escape(&d), w, 4, theme::text());
            let lesson = format!("Lesson: {}", crate::tui::teach::lesson(st));
            wrapped(&mut out, Some(i), &escape(&lesson), w, 4, theme::title());
        } else if !st.detail.is_empty() {
            wrapped(&mut out, Some(i), &escape(&st.detail), w, 4, theme::text());
        }
        // Facts: short ones run together (`key value · key value`), lists of records below.
        let mut flat: Vec<String> = Vec::new();
        let mut nested: Vec<(String, Vec<String>)> = Vec::new();
        for (k, v) in st.facts.iter().filter(|_| !teach) {
            let (one, many) = fact_lines(v);
            if many.is_empty() {
                flat.push(format!("{} {one}", escape(k)));
            } else {
                nested.push((escape(k), many));
            }
        }
        if !flat.is_empty() {
            wrapped(&mut out, Some(i), &flat.join(" · "), w, 4, theme::dim());
        }
        if st.rules.len() > 1 && !teach {
            let r: Vec<String> = st.rules.iter().map(|r| escape(r)).collect();
            wrapped(
                &mut out,
                Some(i),
                &format!("rules {} (R reads each)", r.join(" · ")),
                w,
                4,
                theme::dim(),
            );
        }
        for (k, many) in nested {
            out.push(plain(Some(i), format!("    {k}:"), theme::dim()));
            for m in many {
                wrapped(&mut out, Some(i), &format!("· {m}"), w, 6, theme::dim());
            }
        }
        if app.size.0 < crate::tui::layout::WIDE_W
            && app.panels.top != crate::tui::state::Panel::Details
            && app.run.mark.is_some()
            && let Some(o) = app.map.selected
        {
            out.push(TLine {
                step: Some(i),
                head: false,
                segs: vec![
                    ("    Tab ".into(), theme::key()),
                    (
                        format!(
                            "shows {} with what this step used marked ▶",
                            escape(app.model.id_of(o))
                        ),
                        theme::dim(),
                    ),
                ],
                right: None,
            });
        }
        let c = concepts::for_step(st);
        out.push(TLine {
            step: Some(i),
            head: false,
            segs: vec![
                ("    c ".into(), theme::key()),
                (format!("explains: {}", c.title()), theme::dim()),
            ],
            right: None,
        });
    }
    // The verdict, plainly.
    let body = out;
    let mut out = Vec::new();
    let (word, style) = match t.verdict {
        Verdict::Allowed => ("ALLOWED".to_string(), theme::allowed()),
        Verdict::Blocked => (
            format!(
                "BLOCKED{}",
                t.reason_code()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default()
            ),
            theme::blocked(),
        ),
        Verdict::Partial => (
            format!(
                "PARTIAL{}",
                t.reason_code()
                    .map(|r| format!(" ({r} on some answers)"))
                    .unwrap_or_default()
            ),
            theme::partial(),
        ),
    };
    let mut rest = String::new();
    if !t.summary.is_empty() {
        rest.push_str(&format!(" — {}", escape(&t.summary)));
    }
    match (&t.path, &t.via) {
        // Teaching mode: the summary says it in words; the path's internal name goes.
        _ if app.teach.on => {}
        (Some(p), Some(v)) => rest.push_str(&format!(" (path {} via {})", p.as_str(), escape(v))),
        (Some(p), None) => rest.push_str(&format!(" (path {})", p.as_str())),
        _ => {}
    }
    let text = format!("{word}{rest}");
    for (j, l) in wrap(&text, w.saturating_sub(1).max(8))
        .into_iter()
        .enumerate()
    {
        if j == 0 && l.starts_with(&word) {
            let tail = l[word.len()..].to_string();
            out.push(TLine {
                step: None,
                head: false,
                segs: vec![
                    (" ".into(), Style::new()),
                    (word.clone(), style),
                    (tail, theme::text()),
                ],
                right: None,
            });
        } else {
            out.push(plain(None, format!("   {l}"), theme::text()));
        }
    }
    if let Some(e) = app
        .request
        .expectation
        .and_then(|i| app.model.expectations.get(i))
    {
        let mut want = e.expect.as_str().to_string();
        if let Some(v) = &e.via {
            want.push_str(&format!(" via {}", escape(v)));
        }
        if let Some(r) = &e.reason {
            want.push_str(&format!(" ({})", escape(r)));
        }
        let met = expectation_met(e, t);
        let (mark, st, word) = if met {
            ("✓", theme::allowed(), "as expected")
        } else {
            ("✗", theme::blocked(), "the model expects")
        };
        out.push(TLine {
            step: None,
            head: false,
            segs: vec![
                (format!(" {mark} "), st),
                (format!("{word}: {want}"), theme::text()),
            ],
            right: None,
        });
    }
    if !t.answers.is_empty() {
        out.push(plain(
            None,
            " DNS answers (clients use every one; the steps above show the first):".into(),
            theme::dim(),
        ));
        for a in &t.answers {
            let v = match a.verdict {
                Verdict::Allowed => "allowed".to_string(),
                Verdict::Blocked | Verdict::Partial => format!(
                    "blocked{}",
                    a.reason.map(|r| format!(" ({r})")).unwrap_or_default()
                ),
            };
            let zone = a
                .zone
                .as_deref()
                .map(|z| format!(" in {}", escape(z)))
                .unwrap_or_default();
            let (mark, st) = match a.verdict {
                Verdict::Allowed => ("✓", theme::allowed()),
                Verdict::Blocked | Verdict::Partial => ("✗", theme::blocked()),
            };
            // The engine's note says it all ("via 10.0.2.100 in us-east-1b: blocked by ...").
            let text = if a.note.is_empty() {
                format!("{}{zone}: {v}", escape(&a.address))
            } else {
                escape(&a.note)
            };
            for (j, l) in wrap(&text, w.saturating_sub(6).max(8))
                .into_iter()
                .enumerate()
            {
                let lead = if j == 0 {
                    format!("   {mark} ")
                } else {
                    "     ".into()
                };
                out.push(TLine {
                    step: None,
                    head: false,
                    segs: vec![(lead, st), (l, theme::text())],
                    right: None,
                });
            }
        }
    }
    if app.size.1 < COMPACT_BELOW {
        // A short screen: one pinned line; the whole verdict follows the steps.
        let mut segs = vec![(" ".to_string(), Style::new()), (word.clone(), style)];
        if let (Verdict::Allowed, Some(v)) = (t.verdict, &t.via) {
            segs.push((format!(" via {}", escape(v)), theme::text()));
        }
        if let Some(e) = app
            .request
            .expectation
            .and_then(|i| app.model.expectations.get(i))
        {
            let met = expectation_met(e, t);
            segs.push((
                if met {
                    " · ✓ as expected".into()
                } else {
                    " · ✗ not as expected".into()
                },
                if met {
                    theme::allowed()
                } else {
                    theme::blocked()
                },
            ));
        }
        let mut body = body;
        body.push(TLine::default());
        body.extend(out);
        return TraceLines {
            body,
            foot: vec![TLine {
                step: None,
                head: false,
                segs,
                right: None,
            }],
        };
    }
    TraceLines { body, foot: out }
}

/// Below this terminal height the verdict pins one line only.
const COMPACT_BELOW: u16 = 32;

/// Does a trace meet the model's expectation (verdict, and `via` and `reason` when given)?
pub fn expectation_met(e: &crate::model::Expectation, t: &crate::engine::Trace) -> bool {
    e.check(t).is_empty()
}
