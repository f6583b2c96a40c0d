//! Evaluation against Duckling's Arabic time corpus (`Duckling/Time/AR/Corpus.hs`).
//!
//! Each `examples (datetime (Y,M,D,h,m,s) Grain) ["..."]` (also `datetimeInterval`,
//! `datetimeHoliday`, `datetimeIntervalHoliday`) gives strings and their value at a grain;
//! the reference time is Duckling's test context, Tuesday 2013-02-12 04:30:00, and its
//! direction is [`Direction::Future`]. Duckling's interval ends are exclusive: they are made
//! inclusive at the grain (`[2013-03-01, 2013-03-11) Day` is `2013-03-01/2013-03-10`). A bare
//! clock time (`T15:00`) is taken on the reference day.

use super::{Anchor, Direction, TimeStage, cal};
use std::collections::BTreeMap;

/// One positive example: the string and its expected value at Duckling's grain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    pub text: String,
    pub grain: String,
    pub expected: String,
}

#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub examples: Vec<Example>,
    /// Strings that must yield no expression.
    pub negative: Vec<String>,
}

/// A failed example: the text, what was expected and what was found.
#[derive(Clone, Debug)]
pub struct Failure {
    pub text: String,
    pub grain: String,
    pub expected: String,
    pub got: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Per grain: (correct, total).
    pub by_grain: BTreeMap<String, (usize, usize)>,
    pub negative: (usize, usize),
    pub failures: Vec<Failure>,
}

impl Report {
    pub fn correct(&self) -> usize {
        self.by_grain.values().map(|v| v.0).sum::<usize>() + self.negative.0
    }
    pub fn total(&self) -> usize {
        self.by_grain.values().map(|v| v.1).sum::<usize>() + self.negative.1
    }
    /// Share of positive and negative examples right.
    pub fn share(&self) -> f64 {
        if self.total() == 0 { 0.0 } else { self.correct() as f64 / self.total() as f64 }
    }
}

/// Duckling's reference time: Tuesday 2013-02-12 04:30:00.
pub fn reference() -> Anchor {
    Anchor { day: Some(cal::from_ymd(2013, 2, 12)), time: Some((4, 30, 0)), dir: Direction::Future }
}

const GRAINS: [&str; 7] = ["Second", "Minute", "Hour", "Day", "Week", "Month", "Year"];

/// Reads the corpus source. Unknown example forms are skipped.
pub fn parse(src: &str) -> Corpus {
    let mut c = Corpus::default();
    if let Some(neg) = src.find("negativeCorpus =")
        && let Some(ex) = src[neg..].find("examples =")
    {
        let at = neg + ex;
        if let Some(open) = src[at..].find('[') {
            c.negative = strings(&src[at + open..]).0;
        }
    }
    let mut rest = src;
    while let Some(k) = rest.find("examples (") {
        rest = &rest[k + "examples (".len()..];
        let Some(open) = rest.find('[') else { break };
        let header = &rest[..open];
        let (texts, used) = strings(&rest[open..]);
        rest = &rest[open + used..];
        let nums: Vec<i64> = header
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        let Some(grain) = header
            .split_whitespace()
            .map(|w| w.trim_matches(|c| c == ')' || c == '('))
            .find(|w| GRAINS.contains(w))
        else {
            continue;
        };
        let expected = match nums.len() {
            6 => point(&nums, grain),
            12 => interval(&nums[..6], &nums[6..], grain),
            _ => continue,
        };
        for text in texts {
            c.examples.push(Example { text, grain: grain.to_string(), expected: expected.clone() });
        }
    }
    c
}

/// The quoted strings of a `[ "a", "b" ]` list and the bytes read.
fn strings(s: &str) -> (Vec<String>, usize) {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match (&mut cur, c) {
            (None, ']') => return (out, i + 1),
            (None, '"') => cur = Some(String::new()),
            (Some(t), '"') => {
                out.push(std::mem::take(t));
                cur = None;
            }
            (Some(t), '\\') => {
                if let Some((_, n)) = chars.next() {
                    t.push(n);
                }
            }
            (Some(t), c) => t.push(c),
            (None, _) => {}
        }
    }
    (out, s.len())
}

/// Seconds since the epoch of a Duckling datetime tuple.
fn secs(n: &[i64]) -> i64 {
    cal::from_ymd(n[0] as i32, n[1] as u32, n[2] as u32) as i64 * 86400 + n[3] * 3600 + n[4] * 60 + n[5]
}

fn fmt(t: i64, grain: &str) -> String {
    let day = t.div_euclid(86400) as i32;
    let s = t.rem_euclid(86400);
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    let (y, mo, _) = cal::ymd(day);
    match grain {
        "Second" => format!("{}T{h:02}:{m:02}:{sec:02}", cal::fmt_day(day)),
        "Minute" => format!("{}T{h:02}:{m:02}", cal::fmt_day(day)),
        "Hour" => format!("{}T{h:02}:00", cal::fmt_day(day)),
        "Week" => cal::fmt_week(day),
        "Month" => format!("{y:04}-{mo:02}"),
        "Year" => format!("{y:04}"),
        _ => cal::fmt_day(day),
    }
}

fn point(n: &[i64], grain: &str) -> String {
    fmt(secs(n), grain)
}

/// An exclusive-end interval, inclusive at its grain; day-or-coarser intervals as days.
fn interval(a: &[i64], b: &[i64], grain: &str) -> String {
    let step = match grain {
        "Second" => 1,
        "Minute" => 60,
        "Hour" => 3600,
        _ => 86400,
    };
    let g = if step == 86400 { "Day" } else { grain };
    format!("{}/{}", fmt(secs(a), g), fmt(secs(b) - step, g))
}

/// Runs the extractor on every example (Future direction, Duckling's reference time).
pub fn evaluate(stage: &TimeStage, c: &Corpus) -> Report {
    let anchor = reference();
    let ref_day = cal::fmt_day(anchor.day.unwrap_or(0));
    let mut r = Report::default();
    for ex in &c.examples {
        let got = best(stage, &ex.text, &anchor).map(|v| on_day(&v, &ref_day));
        let ok = got.as_deref() == Some(ex.expected.as_str());
        let e = r.by_grain.entry(ex.grain.clone()).or_default();
        e.1 += 1;
        if ok {
            e.0 += 1;
        } else {
            r.failures.push(Failure {
                text: ex.text.clone(),
                grain: ex.grain.clone(),
                expected: ex.expected.clone(),
                got,
            });
        }
    }
    for text in &c.negative {
        r.negative.1 += 1;
        match best(stage, text, &anchor) {
            None => r.negative.0 += 1,
            Some(v) => r.failures.push(Failure {
                text: text.clone(),
                grain: "negative".into(),
                expected: "nothing".into(),
                got: Some(v),
            }),
        }
    }
    r
}

/// The value of the expression covering most of `text`.
fn best(stage: &TimeStage, text: &str, anchor: &Anchor) -> Option<String> {
    let tokens = rasid_arabic::tokenize::tokenize(text);
    let times = stage.extract(text, &tokens, anchor);
    times.into_iter().max_by_key(|t| t.span.len()).map(|t| t.value)
}

/// A bare clock time (`T15:00`, or a range of them) taken on `day`.
fn on_day(v: &str, day: &str) -> String {
    v.split('/')
        .map(|p| if p.starts_with('T') { format!("{day}{p}") } else { p.to_string() })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_example_forms() {
        let src = r#"
negativeCorpus = (context, testOptions, examples)
  where
    examples =
      [ "حب"
      , "اياب"
      ]
allExamples = concat
  [ examples (datetime (2013, 2, 12, 4, 30, 0) Second)
             [ "حالا"
             , "الان"
             ]
  , examples (datetimeInterval ((2013, 3, 1, 0, 0, 0), (2013, 3, 11, 0, 0, 0)) Day)
             [ "في اوائل اذار" ]
  , examples (datetime (2013, 2, 4, 0, 0, 0) Week)
             [ "الاسبوع الماضي" ]
  , examples (datetimeHoliday (2013, 10, 15, 0, 0, 0) Day "عيد الأضحى")
             [ "عيد الأضحى" ]
  , examples (datetimeInterval ((2013, 2, 12, 15, 0, 0), (2013, 2, 12, 17, 0, 0)) Hour)
             [ "من الساعة 3 الى الساعة 4 بعد العصر" ]
  ]"#;
        let c = parse(src);
        assert_eq!(c.negative, ["حب", "اياب"]);
        let got: Vec<(&str, &str)> =
            c.examples.iter().map(|e| (e.text.as_str(), e.expected.as_str())).collect();
        assert_eq!(
            got,
            [
                ("حالا", "2013-02-12T04:30:00"),
                ("الان", "2013-02-12T04:30:00"),
                ("في اوائل اذار", "2013-03-01/2013-03-10"),
                ("الاسبوع الماضي", "2013-W06"),
                ("عيد الأضحى", "2013-10-15"),
                ("من الساعة 3 الى الساعة 4 بعد العصر", "2013-02-12T15:00/2013-02-12T16:00"),
            ]
        );
    }

    /// The whole corpus, when `../shared` is there (skipped otherwise).
    #[test]
    fn duckling_corpus_share() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/corpus/timex/duckling-ar/Duckling_Time_AR_Corpus.hs"
        );
        let Ok(src) = std::fs::read_to_string(path) else {
            eprintln!("skipped: {path} not found");
            return;
        };
        let c = parse(&src);
        assert!(c.examples.len() > 150, "{}", c.examples.len());
        let r = evaluate(&TimeStage::new(), &c);
        assert!(r.share() >= 0.85, "share {:.3}: {:#?}", r.share(), r.failures);
    }
}
