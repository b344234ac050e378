//! Everything that can happen to the explorer, as data.
//!
//! Keys become messages through the [`super::keymap`] table; mouse events, resizes and file
//! changes become messages in the event loop. [`super::update::update`] is the only place a
//! message changes the state.

use crate::model::{LoadError, Model};

/// A direction for moving a selection or scrolling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Up,
    Down,
    Left,
    Right,
}

/// Which fuzzy finder to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinderKind {
    /// `s`: instances, subnets, instance-connect endpoints.
    Source,
    /// `d`: service names, buckets, endpoint services, endpoints, instances, records, free text.
    Destination,
    /// `/`: every object of the model; Enter jumps to it.
    Search,
    /// `e`: the model's expectations; Enter traces one.
    Expectation,
    /// `:`: the command palette: accounts, VPCs, AZs, subnets, objects and commands.
    Palette,
    /// `M`: a destination for the reach matrix (the destinations of `d`).
    Reach,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Leave the explorer (q, Ctrl-C).
    Quit,
    /// Arrows / hjkl in the focused panel.
    Move(Dir),
    /// Page up / down in the focused panel or popup.
    Page(Dir),
    /// First / last entry of the focused panel.
    Home,
    End,
    /// Tab / Shift-Tab.
    FocusNext,
    FocusPrev,
    OpenFinder(FinderKind),
    /// Enter outside a finder: select the object under the cursor, open a step's concept,
    /// jump to a problem's object.
    Activate,
    /// Esc: close the finder or popup.
    Close,
    /// `t`: run the trace again.
    RunTrace,
    /// `n` / `p`.
    StepNext,
    StepPrev,
    /// `c`: open the selected step's concept.
    OpenConcept,
    /// `v` / `V`: next / previous VPC.
    NextVpc,
    PrevVpc,
    /// `?`.
    Help,
    /// `r`: reload the model file now.
    Reload,
    /// `E`: the expectations panel (each one's result as of the last load).
    Expectations,
    /// `f`: trace the first expectation that fails.
    FirstFailure,
    /// `w`: swap the source and the destination (and trace).
    Swap,
    /// `[` / `]`: the previous / next request traced.
    History(i32),
    /// `z`: zoom the focused panel to the whole screen, and back.
    Zoom,
    /// `y`: copy the current trace as text (OSC 52).
    Copy,
    /// `/` in the help: type a search.
    HelpSearch,
    /// `n` in the help: the next line that matches the search.
    HelpSearchNext,
    /// Enter while typing a help search: keep it, stop typing.
    HelpSearchDone,
    /// `m`: the compact map (one line per subnet), and back.
    Compact,
    /// `P`: pin the current trace to compare the next ones with it; again to unpin.
    Pin,
    /// `S` / `D`: the object selected on the map becomes the source (`true`) or the
    /// destination (`false`), and the trace runs when both are set.
    UseSelected(bool),
    /// `R`: the rule the selected step cites; again, its next cited rule.
    Rules,
    /// `C`: the concept index.
    ConceptIndex,
    /// `A`: align the VPC shown with its PrivateLink partners by AZ ID, and back.
    Align,
    /// `o`: the request editor (port, protocol, action, resource, principal, context keys).
    EditRequest,
    /// `Y`: copy the trace out as text, Markdown or a command line, to the clipboard or a file.
    CopyOut,
    /// A key while the request editor or the copy-out form is open.
    Form(super::form::FormKey),
    /// `O`: the overview of the whole model (VPCs, transit gateways, sites, Resolver
    /// endpoints, endpoint services), and back to the AZ panes.
    Overview,
    /// `F`: type a filter for the map's subnets.
    MapFilter,
    /// Enter while typing the map filter: keep it.
    MapFilterDone,
    /// `T`: teaching mode on / off.
    Teach,
    /// `!`: in teaching mode, show / hide a lab's answers and problems.
    Answers,
    /// `M`: pick a destination and trace it from every source (the reach matrix).
    Reach,
    /// `L`: the reach matrix's sources by verdict.
    ReachList,
    /// `X`: clear the reach matrix's marks.
    ReachClear,
    /// The traces of a reach run off the UI thread are back.
    ReachDone {
        to: String,
        rows: Vec<crate::engine::reach::Row>,
        took: std::time::Duration,
    },

    // ---- finder input
    FinderInput(char),
    /// Pasted text (bracketed paste) into the finder's query.
    FinderPaste(String),
    FinderBackspace,
    FinderClear,
    /// Move the finder's selection by this many rows.
    FinderMove(i32),
    /// Tab in a finder: put the selected candidate's text into the query.
    FinderComplete,
    FinderAccept,

    // ---- from outside the keyboard
    Resize(u16, u16),
    /// A left click at a screen position.
    Click(u16, u16),
    /// The mouse wheel at a screen position (`down`: towards the end).
    Wheel {
        x: u16,
        y: u16,
        down: bool,
    },
    /// The model file changed on disk (debounced by the event loop).
    FileChanged,
    /// A model was (re)loaded, or failed to.
    Loaded(Box<Result<Model, LoadError>>),
}
