//! The time grammar: hand-written recursive descent over the words of one document, tried only
//! where a word of the lexicon, a digit or a date/clock token stands.
//!
//! Every rule is a rule of Arabic (day + من + month, weekday + الماضي, قبل + duration ...),
//! resolved on the spot against the [`Anchor`].

use super::cal::{self, Day};
use super::lex::{Form, Head, Kw, Lex, Part, Rel, Unit};
use super::{Anchor, Direction};
use rasid_core::{Span, TimeExpr, TimeKind, TokenKind};

/// One token as the grammar sees it.
pub struct W<'a> {
    pub span: Span,
    pub kind: TokenKind,
    pub lex: Option<&'a Lex>,
    /// Bytes of proclitics stripped to find `lex` (left out of a span that starts here).
    pub pre: u32,
    /// The stripped proclitic was و "and".
    pub wa: bool,
    pub digits: Option<(u32, u8)>,
    pub text: &'a str,
}

/// A clock time at its grain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tm {
    pub h: u32,
    pub m: u32,
    pub s: Option<u32>,
    /// Minutes were given (grain minute rather than hour).
    pub min: bool,
}

impl Tm {
    fn fmt(self) -> String {
        match self.s {
            Some(s) => format!("{:02}:{:02}:{:02}", self.h, self.m, s),
            None => format!("{:02}:{:02}", self.h, self.m),
        }
    }
}

/// A resolved value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum V {
    Day(Day),
    DayTime(Day, Tm),
    Tod(Tm),
    /// The Monday of an ISO week.
    Week(Day),
    Month(i32, u32),
    Year(i32),
    /// Inclusive days.
    Range(Day, Day),
    /// Clock times (inclusive, at their grain), on a day when known.
    TRange(Option<Day>, Tm, Tm),
    Dur(u32, Unit),
}

impl V {
    pub fn render(self) -> (TimeKind, String, Option<String>, Option<String>) {
        use cal::fmt_day as f;
        match self {
            V::Day(d) => (TimeKind::Date, f(d), Some(f(d)), Some(f(d))),
            V::DayTime(d, t) => (TimeKind::DateTime, format!("{}T{}", f(d), t.fmt()), Some(f(d)), Some(f(d))),
            V::Tod(t) => (TimeKind::TimeOfDay, format!("T{}", t.fmt()), None, None),
            V::Week(d) => (TimeKind::Week, cal::fmt_week(d), Some(f(d)), Some(f(d + 6))),
            V::Month(y, m) => {
                let a = cal::from_ymd(y, m, 1);
                let b = a + cal::days_in_month(y, m) as i32 - 1;
                (TimeKind::Month, format!("{y:04}-{m:02}"), Some(f(a)), Some(f(b)))
            }
            V::Year(y) => (
                TimeKind::Year,
                format!("{y:04}"),
                Some(f(cal::from_ymd(y, 1, 1))),
                Some(f(cal::from_ymd(y, 12, 31))),
            ),
            V::Range(a, b) => (TimeKind::Range, format!("{}/{}", f(a), f(b)), Some(f(a)), Some(f(b))),
            V::TRange(Some(d), a, b) => (
                TimeKind::Range,
                format!("{}T{}/{}T{}", f(d), a.fmt(), f(d), b.fmt()),
                Some(f(d)),
                Some(f(d)),
            ),
            V::TRange(None, a, b) => (TimeKind::Range, format!("T{}/T{}", a.fmt(), b.fmt()), None, None),
            V::Dur(n, u) => {
                let v = match u {
                    Unit::Minute => format!("PT{n}M"),
                    Unit::Hour => format!("PT{n}H"),
                    Unit::Day => format!("P{n}D"),
                    Unit::Week => format!("P{n}W"),
                    Unit::Month => format!("P{n}M"),
                    Unit::Year => format!("P{n}Y"),
                };
                (TimeKind::Duration, v, None, None)
            }
        }
    }

    /// First and last day covered.
    fn days(self) -> Option<(Day, Day)> {
        Some(match self {
            V::Day(d) | V::DayTime(d, _) | V::TRange(Some(d), _, _) => (d, d),
            V::Week(d) => (d, d + 6),
            V::Month(y, m) => {
                let a = cal::from_ymd(y, m, 1);
                (a, a + cal::days_in_month(y, m) as i32 - 1)
            }
            V::Year(y) => (cal::from_ymd(y, 1, 1), cal::from_ymd(y, 12, 31)),
            V::Range(a, b) => (a, b),
            V::Tod(_) | V::TRange(None, _, _) | V::Dur(..) => return None,
        })
    }
}

/// A parse: where it ends (exclusive word index) and what it means.
#[derive(Clone, Debug)]
pub struct R {
    pub end: usize,
    pub v: V,
    pub rel: bool,
    pub hijri: Option<String>,
    /// A bare day of the month (no month given), only usable inside a larger expression.
    pub dom: Option<u32>,
    /// The clock time's half of the day was given (صباحا, مساء).
    pub pm: Option<bool>,
}

impl R {
    fn new(end: usize, v: V, rel: bool) -> R {
        R { end, v, rel, hijri: None, dom: None, pm: None }
    }
}

/// A month reference: (year if known, month, whether it depended on the anchor).
#[derive(Clone, Copy, Debug)]
struct MRef {
    y: Option<i32>,
    m: u32,
    rel: bool,
    hijri: bool,
    /// The month's own modifier (أبريل الماضي "last April").
    dir: Option<Rel>,
}

static EMPTY: Lex = Lex {
    num: None,
    teen: false,
    ord: None,
    month: None,
    weak_month: false,
    head: None,
    hijri_month: None,
    weekday: None,
    def: false,
    unit: None,
    kw: None,
    part: None,
    rel: None,
};

pub struct Parser<'a, 'w> {
    pub w: &'a [W<'w>],
    pub a: &'a Anchor,
}

/// Longest a time expression may be, in tokens (bounds the work on pathological input).
const MAX_WORDS: usize = 24;

impl<'a, 'w> Parser<'a, 'w> {
    pub fn run(&self) -> Vec<TimeExpr> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.w.len() {
            if !self.trigger(i) {
                i += 1;
                continue;
            }
            if let Some(r) = self.expr(i)
                && r.end > i
                && r.end <= self.w.len()
                && r.end - i <= MAX_WORDS
            {
                let start = self.w[i].span.start + self.w[i].pre;
                let end = self.w[r.end - 1].span.end;
                if start < end {
                    out.push(super::expr(Span::new(start, end), r.v, r.rel, r.hijri));
                }
                i = r.end;
                continue;
            }
            i += 1;
        }
        out
    }

    fn trigger(&self, i: usize) -> bool {
        let w = &self.w[i];
        w.lex.is_some() || w.digits.is_some() || matches!(w.kind, TokenKind::Date | TokenKind::Time)
    }

    // ----- word tests -----

    fn lx(&self, i: usize) -> &'w Lex {
        self.w.get(i).and_then(|w| w.lex).unwrap_or(&EMPTY)
    }
    fn kw(&self, i: usize, k: Kw) -> bool {
        self.lx(i).kw == Some(k)
    }
    fn wa(&self, i: usize) -> bool {
        self.w.get(i).is_some_and(|w| w.wa)
    }
    fn punct(&self, i: usize, chars: &str) -> bool {
        self.w.get(i).is_some_and(|w| {
            matches!(w.kind, TokenKind::Punct | TokenKind::Symbol | TokenKind::Dash | TokenKind::Bracket)
                && chars.contains(w.text)
        })
    }
    fn dash(&self, i: usize) -> bool {
        self.w.get(i).is_some_and(|w| w.kind == TokenKind::Dash || w.text == "-")
    }
    fn num(&self, i: usize) -> Option<(u32, u8)> {
        self.w.get(i).and_then(|w| w.digits)
    }
    fn rel(&self, i: usize) -> Option<Rel> {
        let l = self.lx(i);
        if l.rel.is_some() {
            return l.rel;
        }
        // الأخيرة "the last (days)" looks back.
        (l.kw == Some(Kw::Last) && l.def).then_some(Rel::Past)
    }
    fn anchor(&self) -> Option<Day> {
        self.a.day
    }

    // ----- numbers -----

    /// A number in words or digits: (end, value, ordinal). ثلاثة عشر 13, الثالث والعشرين 23rd.
    fn number(&self, i: usize) -> Option<(usize, u32, bool)> {
        if let Some((v, _)) = self.num(i) {
            return Some((i + 1, v, false));
        }
        let l = self.lx(i);
        let (v, ord) = match (l.ord, l.num) {
            (Some(o), _) => (o, true),
            (None, Some(n)) => (n, false),
            _ => return None,
        };
        if v < 10 {
            let n = self.lx(i + 1);
            if n.teen && !self.wa(i + 1) {
                return Some((i + 2, v + 10, ord));
            }
            // «و» + tens, attached (والعشرين) or apart (و عشرين)
            let (j, t) = if self.wa(i + 1) {
                (i + 1, n)
            } else if self.kw(i + 1, Kw::And) {
                (i + 2, self.lx(i + 2))
            } else {
                (0, &EMPTY)
            };
            if j > 0
                && let Some(tens) = t.ord.or(t.num)
                && tens >= 20
                && tens % 10 == 0
            {
                return Some((j + 1, v + tens, ord));
            }
        }
        Some((i + 1, v, ord))
    }

    /// A day of the month, 1–31: digits or a number word.
    fn dnum(&self, i: usize) -> Option<(usize, u32)> {
        if let Some((v, n)) = self.num(i) {
            return (n <= 2 && (1..=31).contains(&v)).then_some((i + 1, v));
        }
        let (j, v, _) = self.number(i)?;
        (1..=31).contains(&v).then_some((j, v))
    }

    // ----- resolution -----

    fn resolve_md(&self, m: u32, d: u32) -> Option<Day> {
        let a = self.anchor()?;
        let (ay, am, ad) = cal::ymd(a);
        let y = match self.a.dir {
            Direction::Past => {
                if (m, d) <= (am, ad) {
                    ay
                } else {
                    ay - 1
                }
            }
            Direction::Future => {
                if m >= am {
                    ay
                } else {
                    ay + 1
                }
            }
        };
        cal::valid(y, m, d).then(|| cal::from_ymd(y, m, d))
    }

    fn resolve_m(&self, m: u32) -> Option<i32> {
        let (ay, am, _) = cal::ymd(self.anchor()?);
        Some(match self.a.dir {
            Direction::Past if m > am => ay - 1,
            Direction::Future if m < am => ay + 1,
            _ => ay,
        })
    }

    /// A weekday: `strict` past/next excludes the anchor day; bare follows the direction.
    fn resolve_wd(&self, wd: u32, rel: Option<Rel>) -> Option<Day> {
        let a = self.anchor()?;
        let cur = cal::weekday(a);
        let back = (cur + 7 - wd) % 7; // days back to the last such weekday (0 = today)
        let fwd = (wd + 7 - cur) % 7;
        Some(match (rel, self.a.dir) {
            (Some(Rel::Past), _) => a - if back == 0 { 7 } else { back as i32 },
            (Some(Rel::Next), _) => a + if fwd == 0 { 7 } else { fwd as i32 },
            (Some(Rel::This), _) => cal::monday(a) + wd as i32,
            (None, Direction::Past) => a - back as i32,
            (None, Direction::Future) => a + if fwd == 0 { 7 } else { fwd as i32 },
        })
    }

    fn resolve_dom(&self, d: u32) -> Option<Day> {
        let (ay, am, ad) = cal::ymd(self.anchor()?);
        let (y, m) = match self.a.dir {
            Direction::Past if d > ad => cal::add_months(ay, am, -1),
            Direction::Future if d < ad => cal::add_months(ay, am, 1),
            _ => (ay, am),
        };
        cal::valid(y, m, d).then(|| cal::from_ymd(y, m, d))
    }

    // ----- the grammar -----

    /// Any expression starting at `i`.
    fn expr(&self, i: usize) -> Option<R> {
        if let Some(r) = self.interval(i) {
            return Some(r);
        }
        if let Some(r) = self.offset(i) {
            return Some(r);
        }
        if let Some(r) = self.duration(i) {
            return Some(r);
        }
        let r = self.point(i)?;
        if r.dom.is_some() {
            return None;
        }
        Some(r)
    }

    /// A point or period, with a clock time joined to its day («الخميس الساعة 8», «الثامنة هذه
    /// الليلة») and a clock range after a day («الخميس من الساعة التاسعة حتى الحادية عشرة»).
    fn point(&self, i: usize) -> Option<R> {
        if let Some(t) = self.time(i) {
            if let V::Tod(tm) = t.v {
                let mut k = t.end;
                if self.kw(k, Kw::From) || self.punct(k, "،,") || self.kw(k, Kw::In) {
                    k += 1;
                }
                if let Some(d) = self.day(k)
                    && let V::Day(day) = d.v
                {
                    return Some(R { end: d.end, v: V::DayTime(day, tm), rel: d.rel, ..t });
                }
            }
            return Some(t);
        }
        let d = self.date_like(i)?;
        if let V::Day(day) = d.v {
            let mut k = d.end;
            if self.punct(k, "،,") || self.kw(k, Kw::In) {
                k += 1;
            }
            if let Some(t) = self.time(k) {
                match t.v {
                    V::Tod(tm) => return Some(R { end: t.end, v: V::DayTime(day, tm), ..d }),
                    V::DayTime(..) => {}
                    _ => {}
                }
            }
            if self.kw(k, Kw::From)
                && let Some(r) = self.interval(k)
                && let V::TRange(None, a, b) = r.v
            {
                return Some(R { end: r.end, v: V::TRange(Some(day), a, b), ..d });
            }
        }
        Some(d)
    }

    /// Anything that is not a clock time.
    fn date_like(&self, i: usize) -> Option<R> {
        if self.kw(i, Kw::This) {
            // هذا الأسبوع "this week", هذه الليلة "tonight", هذا الاثنين "this Monday"
            if let Some(r) = self.relunit(i + 1, true).or_else(|| self.date_like(i + 1)) {
                return Some(r);
            }
        }
        self.nth(i)
            .or_else(|| self.day(i))
            .or_else(|| self.vague(i))
            .or_else(|| self.relunit(i, false))
            .or_else(|| self.holiday(i))
            .or_else(|| self.month_or_year(i))
            .or_else(|| self.partday(i))
    }

    /// A single day: a date, a weekday phrase, a relative day.
    fn day(&self, i: usize) -> Option<R> {
        self.date(i).or_else(|| self.weekday(i)).or_else(|| self.relday(i)).or_else(|| self.partday(i))
    }

    /// A year after a date or month: «2019», «عام 2014», «من عام 2014», «السنة القادمة».
    fn year_suffix(&self, i: usize) -> Option<(usize, i32, bool)> {
        let mut j = i;
        if self.kw(j, Kw::From) || self.kw(j, Kw::In) || self.punct(j, "،,") {
            j += 1;
        }
        let end_marker = |k: usize| if self.kw(k, Kw::Gregorian) { k + 1 } else { k };
        if let Some((y, n)) = self.num(j)
            && n == 4
            && !self.kw(j + 1, Kw::Hijri)
        {
            return Some((end_marker(j + 1), y as i32, false));
        }
        let l = self.lx(j);
        if let Some((Unit::Year, f)) = l.unit {
            if matches!(f, Form::One)
                && let Some((y, n)) = self.num(j + 1)
                && n >= 3
                && !self.kw(j + 2, Kw::Hijri)
            {
                return Some((end_marker(j + 2), y as i32, false));
            }
            if f == Form::Def
                && let Some(r) = self.rel(j + 1)
            {
                let ay = cal::ymd(self.anchor()?).0;
                let y = match r {
                    Rel::Past => ay - 1,
                    Rel::Next => ay + 1,
                    Rel::This => ay,
                };
                return Some((j + 2, y, true));
            }
        }
        if self.kw(j, Kw::This) && matches!(self.lx(j + 1).unit, Some((Unit::Year, Form::Def))) {
            return Some((j + 2, cal::ymd(self.anchor()?).0, true));
        }
        None
    }

    /// A month: a name (with the «أبريل/نيسان» double form), «شهر 3», «الشهر التاسع», «الشهر
    /// الماضي», «هذا الشهر»; with its year when one follows. `weak`: names that are also common
    /// words are allowed (a day number comes before).
    fn month_ref(&self, i: usize, weak: bool) -> Option<(usize, MRef)> {
        let mut j = i;
        let l = self.lx(j);
        let mut after_shahr = false;
        let mut m: Option<(u32, bool)> = None; // (month, hijri)
        let mut rel = false;
        let mut y = None;
        let mut dir = None;
        if l.unit == Some((Unit::Month, Form::One)) && !self.wa(j) {
            after_shahr = true;
            j += 1;
            // «شهر 3», «شهر ثلاثة»
            if self.lx(j).month.is_none()
                && self.lx(j).hijri_month.is_none()
                && self.lx(j).head.is_none()
                && let Some((k, v, false)) = self.number(j)
                && (1..=12).contains(&v)
            {
                m = Some((v, false));
                j = k;
            }
        } else if l.unit == Some((Unit::Month, Form::Def)) {
            if let Some(o) = self.lx(j + 1).ord
                && (1..=12).contains(&o)
                && !self.lx(j + 2).teen
            {
                m = Some((o, false));
                j += 2;
            } else if let Some(r) = self.rel(j + 1) {
                let (ay, am, _) = cal::ymd(self.anchor()?);
                let d = match r {
                    Rel::Past => -1,
                    Rel::Next => 1,
                    Rel::This => 0,
                };
                let (yy, mm) = cal::add_months(ay, am, d);
                return Some((j + 2, MRef { y: Some(yy), m: mm, rel: true, hijri: false, dir: None }));
            } else {
                return None;
            }
        } else if self.kw(j, Kw::This) && self.lx(j + 1).unit == Some((Unit::Month, Form::Def)) {
            let (ay, am, _) = cal::ymd(self.anchor()?);
            return Some((j + 2, MRef { y: Some(ay), m: am, rel: true, hijri: false, dir: None }));
        }
        if m.is_none() {
            let l = self.lx(j);
            if let Some(mm) = l.month {
                if l.weak_month && !(weak || after_shahr) {
                    // مارس/آب alone: only with a year or a modifier after it
                    let ok = self.year_suffix(j + 1).is_some_and(|(_, _, r)| !r)
                        || self.rel(j + 1).is_some()
                        || self.double(j + 1, mm as u32).is_some();
                    if !ok {
                        return None;
                    }
                }
                m = Some((mm as u32, false));
                j += 1;
            } else if let Some(h) = l.head {
                let o = self.lx(j + 1);
                let second = self.w.get(j + 1).map(|w| w.text).unwrap_or("");
                let late = second.contains("آخر")
                    || second.contains("اخر")
                    || second.contains("الحجة")
                    || second.contains("الحجه");
                let mm = match (h, o.ord) {
                    (Head::Kanun, Some(2)) => (1, false),
                    (Head::Kanun, Some(1)) => (12, false),
                    (Head::Tishrin, Some(1)) => (10, false),
                    (Head::Tishrin, Some(2)) => (11, false),
                    (Head::Rabi, Some(1)) => (3, true),
                    (Head::Rabi, Some(2)) => (4, true),
                    (Head::Rabi, _) if late => (4, true),
                    (Head::Jumada, Some(1)) => (5, true),
                    (Head::Jumada, Some(2)) => (6, true),
                    (Head::Jumada, _) if late => (6, true),
                    (Head::Dhu, _) if late => (12, true),
                    (Head::Dhu, _) if second.contains("القعد") => (11, true),
                    _ => return None,
                };
                m = Some(mm);
                j += 2;
            } else if let Some(hm) = l.hijri_month {
                m = Some((hm as u32, true));
                j += 1;
            }
        }
        let (mm, hijri) = m?;
        if !hijri && let Some(k) = self.double(j, mm) {
            j = k;
        }
        if hijri {
            if let Some((yy, n)) = self.num(j)
                && n >= 3
            {
                y = Some(yy as i32);
                j += 1;
                if self.kw(j, Kw::Hijri) {
                    j += 1;
                }
            }
        } else if let Some((k, yy, r)) = self.year_suffix(j) {
            y = Some(yy);
            rel |= r;
            j = k;
        } else if let Some(r) = self.rel(j) {
            // أبريل الماضي "last April": strictly before the anchor's month
            let (ay, am, _) = cal::ymd(self.anchor()?);
            let yy = match r {
                Rel::Past if mm >= am => ay - 1,
                Rel::Next if mm <= am => ay + 1,
                _ => ay,
            };
            y = Some(yy);
            rel = true;
            dir = Some(r);
            j += 1;
        }
        Some((j, MRef { y, m: mm, rel, hijri, dir }))
    }

    /// The second name of «أبريل/نيسان», «نيسان (أبريل)», «أبريل - نيسان»: the end, if the same
    /// month.
    fn double(&self, j: usize, m: u32) -> Option<usize> {
        let mut k = j;
        let open = self.punct(k, "(");
        if self.punct(k, "/(") || self.dash(k) {
            k += 1;
        } else {
            return None;
        }
        if self.lx(k).month.map(u32::from) != Some(m) {
            // كانون الثاني / تشرين الأول
            let h = self.lx(k).head?;
            let o = self.lx(k + 1).ord?;
            let mm = match (h, o) {
                (Head::Kanun, 2) => 1,
                (Head::Kanun, 1) => 12,
                (Head::Tishrin, 1) => 10,
                (Head::Tishrin, 2) => 11,
                _ => return None,
            };
            if mm != m {
                return None;
            }
            k += 1;
        }
        k += 1;
        if open && self.punct(k, ")") {
            k += 1;
        }
        Some(k)
    }

    /// A full date: «7 نيسان 2019», «السابع من أبريل», «اليوم الثالث من أكتوبر», «22 شعبان 1440
    /// هـ», «2019/4/7», «21/09», «2/2013».
    fn date(&self, i: usize) -> Option<R> {
        let w = self.w.get(i)?;
        if w.kind == TokenKind::Date {
            return self.numeric_date(i);
        }
        // «21/09», «2/2013»: digits, a slash, digits, touching
        if let (Some((a, na)), true, Some((b, nb))) = (self.num(i), self.slash(i + 1), self.num(i + 2))
            && self.w[i + 1].span.start == w.span.end
            && self.w[i + 2].span.start == self.w[i + 1].span.end
        {
            if nb == 4 && (1..=12).contains(&a) && na <= 2 {
                return Some(R::new(i + 3, V::Month(b as i32, a), false));
            }
            if nb <= 2 && na <= 2 && (1..=12).contains(&b) && (1..=31).contains(&a) {
                let d = self.resolve_md(b, a)?;
                return Some(R::new(i + 3, V::Day(d), true));
            }
            return None;
        }
        // [اليوم] day [من] [شهر] month [year]
        let mut j = i;
        if self.lx(j).unit == Some((Unit::Day, Form::Def)) && self.lx(j + 1).ord.is_some() {
            j += 1;
        }
        let (mut k, d) = self.dnum(j)?;
        // ثالث يوم من شهر عشرة "the third day of month ten"
        if self.lx(k).unit == Some((Unit::Day, Form::One)) && self.lx(j).ord.is_some() {
            k += 1;
        }
        let digit_day = self.num(j).is_some();
        let has_min = self.kw(k, Kw::From);
        if has_min {
            k += 1;
        }
        let (e, mr) = self.month_ref(k, digit_day || has_min || self.lx(j).ord.is_some())?;
        // «السابع من أبريل» needs من or an ordinal; a cardinal word before a month is a count
        if !digit_day && self.lx(j).ord.is_none() && !has_min {
            return None;
        }
        if mr.hijri {
            let mut e = e;
            if self.kw(e, Kw::Hijri) {
                e += 1;
            }
            let hy = match mr.y {
                Some(y) => y,
                None => {
                    let (ay, am, ad) = cal::day_to_hijri(self.anchor()?);
                    match self.a.dir {
                        Direction::Past if (mr.m, d) > (am, ad) => ay - 1,
                        Direction::Future if (mr.m, d) < (am, ad) => ay + 1,
                        _ => ay,
                    }
                }
            };
            if d > 30 || !(1..=2000).contains(&hy) {
                return None;
            }
            let z = cal::hijri_to_day(hy, mr.m, d.min(cal::hijri_month_len(hy, mr.m)));
            return Some(R {
                hijri: Some(format!("{hy:04}-{:02}-{d:02}", mr.m)),
                ..R::new(e, V::Day(z), mr.y.is_none())
            });
        }
        let (ay, am, ad) = cal::ymd(self.anchor().unwrap_or(0));
        let (z, rel) = match (mr.y, mr.dir) {
            // «13 أبريل القادم» "the coming 13 April", «30 مارس الماضي»: the day decides the year
            (Some(_), Some(r @ (Rel::Past | Rel::Next))) => {
                let y = match r {
                    Rel::Past if (mr.m, d) >= (am, ad) => ay - 1,
                    Rel::Next if (mr.m, d) <= (am, ad) => ay + 1,
                    _ => ay,
                };
                if !cal::valid(y, mr.m, d) {
                    return None;
                }
                (cal::from_ymd(y, mr.m, d), true)
            }
            (Some(y), _) => {
                if !cal::valid(y, mr.m, d) {
                    return None;
                }
                (cal::from_ymd(y, mr.m, d), mr.rel)
            }
            (None, _) => (self.resolve_md(mr.m, d)?, true),
        };
        Some(R::new(e, V::Day(z), rel))
    }

    fn slash(&self, i: usize) -> bool {
        self.w.get(i).is_some_and(|w| w.text == "/")
    }

    /// A date token: `2019/4/7`, `7/4/2019`, `2019-04-07`, `07.04.2019` (day first unless the
    /// year leads, as Arabic writes).
    fn numeric_date(&self, i: usize) -> Option<R> {
        let parts: Vec<(u32, u8)> = self.w[i]
            .text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .map(super::digits)
            .collect::<Option<_>>()?;
        let [(a, na), (b, _), (c, nc)] = parts[..] else { return None };
        let (y, m, d) = if na == 4 {
            (a as i32, b, c)
        } else if nc == 4 {
            (c as i32, b, a)
        } else if nc == 2 {
            (2000 + c as i32 - if c >= 50 { 100 } else { 0 }, b, a)
        } else {
            return None;
        };
        cal::valid(y, m, d).then(|| R::new(i + 1, V::Day(cal::from_ymd(y, m, d)), false))
    }

    /// A weekday phrase: «الاثنين», «يوم الاثنين», «الاثنين الماضي», «الأربعاء، 13 شباط», «الأحد
    /// من الأسبوع الماضي», «السبت السادس عشر».
    fn weekday(&self, i: usize) -> Option<R> {
        let mut j = i;
        let had_yawm = self.lx(j).unit == Some((Unit::Day, Form::One)) && !self.wa(j);
        if had_yawm {
            j += 1;
        }
        let l = self.lx(j);
        let wd = l.weekday? as u32;
        // «احد الاسبوع الماضي»: a weekday without the article only in a construction
        let week_after = matches!(self.lx(j + 1).unit, Some((Unit::Week, Form::Def)));
        if !(l.def || had_yawm || week_after) {
            return None;
        }
        let mut k = j + 1;
        // a date after it wins: «الاثنين 18 شباط», «الأربعاء الموافق الثالث عشر من شباط 2013»
        let mut kk = k;
        if self.punct(kk, "،,") {
            kk += 1;
        }
        if self.kw(kk, Kw::Agreeing) || self.kw(kk, Kw::In) {
            kk += 1;
        }
        if let Some(r) = self.date(kk) {
            return Some(r);
        }
        // «السبت السادس عشر [من هذا الشهر]»
        if let Some((e, d)) = self.dnum(k)
            && self.lx(k).ord.is_some()
        {
            let mut e = e;
            if self.kw(e, Kw::From)
                && self.kw(e + 1, Kw::This)
                && self.lx(e + 2).unit == Some((Unit::Month, Form::Def))
            {
                e += 3;
            }
            return Some(R::new(e, V::Day(self.resolve_dom(d)?), true));
        }
        // the weekday of a given week: «الأحد من الأسبوع الماضي», «اثنين الأسبوع الحالي»
        let mut wk = k;
        if self.kw(wk, Kw::From) {
            wk += 1;
        }
        if let Some(r) = self
            .relunit(wk, false)
            .or_else(|| (self.kw(wk, Kw::This)).then(|| self.relunit(wk + 1, true)).flatten())
            && let V::Week(mon) = r.v
        {
            return Some(R::new(r.end, V::Day(mon + wd as i32), true));
        }
        let rel = self.rel(k);
        if rel.is_some() {
            k += 1;
        }
        Some(R::new(k, V::Day(self.resolve_wd(wd, rel)?), true))
    }

    /// Relative days: «اليوم», «أمس», «غدا», «أول أمس», «بعد غد», «يوم أمس», «اليوم السابق»,
    /// «الآن», «الليلة».
    fn relday(&self, i: usize) -> Option<R> {
        let a = self.anchor()?;
        let mut j = i;
        let l = self.lx(j);
        let day = |end: usize, off: i32| Some(R::new(end, V::Day(a + off), true));
        // يوم/اليوم (الذي) بعد/قبل ...
        if matches!(l.unit, Some((Unit::Day, Form::One | Form::Def))) {
            let mut k = j + 1;
            if self.kw(k, Kw::Which) {
                k += 1;
            }
            if (self.kw(k, Kw::After) || self.kw(k, Kw::Before))
                && let Some(r) = self.relday(k)
                && r.end > k + 1
            {
                return Some(r);
            }
            if l.unit == Some((Unit::Day, Form::One)) && !self.wa(j) {
                if self.kw(j + 1, Kw::Yesterday) {
                    return day(j + 2, -1);
                }
                if self.kw(j + 1, Kw::Tomorrow) {
                    return day(j + 2, 1);
                }
            }
        }
        if self.kw(j, Kw::Today) {
            return match self.rel(j + 1) {
                Some(Rel::Past) => day(j + 2, -1),
                Some(Rel::Next) => day(j + 2, 1),
                Some(Rel::This) => day(j + 2, 0),
                None => day(j + 1, 0),
            };
        }
        // أول أمس / أول من أمس "the day before yesterday"
        if self.lx(j).ord == Some(1) && !self.lx(j).def {
            let k = if self.kw(j + 1, Kw::From) { j + 2 } else { j + 1 };
            if self.kw(k, Kw::Yesterday) {
                return day(k + 1, -2);
            }
        }
        if self.kw(j, Kw::Before) && self.kw(j + 1, Kw::Yesterday) {
            return day(j + 2, -2);
        }
        if self.kw(j, Kw::After) && self.kw(j + 1, Kw::Tomorrow) {
            return day(j + 2, 2);
        }
        if self.kw(j, Kw::Yesterday) {
            return day(j + 1, -1);
        }
        if self.kw(j, Kw::Tomorrow) {
            return day(j + 1, 1);
        }
        if self.kw(j, Kw::In) && self.kw(j + 1, Kw::This) && self.kw(j + 2, Kw::Moment) {
            j += 2;
        } else if self.kw(j, Kw::This) && self.kw(j + 1, Kw::Moment) {
            j += 1;
        }
        if self.kw(j, Kw::Now) || self.kw(j, Kw::Moment) && j > i {
            return Some(match self.a.time {
                Some((h, m, s)) => R::new(j + 1, V::DayTime(a, Tm { h, m, s: Some(s), min: true }), true),
                None => R::new(j + 1, V::Day(a), true),
            });
        }
        if self.kw(j, Kw::Tonight) {
            let t = |h| Tm { h, m: 0, s: None, min: false };
            return Some(R::new(j + 1, V::TRange(Some(a), t(18), t(23)), true));
        }
        None
    }

    /// A part of the day and its day: «صباح اليوم» "this morning", «مساء أمس», «فجر الاثنين»,
    /// «ليلة الأحد». The value is the day.
    fn partday(&self, i: usize) -> Option<R> {
        let l = self.lx(i);
        l.part?;
        // adverbial forms (صباحا) never head a construct
        if l.def || self.w[i].text.ends_with('ا') && !self.w[i].text.ends_with("ساء") {
            return None;
        }
        let mut k = i + 1;
        if self.lx(k).unit == Some((Unit::Day, Form::One)) {
            k += 1;
        }
        let d = self.date(k).or_else(|| self.weekday(k)).or_else(|| self.relday(k))?;
        matches!(d.v, V::Day(_)).then_some(d)
    }

    /// The nth or last of something in a month or after a date: «أول ثلاثاء من شهر عشرة»,
    /// «الاثنين الأخير من شهر ثلاثة», «الأسبوع الأول من أكتوبر 2014», «آخر يوم بشهر عشرة»,
    /// «ثالث ثلاثاء بعد كريسماس 2014».
    fn nth(&self, i: usize) -> Option<R> {
        // (n, what, end of the head)
        #[derive(Clone, Copy, PartialEq)]
        enum What {
            Day,
            Wd(u32),
            Week,
        }
        let what_at = |k: usize| -> Option<(What, usize)> {
            let l = self.lx(k);
            if let Some(wd) = l.weekday {
                return Some((What::Wd(wd as u32), k + 1));
            }
            match l.unit {
                Some((Unit::Day, Form::One)) => {
                    if let Some(wd) = self.lx(k + 1).weekday {
                        Some((What::Wd(wd as u32), k + 2))
                    } else {
                        Some((What::Day, k + 1))
                    }
                }
                Some((Unit::Week, Form::One)) => Some((What::Week, k + 1)),
                _ => None,
            }
        };
        // n = 0 means "last"
        let l = self.lx(i);
        let (n, what, mut k) =
            if (l.ord.is_some() || l.kw == Some(Kw::Last)) && !l.def && !self.lx(i + 1).teen {
                let n = if l.kw == Some(Kw::Last) { 0 } else { l.ord? };
                let (w, k) = what_at(i + 1)?;
                (n, w, k)
            } else {
                // «الاثنين الأخير», «الأسبوع الأول», «اليوم الأخير», «الثلاثاء الثالث»
                let what = if let Some(wd) = l.weekday.filter(|_| l.def) {
                    What::Wd(wd as u32)
                } else {
                    match l.unit {
                        Some((Unit::Week, Form::Def)) => What::Week,
                        Some((Unit::Day, Form::Def)) => What::Day,
                        _ => return None,
                    }
                };
                let m = self.lx(i + 1);
                let n = if m.kw == Some(Kw::Last) && m.def {
                    0
                } else if let Some(o) = m.ord
                    && o <= 5
                    && !self.lx(i + 2).teen
                    && !self.wa(i + 2)
                {
                    o
                } else {
                    return None;
                };
                if what == What::Day && n != 0 {
                    return None; // «اليوم الثالث من أكتوبر» is a date
                }
                (n, what, i + 2)
            };
        // «ثالث ثلاثاء بعد كريسماس 2014»
        if self.kw(k, Kw::After)
            && let What::Wd(wd) = what
            && n > 0
            && let Some(x) = self.date_like(k + 1)
            && let Some((_, last)) = x.v.days()
        {
            let first = last + 1;
            let off = (wd + 7 - cal::weekday(first)) % 7;
            return Some(R::new(x.end, V::Day(first + off as i32 + 7 * (n as i32 - 1)), x.rel));
        }
        if self.kw(k, Kw::From) || self.kw(k, Kw::In) {
            k += 1;
        }
        let (e, mr) = self.month_ref(k, true)?;
        if mr.hijri {
            return None;
        }
        let y = match mr.y {
            Some(y) => y,
            None => self.resolve_m(mr.m)?,
        };
        let rel = mr.rel || mr.y.is_none();
        let first = cal::from_ymd(y, mr.m, 1);
        let last = first + cal::days_in_month(y, mr.m) as i32 - 1;
        let v = match (what, n) {
            (What::Day, 0) => V::Day(last),
            (What::Day, n) => {
                if n > cal::days_in_month(y, mr.m) {
                    return None;
                }
                V::Day(first + n as i32 - 1)
            }
            (What::Wd(wd), 0) => V::Day(last - ((cal::weekday(last) + 7 - wd) % 7) as i32),
            (What::Wd(wd), n) => {
                let d = first + ((wd + 7 - cal::weekday(first)) % 7) as i32 + 7 * (n as i32 - 1);
                if d > last {
                    return None;
                }
                V::Day(d)
            }
            // weeks wholly inside the month: the first starts on its first Monday, the last
            // ends on its last Sunday
            (What::Week, 0) => V::Week(last - ((cal::weekday(last) + 1) % 7) as i32 - 6),
            (What::Week, n) => {
                let d = first + ((7 - cal::weekday(first)) % 7) as i32 + 7 * (n as i32 - 1);
                if d + 6 > last {
                    return None;
                }
                V::Week(d)
            }
        };
        Some(R::new(e, v, rel))
    }

    /// «الأسبوع الماضي», «العام المقبل», «هذا الشهر», «الأيام الماضية», «الأسابيع الثلاثة
    /// القادمة», «اليومين الماضيين». `this`: a هذا/هذه came before.
    fn relunit(&self, i: usize, this: bool) -> Option<R> {
        let (u, f) = self.lx(i).unit?;
        let a = self.anchor()?;
        let (ay, am, _) = cal::ymd(a);
        match f {
            Form::Def => {
                let r = if this { Rel::This } else { self.rel(i + 1)? };
                let end = if this { i + 1 } else { i + 2 };
                let d = match r {
                    Rel::Past => -1,
                    Rel::Next => 1,
                    Rel::This => 0,
                };
                let v = match u {
                    Unit::Week => V::Week(cal::monday(a) + 7 * d),
                    Unit::Month => {
                        let (y, m) = cal::add_months(ay, am, d);
                        V::Month(y, m)
                    }
                    Unit::Year => V::Year(ay + d),
                    Unit::Day if this => V::Day(a),
                    _ => return None,
                };
                Some(R::new(end, v, true))
            }
            Form::DefMany | Form::DefTwo => {
                let mut k = i + 1;
                let mut n = if f == Form::DefTwo { Some(2) } else { None };
                let count = |k: usize| -> Option<(usize, u32)> {
                    let (e, v, ord) = self.number(k)?;
                    (!ord && self.num(k).is_none() && (2..=99).contains(&v)).then_some((e, v))
                };
                if n.is_none()
                    && let Some((e, v)) = count(k)
                {
                    n = Some(v);
                    k = e;
                }
                if self.kw(k, Kw::Few) {
                    k += 1;
                }
                let r = self.rel(k)?;
                k += 1;
                if n.is_none()
                    && let Some((e, v)) = count(k)
                {
                    n = Some(v);
                    k = e;
                }
                let n = n.unwrap_or(match u {
                    Unit::Day => 7,
                    _ => 3,
                }) as i32;
                let (from, to) = match (u, r) {
                    (Unit::Day, Rel::Past) => (a - n, a - 1),
                    (Unit::Day, _) => (a + 1, a + n),
                    (Unit::Week, Rel::Past) => (cal::monday(a) - 7 * n, cal::monday(a) - 1),
                    (Unit::Week, _) => (cal::monday(a) + 7, cal::monday(a) + 7 * n + 6),
                    (Unit::Month, Rel::Past) => {
                        let (y, m) = cal::add_months(ay, am, -n);
                        (cal::from_ymd(y, m, 1), cal::from_ymd(ay, am, 1) - 1)
                    }
                    (Unit::Month, _) => {
                        let (y, m) = cal::add_months(ay, am, 1);
                        let (y2, m2) = cal::add_months(ay, am, n + 1);
                        (cal::from_ymd(y, m, 1), cal::from_ymd(y2, m2, 1) - 1)
                    }
                    (Unit::Year, Rel::Past) => (cal::from_ymd(ay - n, 1, 1), cal::from_ymd(ay - 1, 12, 31)),
                    (Unit::Year, _) => (cal::from_ymd(ay + 1, 1, 1), cal::from_ymd(ay + n, 12, 31)),
                    _ => return None,
                };
                Some(R::new(k, V::Range(from, to), true))
            }
            _ => None,
        }
    }

    /// Vague parts of a period, as ranges: «أوائل مارس» (days 1–10), «منتصف أبريل» (11–20),
    /// «أواخر/نهاية الشهر» (21–end), «مطلع الشهر الجاري», «أواخر العام الماضي», «مطلع 2016».
    fn vague(&self, i: usize) -> Option<R> {
        let part = match self.lx(i).kw {
            Some(Kw::Early) => 0,
            Some(Kw::Mid) => 1,
            Some(Kw::Late) => 2,
            Some(Kw::Half) => 1, // «في نصف شهر مارس» "in the middle of March"
            _ => return None,
        };
        let j = i + 1;
        // a month
        let month = self.month_ref(j, true).or_else(|| {
            // «مطلع الشهر» alone: the anchor's month
            (self.lx(j).unit == Some((Unit::Month, Form::Def))).then(|| {
                let (ay, am, _) = cal::ymd(self.anchor()?);
                Some((j + 1, MRef { y: Some(ay), m: am, rel: true, hijri: false, dir: None }))
            })?
        });
        if let Some((e, mr)) = month
            && !mr.hijri
        {
            let y = match mr.y {
                Some(y) => y,
                None => self.resolve_m(mr.m)?,
            };
            let first = cal::from_ymd(y, mr.m, 1);
            let len = cal::days_in_month(y, mr.m) as i32;
            let (a, b) = match part {
                0 => (first, first + 9),
                1 => (first + 10, first + 19),
                _ => (first + 20, first + len - 1),
            };
            return Some(R::new(e, V::Range(a, b), mr.rel || mr.y.is_none()));
        }
        // a year: «مطلع 2016», «أواخر العام الماضي», «نهاية عام 2018»
        let (e, y, rel) =
            if let Some((y, 4)) = self.num(j) { (j + 1, y as i32, false) } else { self.year_suffix(j)? };
        let (a, b) = match part {
            0 => (cal::from_ymd(y, 1, 1), cal::from_ymd(y, 4, 30)),
            1 => (cal::from_ymd(y, 5, 1), cal::from_ymd(y, 8, 31)),
            _ => (cal::from_ymd(y, 9, 1), cal::from_ymd(y, 12, 31)),
        };
        Some(R::new(e, V::Range(a, b), rel))
    }

    /// A month or year alone: «أبريل الماضي», «في أبريل», «تموز 2019», «عام 2016», «العام
    /// الماضي», «2016» after في/منذ/حتى, «1440 هـ».
    fn month_or_year(&self, i: usize) -> Option<R> {
        if let Some((e, mr)) = self.month_ref(i, false) {
            if mr.hijri {
                // «رمضان 1440»: the Hijri month as a range
                let y = mr.y?;
                let a = cal::hijri_to_day(y, mr.m, 1);
                let b = a + cal::hijri_month_len(y, mr.m) as i32 - 1;
                return Some(R {
                    hijri: Some(format!("{y:04}-{:02}", mr.m)),
                    ..R::new(e, V::Range(a, b), false)
                });
            }
            let y = match mr.y {
                Some(y) => y,
                None => self.resolve_m(mr.m)?,
            };
            return Some(R::new(e, V::Month(y, mr.m), mr.rel || mr.y.is_none()));
        }
        // a Hijri year: «1440 هـ», «عام 1440 للهجرة»
        let j = if matches!(self.lx(i).unit, Some((Unit::Year, Form::One))) { i + 1 } else { i };
        if let Some((y, n)) = self.num(j)
            && n >= 3
            && self.kw(j + 1, Kw::Hijri)
        {
            let y = y as i32;
            let a = cal::hijri_to_day(y, 1, 1);
            let b = cal::hijri_to_day(y + 1, 1, 1) - 1;
            return Some(R { hijri: Some(format!("{y:04}")), ..R::new(j + 2, V::Range(a, b), false) });
        }
        if let Some((e, y, rel)) = self.year_suffix_strict(i) {
            return Some(R::new(e, V::Year(y), rel));
        }
        // a bare four-digit year where a preposition licenses it: «في 2016», «منذ 2011»
        if let Some((y, 4)) = self.num(i)
            && (1900..=2100).contains(&y)
            && i > 0
            && matches!(
                self.lx(i - 1).kw,
                Some(
                    Kw::In
                        | Kw::Since
                        | Kw::To
                        | Kw::From
                        | Kw::Before
                        | Kw::After
                        | Kw::During
                        | Kw::Between
                )
            )
        {
            let e = if self.kw(i + 1, Kw::Gregorian) { i + 2 } else { i + 1 };
            return Some(R::new(e, V::Year(y as i32), false));
        }
        // «2016م»: a year with its era letter
        if let Some((y, 4)) = self.num(i)
            && self.kw(i + 1, Kw::Gregorian)
        {
            return Some(R::new(i + 2, V::Year(y as i32), false));
        }
        None
    }

    /// A year starting exactly at `i` (no leading preposition): «عام 2016», «العام الماضي».
    fn year_suffix_strict(&self, i: usize) -> Option<(usize, i32, bool)> {
        if self.kw(i, Kw::From) || self.kw(i, Kw::In) || self.num(i).is_some() || self.punct(i, "،,") {
            return None;
        }
        self.year_suffix(i)
    }

    /// Holidays, computed: «عيد الفطر», «عيد الأضحى», «رمضان 2019», «رأس السنة الهجرية»,
    /// «عيد الميلاد» (Christmas), «عيد الفصح» (Easter), «المولد النبوي», «عاشوراء».
    fn holiday(&self, i: usize) -> Option<R> {
        #[derive(Clone, Copy)]
        enum H {
            Hijri(u32, u32),
            HijriMonth(u32),
            Fixed(u32, u32),
            Easter,
        }
        let mut j = i;
        let h = if self.kw(j, Kw::Eid) {
            j += 1;
            let h = match self.lx(j).kw {
                Some(Kw::Fitr) => H::Hijri(10, 1),
                Some(Kw::Adha) => H::Hijri(12, 10),
                Some(Kw::Milad) => H::Fixed(12, 25),
                Some(Kw::Easter) => H::Easter,
                _ => return None,
            };
            j += 1;
            // المبارك "blessed", المجيد "glorious"
            if let Some(w) = self.w.get(j)
                && (w.text.contains("المبارك") || w.text.contains("المجيد"))
            {
                j += 1;
            }
            h
        } else if self.kw(j, Kw::Christmas) {
            j += 1;
            H::Fixed(12, 25)
        } else if self.kw(j, Kw::RasHead) && self.lx(j + 1).unit == Some((Unit::Year, Form::Def)) {
            j += 2;
            let h = match self.lx(j).kw {
                Some(Kw::Hijri) => H::Hijri(1, 1),
                Some(Kw::Gregorian) => H::Fixed(1, 1),
                _ => return None,
            };
            j += 1;
            h
        } else if self.kw(j, Kw::Mawlid) && self.w.get(j + 1).is_some_and(|w| w.text.contains("النبوي"))
        {
            j += 2;
            H::Hijri(3, 12)
        } else if self.kw(j, Kw::Ashura) {
            j += 1;
            H::Hijri(1, 10)
        } else {
            // رمضان: after شهر, or with a year or a modifier
            let shahr = self.lx(j).unit == Some((Unit::Month, Form::One));
            let k = if shahr { j + 1 } else { j };
            if self.lx(k).hijri_month != Some(9) {
                return None;
            }
            let ok = shahr
                || self.rel(k + 1).is_some()
                || self.num(k + 1).is_some_and(|(_, n)| n == 4)
                || self.year_suffix(k + 1).is_some()
                || i > 0
                    && matches!(
                        self.lx(i - 1).kw,
                        Some(Kw::In | Kw::During | Kw::Before | Kw::After | Kw::Since)
                    );
            if !ok {
                return None;
            }
            j = k + 1;
            H::HijriMonth(9)
        };
        // occurrences in a Gregorian year: (first day, last day)
        let occ = |gy: i32| -> Vec<(Day, Day)> {
            match h {
                H::Fixed(m, d) => vec![(cal::from_ymd(gy, m, d), cal::from_ymd(gy, m, d))],
                H::Easter => vec![(cal::easter(gy), cal::easter(gy))],
                H::Hijri(m, _) | H::HijriMonth(m) => {
                    let d = if let H::Hijri(_, d) = h { d } else { 1 };
                    let hy0 = cal::day_to_hijri(cal::from_ymd(gy, 1, 1)).0;
                    let mut v = Vec::new();
                    for hy in hy0..=hy0 + 1 {
                        let (a, b) = match h {
                            H::HijriMonth(_) => {
                                let a = cal::hijri_to_day(hy, m, 1);
                                (a, a + cal::hijri_month_len(hy, m) as i32 - 1)
                            }
                            _ => {
                                let z = cal::hijri_to_day(hy, m, d);
                                (z, z)
                            }
                        };
                        if cal::ymd(a).0 == gy {
                            v.push((a, b));
                        }
                    }
                    v
                }
            }
        };
        let year = self.year_suffix(j).filter(|&(_, _, r)| !r).or_else(|| self.year_suffix(j));
        let (end, (a, b), rel) = if let Some((e, y, r)) = year {
            (e, *occ(y).first()?, r)
        } else {
            let z = self.anchor()?;
            let y = cal::ymd(z).0;
            let mut all: Vec<(Day, Day)> = (y - 1..=y + 1).flat_map(occ).collect();
            all.sort();
            let pick = match self.a.dir {
                Direction::Past => all.iter().rev().find(|(a, _)| *a <= z).copied(),
                Direction::Future => all.iter().find(|(_, b)| *b >= z).copied(),
            };
            (j, pick?, true)
        };
        let v = if a == b { V::Day(a) } else { V::Range(a, b) };
        Some(R::new(end, v, rel))
    }

    /// A clock time: «الساعة 3 صباحا», «الثالثة وربع بعد الظهر», «الساعة 12 إلا ربعا», «15:15»,
    /// «الساعة الرابعة وثلاث وعشرون دقيقة فجرا». A day named with it is joined: «الثامنة هذه
    /// الليلة», «العاشرة من صباح أمس».
    fn time(&self, i: usize) -> Option<R> {
        let mut j = i;
        let clock = self.kw(j, Kw::Clock);
        if clock {
            j += 1;
        }
        let w = self.w.get(j)?;
        let (mut h, mut m, mut s, mut min);
        let mut words = false;
        if w.kind == TokenKind::Time {
            let p: Vec<u32> =
                w.text.split(':').map(|x| super::digits(x).map(|d| d.0)).collect::<Option<_>>()?;
            (h, m, s, min) = match p[..] {
                [h, m] => (h, m, None, true),
                [h, m, s] => (h, m, Some(s), true),
                _ => return None,
            };
            j += 1;
        } else if let Some((v, n)) = self.num(j) {
            if !clock || n > 2 {
                return None;
            }
            (h, m, s, min) = (v, 0, None, false);
            j += 1;
        } else {
            let (mut e, mut v, ord) = self.number(j)?;
            if !(clock || ord) || self.lx(j).unit.is_some() {
                return None;
            }
            if v > 24 {
                // «الرابعة واربعون دقيقة»: the tens are the minutes, not part of the hour
                let (me, _, _) = self.number(j + 1)?;
                if !self.lx(me).unit.is_some_and(|(u, _)| u == Unit::Minute) {
                    return None;
                }
                v = self.lx(j).ord.or(self.lx(j).num)?;
                e = j + 1;
            }
            // without الساعة, only the feminine ordinal names an hour: «الثالثة» "three o'clock"
            if !(clock || ord && self.w[j].text.ends_with(['ة', 'ه'])) {
                return None;
            }
            words = true;
            (h, m, s, min) = (v, 0, None, false);
            j = e;
        }
        if h > 24 {
            return None;
        }
        // minutes: و + ربع/ثلث/نصف/N [دقيقة]; إلا + ربع/ثلث/N
        if !min {
            let (k, neg) = if self.kw(j, Kw::Except) {
                (j + 1, true)
            } else if self.kw(j, Kw::And) {
                (j + 1, false)
            } else if self.wa(j) {
                (j, false)
            } else {
                (usize::MAX, false)
            };
            if k != usize::MAX {
                let l = self.lx(k);
                let (e, v) = match l.kw {
                    Some(Kw::Quarter) => (k + 1, 15),
                    Some(Kw::Third) => (k + 1, 20),
                    Some(Kw::Half) => (k + 1, 30),
                    _ => match self.number(k) {
                        Some((e, v, _)) if v < 60 => (e, v),
                        _ => (usize::MAX, 0),
                    },
                };
                let unit = e != usize::MAX && self.lx(e).unit.is_some_and(|(u, _)| u == Unit::Minute);
                let fraction = matches!(l.kw, Some(Kw::Quarter | Kw::Third | Kw::Half));
                // «الأول والثاني» "the first and the second" is no clock time: minutes in words
                // need دقيقة unless the hour came with الساعة
                if e != usize::MAX && (clock || unit || fraction) {
                    let e = if unit { e + 1 } else { e };
                    if neg {
                        if h == 0 {
                            h = 24;
                        }
                        h -= 1;
                        m = 60 - v;
                    } else {
                        m = v;
                    }
                    min = true;
                    j = e;
                }
            }
        }
        let _ = &mut s;
        // the half of the day
        let mut k = j;
        let mut part: Option<Part> = None;
        let mut day: Option<R> = None;
        let mut this = false;
        if self.kw(k, Kw::This) || self.kw(k, Kw::From) {
            this = self.kw(k, Kw::This);
            k += 1;
        }
        let pl = self.lx(k);
        if let Some(p) = pl.part {
            part = Some(p);
            k += 1;
            if !this
                && !pl.def
                && let Some(d) = self.day(k).filter(|d| matches!(d.v, V::Day(_)))
            {
                k = d.end;
                day = Some(d);
            } else if this {
                day = self.anchor().map(|a| R::new(k, V::Day(a), true));
            }
        } else if (self.kw(k, Kw::After) || self.kw(k, Kw::Before)) && !this && self.lx(k + 1).part.is_some()
        {
            let after = self.kw(k, Kw::After);
            part = Some(match self.lx(k + 1).part {
                Some(Part::Noon) if !after => Part::Morning,
                Some(Part::Dawn | Part::Morning) if after => Part::Noon,
                Some(Part::Noon | Part::Afternoon) => Part::Afternoon,
                _ => Part::Evening,
            });
            k += 2;
        } else if self.kw(k, Kw::Tonight) {
            part = Some(Part::Night);
            day = self.anchor().map(|a| R::new(k + 1, V::Day(a), true));
            k += 1;
        } else if this {
            k -= 1;
        }
        if part.is_some() {
            j = k;
        }
        if !clock && !min && part.is_none() {
            return None;
        }
        if words && !clock && part.is_none() && self.lx(i).ord.is_none() {
            return None;
        }
        let mut pm = None;
        if let Some(p) = part {
            let to_pm = match p {
                Part::Dawn | Part::Morning => false,
                Part::Noon => h < 6,
                Part::Afternoon | Part::Evening => h < 12,
                Part::Night => (5..12).contains(&h),
            };
            if to_pm {
                h += 12;
            }
            pm = Some(!matches!(p, Part::Dawn | Part::Morning));
        } else if h < 12
            && let Some((ah, am, _)) = self.a.time
        {
            // an hour without its half of the day: the next (or last) one around the anchor
            let later = (h * 60 + m) < ah * 60 + am;
            if later == (self.a.dir == Direction::Future) {
                h += 12;
            }
        }
        if h == 24 {
            h = 0;
        }
        if h > 23 || m > 59 || s.is_some_and(|s| s > 59) {
            return None;
        }
        let tm = Tm { h, m, s, min };
        let mut r = match day {
            Some(d) => match d.v {
                V::Day(z) => R { end: j, v: V::DayTime(z, tm), rel: d.rel, hijri: None, dom: None, pm },
                _ => return None,
            },
            None => R { end: j, v: V::Tod(tm), rel: false, hijri: None, dom: None, pm },
        };
        r.end = r.end.max(j);
        Some(r)
    }

    /// Intervals: «من 13 إلى 15 تموز», «13-15 تموز», «يوليو 13-15», «بين عامي 2014 و2016»,
    /// «من الساعة 3 إلى الساعة 4 بعد العصر», «من 2014 حتى 2016».
    fn interval(&self, i: usize) -> Option<R> {
        let from = self.kw(i, Kw::From);
        let between = self.kw(i, Kw::Between);
        let j = if from || between { i + 1 } else { i };
        let sep = |k: usize| -> Option<usize> {
            if between {
                return if self.kw(k, Kw::And) {
                    Some(k + 1)
                } else if self.wa(k)
                    || self.w.get(k).is_some_and(|w| {
                        w.text.starts_with('و')
                            && w.digits.is_none()
                            && w.kind == TokenKind::Arabic
                            && w.text.chars().count() == 1
                    })
                {
                    Some(k)
                } else {
                    None
                };
            }
            if self.kw(k, Kw::To) || self.dash(k) { Some(k + 1) } else { None }
        };
        // «بين عامي 2014 و2016»
        if between
            && matches!(self.lx(j).unit, Some((Unit::Year, Form::Two)))
            && let Some((a, 4)) = self.num(j + 1)
        {
            let k = if self.kw(j + 2, Kw::And) { j + 3 } else { j + 2 };
            if let Some((b, 4)) = self.num(k)
                && a <= b
            {
                let r = V::Range(cal::from_ymd(a as i32, 1, 1), cal::from_ymd(b as i32, 12, 31));
                return Some(R::new(k + 1, r, false));
            }
        }
        // «يوليو 13-15», «تموز 13 الى 15»
        if let Some((k, mr)) = self.month_ref(j, false)
            && mr.y.is_none()
            && !mr.hijri
            && let Some((k2, d1)) = self.dnum(k)
            && self.num(k).is_some()
            && let Some(k3) = sep(k2)
            && let Some((e, d2)) = self.dnum(k3)
            && d1 < d2
        {
            let (e, y) = match self.year_suffix(e) {
                Some((e2, y, _)) => (e2, y),
                None => (e, cal::ymd(self.resolve_md(mr.m, d1)?).0),
            };
            if cal::valid(y, mr.m, d2) {
                let v = V::Range(cal::from_ymd(y, mr.m, d1), cal::from_ymd(y, mr.m, d2));
                return Some(R::new(e, v, mr.y.is_none()));
            }
        }
        if !(from || between) {
            // «13-15 تموز», «13 الى 15 تموز»: a day range needs its month
            let (k, d1) = self.dnum(j)?;
            self.num(j)?;
            let k2 = sep(k)?;
            let y = self.date(k2)?;
            let V::Day(b) = y.v else { return None };
            let (yy, mm, d2) = cal::ymd(b);
            if d1 >= d2 || self.num(k2).is_none() {
                return None;
            }
            return Some(R::new(y.end, V::Range(cal::from_ymd(yy, mm, d1), b), y.rel));
        }
        // من X إلى Y
        let x = self.point(j).or_else(|| {
            let (e, d) = self.dnum(j)?;
            Some(R { dom: Some(d), ..R::new(e, V::Day(0), true) })
        })?;
        let k = sep(x.end)?;
        let y = self.point(k)?;
        if y.dom.is_some() {
            return None;
        }
        let v = match (x.v, y.v) {
            (V::Tod(mut a), V::Tod(b)) => {
                if x.pm.is_none() && y.pm == Some(true) && a.h < 12 && a.h + 12 <= b.h {
                    a.h += 12;
                }
                V::TRange(None, a, b)
            }
            (V::Tod(a), V::DayTime(d, b)) => {
                let mut a = a;
                if x.pm.is_none() && y.pm == Some(true) && a.h < 12 && a.h + 12 <= b.h {
                    a.h += 12;
                }
                V::TRange(Some(d), a, b)
            }
            (_, yv) => {
                let (_, b) = yv.days()?;
                let a = match x.dom {
                    Some(d) => {
                        let (yy, mm, _) = cal::ymd(b);
                        if !cal::valid(yy, mm, d) {
                            return None;
                        }
                        cal::from_ymd(yy, mm, d)
                    }
                    None => x.v.days()?.0,
                };
                if a >= b {
                    return None;
                }
                V::Range(a, b)
            }
        };
        Some(R::new(y.end, v, x.rel || y.rel))
    }

    /// A length of time: number + unit («ثلاثة أيام», «30 عاما»), a dual («يومين»), a lone
    /// singular («أسبوع»).
    fn dur(&self, i: usize) -> Option<(usize, u32, Unit)> {
        let l = self.lx(i);
        if let Some((u, f)) = l.unit
            && !l.def
        {
            if self.num(i + 1).is_some() {
                return None; // «عام 2016» is a year, not "a year"
            }
            return match f {
                Form::One => Some((i + 1, 1, u)),
                Form::Two => Some((i + 1, 2, u)),
                _ => None,
            };
        }
        let (e, n, ord) = self.number(i)?;
        if ord || n == 0 {
            return None;
        }
        let (u, f) = self.lx(e).unit?;
        matches!(f, Form::One | Form::Many).then_some((e + 1, n, u))
    }

    /// «قبل ثلاثة أيام» "three days ago", «منذ أسبوع», «بعد يومين», «بعد ثلاثة أيام من X».
    fn offset(&self, i: usize) -> Option<R> {
        let sign = match self.lx(i).kw {
            Some(Kw::Before | Kw::Since) => -1,
            Some(Kw::After) => 1,
            _ => return None,
        };
        let (e, n, u) = self.dur(i + 1)?;
        let n = n as i32 * sign;
        // relative to another date: «بعد ثلاثة أيام من 7 أبريل»
        let (base, end, rel) = match self.kw(e, Kw::From).then(|| self.point(e + 1)).flatten() {
            Some(x) if x.dom.is_none() && x.v.days().is_some() => (x.v.days()?.0, x.end, x.rel),
            // «بعد ثلاثة أيام من بدء الهجوم» "three days after the offensive began": counted
            // from an event, not from the publication date; only its length is known
            None if self.kw(e, Kw::From) => return Some(R::new(e, V::Dur(n.unsigned_abs(), u), false)),
            _ => (self.anchor()?, e, true),
        };
        let (by, bm, bd) = cal::ymd(base);
        let v = match u {
            Unit::Day => V::Day(base + n),
            Unit::Week => V::Day(base + 7 * n),
            Unit::Month => {
                let (y, m) = cal::add_months(by, bm, n);
                if end > e {
                    V::Day(cal::from_ymd(y, m, bd.min(cal::days_in_month(y, m))))
                } else {
                    V::Month(y, m)
                }
            }
            Unit::Year => {
                if end > e {
                    V::Day(cal::from_ymd(by + n, bm, bd.min(cal::days_in_month(by + n, bm))))
                } else {
                    V::Year(by + n)
                }
            }
            Unit::Hour | Unit::Minute => {
                let (h, m, _) = self.a.time?;
                let mins = (h * 60 + m) as i32 + if u == Unit::Hour { 60 * n } else { n };
                let day = base + mins.div_euclid(1440);
                let mm = mins.rem_euclid(1440) as u32;
                V::DayTime(day, Tm { h: mm / 60, m: mm % 60, s: None, min: u == Unit::Minute })
            }
        };
        Some(R::new(end, v, rel))
    }

    /// «لمدة ثلاثة أيام» → P3D, «خلال أسبوعين» → P2W.
    fn duration(&self, i: usize) -> Option<R> {
        if !(self.kw(i, Kw::For) || self.kw(i, Kw::During)) {
            return None;
        }
        let (e, n, u) = self.dur(i + 1)?;
        Some(R::new(e, V::Dur(n, u), false))
    }
}
