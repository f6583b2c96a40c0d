//! Entity types and the BIO labels the tagger predicts.

use std::fmt;

pub use rasid_core::EntityType;

/// A BIO label: `O`, or the beginning or inside of an entity of a type. Stored as an index
/// (`0` = O, `1 + 2t` = B-t, `2 + 2t` = I-t) so score tables are plain arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(u8);

/// Number of labels: O plus B and I for each of the four types.
pub const N_LABELS: usize = 1 + 2 * EntityType::ALL.len();

impl Label {
    pub const O: Label = Label(0);

    pub const fn begin(t: EntityType) -> Label {
        Label(1 + 2 * t as u8)
    }

    pub const fn inside(t: EntityType) -> Label {
        Label(2 + 2 * t as u8)
    }

    pub const fn index(self) -> usize {
        self.0 as usize
    }

    pub fn from_index(i: usize) -> Option<Label> {
        (i < N_LABELS).then_some(Label(i as u8))
    }

    pub fn entity_type(self) -> Option<EntityType> {
        if self.0 == 0 { None } else { Some(EntityType::ALL[(self.0 as usize - 1) / 2]) }
    }

    pub const fn is_begin(self) -> bool {
        !self.0.is_multiple_of(2)
    }

    pub const fn is_inside(self) -> bool {
        self.0 != 0 && self.0.is_multiple_of(2)
    }

    /// Whether `next` may follow `self` in a well-formed IOB2 sequence: an `I-t` only after a
    /// `B-t` or `I-t`.
    pub fn allows(self, next: Label) -> bool {
        !next.is_inside() || (self != Label::O && self.entity_type() == next.entity_type())
    }

    /// Whether a sentence may begin with this label (not with an `I-`).
    pub const fn can_start(self) -> bool {
        !self.is_inside()
    }

    /// Parses `O`, `B-PERS`, `I-LOC`, `B-MIS` ...; `None` for anything else.
    pub fn parse(s: &str) -> Option<Label> {
        if s == "O" {
            return Some(Label::O);
        }
        let (bi, t) = s.split_once('-')?;
        let t = EntityType::parse(t)?;
        match bi {
            "B" => Some(Label::begin(t)),
            "I" => Some(Label::inside(t)),
            _ => None,
        }
    }

    pub fn all() -> impl Iterator<Item = Label> {
        (0..N_LABELS as u8).map(Label)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.entity_type() {
            None => f.write_str("O"),
            Some(t) => write!(f, "{}-{}", if self.is_begin() { "B" } else { "I" }, t.name()),
        }
    }
}

/// An entity as a half-open range of token indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    pub ty: EntityType,
}

/// The entities of a label sequence, read the way conlleval reads them: an `I-t` that does not
/// continue an entity of type `t` begins a new one.
pub fn chunks(labels: &[Label]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut open: Option<Chunk> = None;
    for (i, &l) in labels.iter().enumerate() {
        let continues = l.is_inside() && open.is_some_and(|c| Some(c.ty) == l.entity_type());
        if continues {
            continue;
        }
        if let Some(mut c) = open.take() {
            c.end = i;
            out.push(c);
        }
        if let Some(ty) = l.entity_type() {
            open = Some(Chunk { start: i, end: i + 1, ty });
        }
    }
    if let Some(mut c) = open {
        c.end = labels.len();
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print() {
        for (s, shown) in
            [("O", "O"), ("B-PERS", "B-PER"), ("I-LOC", "I-LOC"), ("B-MIS", "B-MISC"), ("I-ORG", "I-ORG")]
        {
            assert_eq!(Label::parse(s).unwrap().to_string(), shown);
        }
        for bad in ["", "B", "X-PER", "B-DATE", "b-PER"] {
            assert_eq!(Label::parse(bad), None, "{bad}");
        }
        assert_eq!(Label::all().count(), N_LABELS);
        for l in Label::all() {
            assert_eq!(Label::parse(&l.to_string()), Some(l));
        }
    }

    #[test]
    fn transitions() {
        let b = Label::begin(EntityType::Per);
        let i = Label::inside(EntityType::Per);
        let il = Label::inside(EntityType::Loc);
        assert!(b.allows(i) && i.allows(i) && !Label::O.allows(i) && !b.allows(il));
        assert!(Label::O.allows(b) && i.allows(Label::O) && !i.can_start());
    }

    #[test]
    fn chunks_like_conlleval() {
        let p = |s: &str| s.split(' ').map(|x| Label::parse(x).unwrap()).collect::<Vec<_>>();
        let c = chunks(&p("B-PER I-PER O I-LOC I-LOC B-ORG B-ORG I-PER"));
        assert_eq!(
            c,
            vec![
                Chunk { start: 0, end: 2, ty: EntityType::Per },
                Chunk { start: 3, end: 5, ty: EntityType::Loc },
                Chunk { start: 5, end: 6, ty: EntityType::Org },
                Chunk { start: 6, end: 7, ty: EntityType::Org },
                Chunk { start: 7, end: 8, ty: EntityType::Per },
            ]
        );
    }
}
