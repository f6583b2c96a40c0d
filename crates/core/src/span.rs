//! Half-open byte ranges into a document's text.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A half-open range `start..end` of **byte** offsets into [`crate::Doc::text`].
///
/// Invariant (checked by [`crate::Doc::validate`]): `start <= end <= text.len()` and both ends
/// fall on UTF-8 character boundaries. `u32` keeps layers compact; documents over 4 GiB are
/// rejected at ingestion.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// Builds a span; `start` must not exceed `end` (a broken invariant, so it panics in debug).
    #[inline]
    pub const fn new(start: u32, end: u32) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Builds a span from `usize` offsets (as returned by `str` methods).
    #[inline]
    pub fn from_range(r: Range<usize>) -> Span {
        Span::new(r.start as u32, r.end as u32)
    }

    #[inline]
    pub const fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    #[inline]
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    #[inline]
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// True when `other` lies entirely inside `self`.
    #[inline]
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}
