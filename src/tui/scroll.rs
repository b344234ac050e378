//! One scroll position, the same for every panel (trace, details, problems, popups): the first
//! row shown, moved by the update and kept in range by [`super::lines::settle`] once the
//! panel's lines and height are known.

/// The first row shown of a scrolled list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scroll {
    pub offset: usize,
}

impl Scroll {
    /// Move by `d` rows (never above the first).
    pub fn by(&mut self, d: i64) {
        self.offset = (self.offset as i64 + d).max(0) as usize;
    }

    /// Up (`up`) or down by `n` rows.
    pub fn step(&mut self, up: bool, n: usize) {
        if up {
            self.offset = self.offset.saturating_sub(n);
        } else {
            self.offset = self.offset.saturating_add(n);
        }
    }

    /// The first row (`top`) or, with `top` false, as far down as the settle step allows.
    pub fn to_end(&mut self, top: bool) {
        self.offset = if top { 0 } else { usize::MAX / 2 };
    }

    /// Keep rows `first..=last` in a window of `h` rows (the first of them when they do not
    /// all fit).
    pub fn reveal(&mut self, first: usize, last: usize, h: usize) {
        if first < self.offset {
            self.offset = first;
        } else if last >= self.offset + h {
            self.offset = (last + 1).saturating_sub(h).min(first);
        }
    }

    /// No empty rows below the last line of `total` in a window of `h`.
    pub fn clamp(&mut self, total: usize, h: usize) {
        self.offset = self.shown(total, h);
    }

    /// The offset to draw with (clamped, without changing the state).
    pub fn shown(&self, total: usize, h: usize) -> usize {
        self.offset.min(total.saturating_sub(h))
    }
}

#[cfg(test)]
mod tests {
    use super::Scroll;

    #[test]
    fn reveal_and_clamp() {
        let mut s = Scroll::default();
        s.reveal(10, 12, 5);
        assert_eq!(s.offset, 8);
        s.reveal(2, 2, 5);
        assert_eq!(s.offset, 2);
        s.to_end(false);
        s.clamp(20, 5);
        assert_eq!(s.offset, 15);
        s.by(-100);
        assert_eq!(s.offset, 0);
    }
}
