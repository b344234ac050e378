//! The keymap: ONE table of key -> message, with a description per binding. The same table
//! feeds the footer (entries with a `footer` label) and the help popup (every entry).
//!
//! Keys are looked up in the layer on top: a finder takes typed characters, a popup takes
//! scrolling, otherwise the main bindings apply. Ctrl-C quits everywhere. Key releases are
//! ignored.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::form::FormKey;
use super::message::{Dir, FinderKind, Message};
use super::state::{App, Panel};

/// A key with its modifiers (Shift is folded into the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn key(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}
const fn ch(c: char) -> Key {
    key(KeyCode::Char(c))
}
const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

/// Which layer a binding belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// Everywhere (Ctrl-C).
    Any,
    /// Typing a search in the help (`/`).
    HelpSearch,
    /// Typing the map filter (`F`).
    MapFilter,
    Main,
    Finder,
    /// The request editor (`o`) or the copy-out form (`Y`).
    Form,
    Popup,
}

impl Layer {
    pub fn title(&self) -> &'static str {
        match self {
            Layer::Any => "Anywhere",
            Layer::Main => "Main screen",
            Layer::Finder => "In a finder (s, d, /)",
            Layer::Form => "In the request editor (o) or the copy-out form (Y)",
            Layer::Popup => "In help or a concept",
            Layer::HelpSearch => "Typing a search in the help",
            Layer::MapFilter => "Typing the map filter (F)",
        }
    }
}

/// A footer entry: keys as shown, a word, and a priority (higher stays longer when narrow).
#[derive(Debug, Clone, Copy)]
pub struct Footer {
    pub keys: &'static str,
    pub text: &'static str,
    pub prio: u8,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub layer: Layer,
    pub keys: &'static [Key],
    /// The keys as the help shows them.
    pub label: &'static str,
    pub help: &'static str,
    pub footer: Option<Footer>,
    pub msg: Message,
}

const fn f(keys: &'static str, text: &'static str, prio: u8) -> Option<Footer> {
    Some(Footer { keys, text, prio })
}

use KeyCode::*;
use Layer::*;

/// Every binding. (One line each, read as a table: rustfmt leaves it alone.)
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    Binding { layer: Any, keys: &[ctrl('c')], label: "Ctrl-C", help: "quit, restoring the terminal", footer: None, msg: Message::Quit },
    // ---- main
    Binding { layer: Main, keys: &[key(Up), ch('k')], label: "↑ k", help: "move up: previous subnet or item; previous step in the trace; scroll the details", footer: f("←↓↑→", "move", 3), msg: Message::Move(Dir::Up) },
    Binding { layer: Main, keys: &[key(Down), ch('j')], label: "↓ j", help: "move down: next subnet or item (then the VPC-wide strip); next step in the trace", footer: None, msg: Message::Move(Dir::Down) },
    Binding { layer: Main, keys: &[key(Left), ch('h')], label: "← h", help: "move left: the Availability Zone to the left; previous item of the strip; on the overview, the VPCs column", footer: None, msg: Message::Move(Dir::Left) },
    Binding { layer: Main, keys: &[key(Right), ch('l')], label: "→ l", help: "move right: the Availability Zone to the right; next item of the strip; on the overview, the column of the rest", footer: None, msg: Message::Move(Dir::Right) },
    Binding { layer: Main, keys: &[key(Tab)], label: "Tab", help: "next panel (VPC, details, trace, problems); on a narrow screen it also shows that panel", footer: f("Tab", "panel", 6), msg: Message::FocusNext },
    Binding { layer: Main, keys: &[key(BackTab)], label: "Shift-Tab", help: "previous panel", footer: None, msg: Message::FocusPrev },
    Binding { layer: Main, keys: &[ch('s')], label: "s", help: "pick the source: an instance, a subnet, an instance-connect endpoint (or type an address)", footer: f("s", "source", 9), msg: Message::OpenFinder(FinderKind::Source) },
    Binding { layer: Main, keys: &[ch('d')], label: "d", help: "pick the destination: a service name, bucket, endpoint service, endpoint, instance, DNS record, or any text (s3://bucket/key, https://host, 10.0.0.5:443)", footer: f("d", "destination", 9), msg: Message::OpenFinder(FinderKind::Destination) },
    Binding { layer: Main, keys: &[ch('e')], label: "e", help: "pick one of the model's expectations (a source, a destination and the answer its author expects) and trace it", footer: f("e", "expectations", 7), msg: Message::OpenFinder(FinderKind::Expectation) },
    Binding { layer: Main, keys: &[ch('E')], label: "E", help: "expectations panel: each of the model's expectations ✓ met, ✗ not met, ◐ met with a partial verdict; run again on every reload, with what changed; Enter traces one", footer: f("E", "tests", 6), msg: Message::Expectations },
    Binding { layer: Main, keys: &[ch('f')], label: "f", help: "trace the first expectation that fails (its failing step selected)", footer: None, msg: Message::FirstFailure },
    Binding { layer: Main, keys: &[ch('S')], label: "S", help: "the selected object becomes the source (traces if a destination is set)", footer: None, msg: Message::UseSelected(true) },
    Binding { layer: Main, keys: &[ch('D')], label: "D", help: "the selected object becomes the destination (traces if a source is set)", footer: None, msg: Message::UseSelected(false) },
    Binding { layer: Main, keys: &[ch('w')], label: "w", help: "swap the source and the destination, and trace the way back (port and options are kept)", footer: None, msg: Message::Swap },
    Binding { layer: Main, keys: &[ch('[')], label: "[", help: "back to the previous request traced (source, destination, options)", footer: None, msg: Message::History(-1) },
    Binding { layer: Main, keys: &[ch(']')], label: "]", help: "forward to the next request traced", footer: None, msg: Message::History(1) },
    Binding { layer: Main, keys: &[ch('z')], label: "z", help: "zoom the focused panel to the whole screen, and back (Tab zooms the next one)", footer: None, msg: Message::Zoom },
    Binding { layer: Main, keys: &[ch('m')], label: "m", help: "compact map: one line per subnet with a count of what it holds, narrower AZ panes (a large VPC and all its AZs fit); m again shows the boxes", footer: None, msg: Message::Compact },
    Binding { layer: Main, keys: &[ch('y')], label: "y", help: "copy the current trace as text to the clipboard (OSC 52: terminals and tmux that allow it; nothing is written to disk; Y for Markdown, a command line or a file)", footer: None, msg: Message::Copy },
    Binding { layer: Main, keys: &[ch('Y')], label: "Y", help: "copy out: the trace as text, as Markdown or as the equivalent `linkscope trace …` command line, to the clipboard (OSC 52) or to a file you name (an existing file needs a second Enter)", footer: None, msg: Message::CopyOut },
    Binding { layer: Main, keys: &[ch('o')], label: "o", help: "edit the request: port, protocol, action, resource, principal, policy context keys (Tab completes from the model); Enter traces it again", footer: None, msg: Message::EditRequest },
    Binding { layer: Main, keys: &[ch('P')], label: "P", help: "pin the current trace: the next traces are compared with it (≠ on the steps that differ, e.g. gateway vs interface endpoint, before vs after an edit); P again unpins", footer: None, msg: Message::Pin },
    Binding { layer: Main, keys: &[key(Enter)], label: "Enter", help: "select the object under the cursor (shows its details); on a trace step, open its concept; on a problem, go to its object", footer: None, msg: Message::Activate },
    Binding { layer: Main, keys: &[ch('t')], label: "t", help: "run the trace again for the current source and destination", footer: f("t", "trace", 4), msg: Message::RunTrace },
    Binding { layer: Main, keys: &[ch('n')], label: "n", help: "next trace step: highlights what it used in the VPC view and the details", footer: f("n/p", "step", 8), msg: Message::StepNext },
    Binding { layer: Main, keys: &[ch('p')], label: "p", help: "previous trace step", footer: None, msg: Message::StepPrev },
    Binding { layer: Main, keys: &[ch('c')], label: "c", help: "explain the selected step's concept", footer: f("c", "concept", 5), msg: Message::OpenConcept },
    Binding { layer: Main, keys: &[ch('R')], label: "R", help: "read the rule the selected step cites, with its AWS source ([GW-6]); R again: the step's next cited rule", footer: None, msg: Message::Rules },
    Binding { layer: Main, keys: &[ch('C')], label: "C", help: "concept index: every concept, Enter reads one", footer: None, msg: Message::ConceptIndex },
    Binding { layer: Main, keys: &[ch('A')], label: "A", help: "align by AZ ID: this VPC and the VPCs PrivateLink connects it to (providers of its endpoints' services, consumers of its services) side by side, one row per AZ ID", footer: None, msg: Message::Align },
    Binding { layer: Main, keys: &[ch('T')], label: "T", help: "teaching mode: plain words, each step's lesson, no raw facts or rule ids; a lab's answers and problems hidden (also `linkscope --teach MODEL`); T again leaves", footer: None, msg: Message::Teach },
    Binding { layer: Main, keys: &[ch('!')], label: "!", help: "in teaching mode: show or hide the lab's answers (its description from `Spoilers:` on) and the problems list", footer: None, msg: Message::Answers },
    Binding { layer: Main, keys: &[ch('F')], label: "F", help: "filter the map: type words; only the subnets whose id, name, CIDR or objects contain them stay (a large VPC); Enter keeps the filter, Esc clears it", footer: None, msg: Message::MapFilter },
    Binding { layer: Main, keys: &[ch('v')], label: "v", help: "show the next VPC (picking a source shows its VPC)", footer: f("v", "VPC", 6), msg: Message::NextVpc },
    Binding { layer: Main, keys: &[ch('O')], label: "O", help: "overview of the whole model: VPCs, transit gateways, sites, Resolver endpoints, endpoint services, and the trace's path across them; Enter on a VPC opens its AZ panes, O goes back", footer: f("O", "overview", 1), msg: Message::Overview },
    Binding { layer: Main, keys: &[ch('M')], label: "M", help: "reach: pick a destination and trace it from every source (instances, instance-connect endpoints, site hosts); each source is marked ✓ allowed, ◐ partial, ✗ blocked on the AZ panes and the overview, with the counts; S on a source opens its full trace", footer: f("M", "reach", 1), msg: Message::Reach },
    Binding { layer: Main, keys: &[ch('L')], label: "L", help: "the reach's sources by verdict and reason; Enter opens one as a full trace", footer: None, msg: Message::ReachList },
    Binding { layer: Main, keys: &[ch('X')], label: "X", help: "clear the reach's marks", footer: None, msg: Message::ReachClear },
    Binding { layer: Main, keys: &[ch('V')], label: "V", help: "show the previous VPC", footer: None, msg: Message::PrevVpc },
    Binding { layer: Main, keys: &[ch(':')], label: ":", help: "command palette: jump to an account, VPC, Availability Zone (by name or AZ ID), subnet or any object by name or id, or run a command by name", footer: f(":", "go to", 7), msg: Message::OpenFinder(FinderKind::Palette) },
    Binding { layer: Main, keys: &[ch('/')], label: "/", help: "search every object; Enter jumps to it (switching VPC if needed)", footer: None, msg: Message::OpenFinder(FinderKind::Search) },
    Binding { layer: Main, keys: &[key(PageUp)], label: "PgUp", help: "page up in the focused panel", footer: None, msg: Message::Page(Dir::Up) },
    Binding { layer: Main, keys: &[key(PageDown)], label: "PgDn", help: "page down in the focused panel", footer: None, msg: Message::Page(Dir::Down) },
    Binding { layer: Main, keys: &[key(Home), ch('g')], label: "Home g", help: "first entry of the focused panel", footer: None, msg: Message::Home },
    Binding { layer: Main, keys: &[key(End), ch('G')], label: "End G", help: "last entry of the focused panel", footer: None, msg: Message::End },
    Binding { layer: Main, keys: &[ch('?')], label: "?", help: "this help: every key and a primer on PrivateLink concepts", footer: f("?", "help", 8), msg: Message::Help },
    Binding { layer: Main, keys: &[ch('r')], label: "r", help: "reload the model file now (it is also reloaded when it changes on disk)", footer: f("r", "reload", 2), msg: Message::Reload },
    Binding { layer: Main, keys: &[key(Esc)], label: "Esc", help: "close a popup; from the details or the problems, back to the VPC view", footer: None, msg: Message::Close },
    Binding { layer: Main, keys: &[ch('q')], label: "q", help: "quit", footer: f("q", "quit", 10), msg: Message::Quit },
    // ---- finder
    Binding { layer: Finder, keys: &[key(Enter)], label: "Enter", help: "choose the selected row", footer: f("Enter", "choose", 9), msg: Message::FinderAccept },
    Binding { layer: Finder, keys: &[key(Esc)], label: "Esc", help: "close the finder", footer: f("Esc", "cancel", 9), msg: Message::Close },
    Binding { layer: Finder, keys: &[key(Up), ctrl('p'), ctrl('k')], label: "↑ Ctrl-P", help: "previous row", footer: f("↑↓", "select", 7), msg: Message::FinderMove(-1) },
    Binding { layer: Finder, keys: &[key(Down), ctrl('n'), ctrl('j')], label: "↓ Ctrl-N", help: "next row", footer: None, msg: Message::FinderMove(1) },
    Binding { layer: Finder, keys: &[key(PageUp)], label: "PgUp", help: "a page up", footer: None, msg: Message::FinderMove(-10) },
    Binding { layer: Finder, keys: &[key(PageDown)], label: "PgDn", help: "a page down", footer: None, msg: Message::FinderMove(10) },
    Binding { layer: Finder, keys: &[key(Tab)], label: "Tab", help: "complete: put the selected row's text in the query, to go on typing (a key after s3://bucket/)", footer: f("Tab", "complete", 6), msg: Message::FinderComplete },
    Binding { layer: Finder, keys: &[key(Backspace)], label: "Backspace", help: "delete the last character", footer: None, msg: Message::FinderBackspace },
    Binding { layer: Finder, keys: &[ctrl('u')], label: "Ctrl-U", help: "clear the query", footer: f("C-u", "clear", 3), msg: Message::FinderClear },
    // ---- request editor and copy-out form
    Binding { layer: Form, keys: &[key(Enter)], label: "Enter", help: "apply the request and trace it again; in copy out, copy or write (Enter again to overwrite a file)", footer: f("Enter", "apply", 9), msg: Message::Form(FormKey::Accept) },
    Binding { layer: Form, keys: &[key(Esc)], label: "Esc", help: "close, changing nothing", footer: f("Esc", "cancel", 9), msg: Message::Form(FormKey::Cancel) },
    Binding { layer: Form, keys: &[key(Tab)], label: "Tab", help: "complete the field from what the model knows (again: the next candidate); in copy out, the next format", footer: f("Tab", "complete", 8), msg: Message::Form(FormKey::Complete(1)) },
    Binding { layer: Form, keys: &[key(BackTab)], label: "Shift-Tab", help: "the previous candidate", footer: None, msg: Message::Form(FormKey::Complete(-1)) },
    Binding { layer: Form, keys: &[key(Down), ctrl('n')], label: "↓ Ctrl-N", help: "next field", footer: f("↑↓", "field", 7), msg: Message::Form(FormKey::Field(1)) },
    Binding { layer: Form, keys: &[key(Up), ctrl('p')], label: "↑ Ctrl-P", help: "previous field", footer: None, msg: Message::Form(FormKey::Field(-1)) },
    Binding { layer: Form, keys: &[key(Backspace)], label: "Backspace", help: "delete the last character", footer: None, msg: Message::Form(FormKey::Backspace) },
    Binding { layer: Form, keys: &[ctrl('u')], label: "Ctrl-U", help: "empty the field (the destination's default)", footer: f("C-u", "clear", 3), msg: Message::Form(FormKey::Clear) },
    // ---- popup
    Binding { layer: Popup, keys: &[key(Esc), ch('q'), ch('?')], label: "Esc q", help: "close", footer: f("Esc", "close", 9), msg: Message::Close },
    Binding { layer: Popup, keys: &[key(Enter)], label: "Enter", help: "close; in the expectations panel, trace the selected expectation; in the reach list, open the selected source's trace", footer: None, msg: Message::Activate },
    Binding { layer: Popup, keys: &[ch('f')], label: "f", help: "in the expectations panel: trace the first that fails", footer: None, msg: Message::FirstFailure },
    Binding { layer: Popup, keys: &[key(Up), ch('k')], label: "↑ k", help: "scroll up", footer: f("↑↓", "scroll", 8), msg: Message::Move(Dir::Up) },
    Binding { layer: Popup, keys: &[key(Down), ch('j')], label: "↓ j", help: "scroll down", footer: None, msg: Message::Move(Dir::Down) },
    Binding { layer: Popup, keys: &[key(PageUp)], label: "PgUp", help: "page up", footer: f("PgUp/PgDn", "page", 5), msg: Message::Page(Dir::Up) },
    Binding { layer: Popup, keys: &[key(PageDown), ch(' ')], label: "PgDn Space", help: "page down", footer: None, msg: Message::Page(Dir::Down) },
    Binding { layer: Popup, keys: &[ch('R')], label: "R", help: "in a rule: the next rule the step cites", footer: None, msg: Message::Rules },
    Binding { layer: Popup, keys: &[ch('C')], label: "C", help: "the concept index (Enter reads the selected concept)", footer: None, msg: Message::ConceptIndex },
    Binding { layer: Popup, keys: &[ch('A')], label: "A", help: "in the align view: close it", footer: None, msg: Message::Align },
    Binding { layer: Popup, keys: &[ch('/')], label: "/", help: "in the help: search it (type words; the matching lines light up and the first is scrolled to)", footer: None, msg: Message::HelpSearch },
    Binding { layer: Popup, keys: &[ch('n')], label: "n", help: "in the help: the next line that matches the search", footer: None, msg: Message::HelpSearchNext },
    Binding { layer: HelpSearch, keys: &[key(Enter)], label: "Enter", help: "keep the search and stop typing (n goes to the next match)", footer: f("Enter", "keep", 9), msg: Message::HelpSearchDone },
    Binding { layer: HelpSearch, keys: &[key(Esc)], label: "Esc", help: "clear the search", footer: f("Esc", "clear", 9), msg: Message::Close },
    Binding { layer: HelpSearch, keys: &[key(Backspace)], label: "Backspace", help: "delete the last character", footer: None, msg: Message::FinderBackspace },
    Binding { layer: MapFilter, keys: &[key(Enter)], label: "Enter", help: "keep the filter and stop typing", footer: f("Enter", "keep", 9), msg: Message::MapFilterDone },
    Binding { layer: MapFilter, keys: &[key(Esc)], label: "Esc", help: "clear the filter: every subnet again", footer: f("Esc", "clear", 9), msg: Message::Close },
    Binding { layer: MapFilter, keys: &[key(Backspace)], label: "Backspace", help: "delete the last character", footer: None, msg: Message::FinderBackspace },
    Binding { layer: Popup, keys: &[key(Home), ch('g')], label: "Home g", help: "top", footer: None, msg: Message::Home },
    Binding { layer: Popup, keys: &[key(End), ch('G')], label: "End G", help: "bottom", footer: None, msg: Message::End },
];

/// The main-screen keys that act on a panel, by the label the table gives them: the help lists
/// these first for the panel in focus, then every other key. (Labels, so the one table above
/// stays the only place a key is bound; a test checks each label is in it.)
pub fn panel_keys(p: Panel) -> &'static [&'static str] {
    match p {
        Panel::Vpc => &[
            "↑ k", "↓ j", "← h", "→ l", "Enter", "S", "D", "m", "F", "A", ":", "O", "M", "L", "X",
            "v", "V", "Home g", "End G",
        ],
        Panel::Details => &["↑ k", "↓ j", "PgUp", "PgDn", "Home g", "End G", "Esc"],
        Panel::Trace => &[
            "n", "p", "↑ k", "↓ j", "c", "R", "C", "Enter", "t", "o", "w", "[", "]", "y", "Y", "P",
        ],
        Panel::Problems => &["↑ k", "↓ j", "Enter", "Home g", "End G", "Esc"],
    }
}

/// The layer keys go to.
pub fn layer(app: &App) -> Layer {
    if app.panels.form.is_some() {
        Layer::Form
    } else if app.panels.finder.is_some() {
        Layer::Finder
    } else if let Some(super::state::Popup::Help { typing: true, .. }) = &app.panels.popup {
        Layer::HelpSearch
    } else if app.panels.popup.is_some() {
        Layer::Popup
    } else if app.map.filter_typing {
        Layer::MapFilter
    } else {
        Layer::Main
    }
}

fn normalise(k: &KeyEvent) -> Key {
    let mut mods = k.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    let code = match k.code {
        // Shift is part of the character ('V', '?'), and of BackTab.
        KeyCode::Char(c) => {
            mods.remove(KeyModifiers::SHIFT);
            // Some terminals report Ctrl-letters upper-case.
            if mods.contains(KeyModifiers::CONTROL) {
                KeyCode::Char(c.to_ascii_lowercase())
            } else {
                KeyCode::Char(c)
            }
        }
        KeyCode::BackTab => {
            mods.remove(KeyModifiers::SHIFT);
            KeyCode::BackTab
        }
        c => c,
    };
    Key { code, mods }
}

/// The message a key press means in the app's current layer.
pub fn message_for_key(app: &App, k: &KeyEvent) -> Option<Message> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    let key = normalise(k);
    let layer = layer(app);
    if let Some(b) = BINDINGS
        .iter()
        .find(|b| (b.layer == layer || b.layer == Layer::Any) && b.keys.contains(&key))
    {
        return Some(b.msg.clone());
    }
    if matches!(layer, Layer::Finder | Layer::HelpSearch | Layer::MapFilter)
        && let KeyCode::Char(c) = key.code
        && !key
            .mods
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return Some(Message::FinderInput(c));
    }
    if layer == Layer::Form
        && let KeyCode::Char(c) = key.code
        && !key
            .mods
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return Some(Message::Form(FormKey::Input(c)));
    }
    None
}

/// The message a terminal event means (keys, mouse, resize, paste).
pub fn message_for_event(app: &App, ev: &Event) -> Option<Message> {
    match ev {
        Event::Key(k) => message_for_key(app, k),
        Event::Resize(w, h) => Some(Message::Resize(*w, *h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Message::Click(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Message::Wheel {
                x: m.column,
                y: m.row,
                down: true,
            }),
            MouseEventKind::ScrollUp => Some(Message::Wheel {
                x: m.column,
                y: m.row,
                down: false,
            }),
            _ => None,
        },
        Event::Paste(s) if app.panels.form.is_some() => {
            Some(Message::Form(FormKey::Paste(s.clone())))
        }
        Event::Paste(s) if app.panels.finder.is_some() => Some(Message::FinderPaste(s.clone())),
        _ => None,
    }
}

/// Footer entries for the current layer, in table order.
pub fn footer(app: &App) -> Vec<Footer> {
    let layer = layer(app);
    BINDINGS
        .iter()
        .filter(|b| b.layer == layer)
        .filter_map(|b| b.footer)
        .collect()
}

/// A key event for tests and scripted input: `"s"`, `"Enter"`, `"Esc"`, `"C-c"`, `"S-Tab"`,
/// `"Up"`, ...
pub fn parse_key(s: &str) -> Option<KeyEvent> {
    let (mods, name) = if let Some(r) = s.strip_prefix("C-") {
        (KeyModifiers::CONTROL, r)
    } else if let Some(r) = s.strip_prefix("S-") {
        (KeyModifiers::SHIFT, r)
    } else {
        (KeyModifiers::NONE, s)
    };
    let code = match name {
        "Enter" => Enter,
        "Esc" => Esc,
        "Tab" if mods == KeyModifiers::SHIFT => BackTab,
        "Tab" => Tab,
        "BackTab" => BackTab,
        "Up" => Up,
        "Down" => Down,
        "Left" => Left,
        "Right" => Right,
        "PageUp" => PageUp,
        "PageDown" => PageDown,
        "Home" => Home,
        "End" => End,
        "Backspace" => Backspace,
        "Space" => Char(' '),
        _ => {
            let mut cs = name.chars();
            let c = cs.next()?;
            if cs.next().is_some() {
                return None;
            }
            Char(c)
        }
    };
    Some(KeyEvent::new(code, mods))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_a_layer() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                let overlap = a.layer == b.layer || a.layer == Any || b.layer == Any;
                if overlap {
                    for k in a.keys {
                        assert!(
                            !b.keys.contains(k),
                            "{:?} bound to {} and {}",
                            k,
                            a.label,
                            b.label
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_panel_key_is_in_the_table() {
        for p in [Panel::Vpc, Panel::Details, Panel::Trace, Panel::Problems] {
            for label in panel_keys(p) {
                assert!(
                    BINDINGS
                        .iter()
                        .any(|b| b.layer == Main && b.label == *label),
                    "{label} ({p:?}) is not a main-screen binding"
                );
            }
        }
    }

    #[test]
    fn contract_keys_are_bound() {
        // TUI.md: arrows / hjkl, Tab / Shift-Tab, s, d, Enter, Esc, t, n/p, v, /, ?, r, q, Ctrl-C.
        for k in [
            "Up", "Down", "Left", "Right", "h", "j", "k", "l", "Tab", "S-Tab", "s", "d", "Enter",
            "Esc", "t", "n", "p", "v", "/", "?", "r", "q", "C-c",
        ] {
            let key = normalise(&parse_key(k).unwrap());
            assert!(
                BINDINGS
                    .iter()
                    .any(|b| (b.layer == Main || b.layer == Any) && b.keys.contains(&key)),
                "{k} unbound"
            );
        }
    }
}
