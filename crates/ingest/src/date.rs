//! Publication dates: many spellings in, `YYYY-MM-DD` out.
//!
//! The date kept is the calendar date **as the publisher wrote it**, in the publisher's own time
//! zone: `Sun, 18 Feb 2018 23:35:43 -0500` is 2018-02-18 although it was already the 19th in UTC.
//! Readers of the page saw that date; converting to UTC would move late-evening articles to the
//! next day.

/// Normalises a date or timestamp to `YYYY-MM-DD`, or `None` when it is not understood or not a
/// real date.
///
/// Understood: ISO 8601 / RFC 3339 (`2018-02-18`, `2018-02-18T21:35:43+04:00`,
/// `2018-02-18 21:35`), `2018/02/18`, RFC 2822 (`Sun, 18 Feb 2018 21:35:43 +0400`) and English
/// month names (`18 February 2018`, `February 18, 2018`). Day-first and month-first numeric
/// dates (`03/04/2018`) are ambiguous and refused.
///
/// ```
/// use rasid_ingest::normalize_date;
/// assert_eq!(normalize_date("Sun, 18 Feb 2018 21:35:43 +0400").as_deref(), Some("2018-02-18"));
/// assert_eq!(normalize_date("2019-04-28T09:00:00Z").as_deref(), Some("2019-04-28"));
/// assert_eq!(normalize_date("2019-02-30"), None);
/// ```
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    iso(s).or_else(|| named_month(s)).map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

/// Checks a date given as an option: exactly `YYYY-MM-DD` and a real calendar date.
pub(crate) fn is_strict_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && iso(s).is_some()
}

fn is_leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn valid(y: u32, m: u32, d: u32) -> Option<(u32, u32, u32)> {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => return None,
    };
    ((1..=9999).contains(&y) && (1..=days).contains(&d)).then_some((y, m, d))
}

/// Parses a run of 1..=max ASCII digits at the start of `s`, returning the value and the rest.
fn digits(s: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take(max + 1).take_while(u8::is_ascii_digit).count();
    if n < min || n > max {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

/// `YYYY-MM-DD` or `YYYY/MM/DD`, optionally followed by a time (`T`, `t` or space).
fn iso(s: &str) -> Option<(u32, u32, u32)> {
    let (y, rest) = digits(s, 4, 4)?;
    let sep = rest.chars().next().filter(|c| *c == '-' || *c == '/')?;
    let (m, rest) = digits(&rest[1..], 1, 2)?;
    let rest = rest.strip_prefix(sep)?;
    let (d, rest) = digits(rest, 1, 2)?;
    match rest.chars().next() {
        None | Some('T' | 't' | ' ') => valid(y, m, d),
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// Matches a full English name or its three-letter (optionally dotted) abbreviation.
fn name_index(word: &str, names: &[&str]) -> Option<usize> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    names
        .iter()
        .position(|n| *n == w || (w.len() == 3 && n.starts_with(&w)) || (w == "sept" && *n == "september"))
}

/// RFC 2822 and English month-name dates: `[Weekday,] D Mon YYYY ...` or `Mon D, YYYY ...`.
fn named_month(s: &str) -> Option<(u32, u32, u32)> {
    let mut words = s.split([' ', ',', '\t']).filter(|w| !w.is_empty()).peekable();
    if words.peek().is_some_and(|w| name_index(w, &WEEKDAYS).is_some()) {
        words.next();
    }
    let (a, b, c) = (words.next()?, words.next()?, words.next()?);
    let year = |w: &str| -> Option<u32> {
        let (y, rest) = digits(w, 2, 4)?;
        if !rest.is_empty() || w.len() == 3 {
            return None;
        }
        // RFC 2822's obsolete two-digit years.
        Some(if w.len() == 2 { if y < 50 { 2000 + y } else { 1900 + y } } else { y })
    };
    let day = |w: &str| -> Option<u32> {
        let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // 18th, 1st
        let (d, rest) = digits(w, 1, 2)?;
        rest.is_empty().then_some(d)
    };
    if let (Some(d), Some(m), Some(y)) = (day(a), name_index(b, &MONTHS), year(c)) {
        return valid(y, m as u32 + 1, d);
    }
    if let (Some(m), Some(d), Some(y)) = (name_index(a, &MONTHS), day(b), year(c)) {
        return valid(y, m as u32 + 1, d);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("2018-02-18", Some("2018-02-18")),
            ("  2018-2-8 ", Some("2018-02-08")),
            ("2018/02/18", Some("2018-02-18")),
            ("2018-02-18T21:35:43+04:00", Some("2018-02-18")),
            ("2018-02-18T21:35:43.123Z", Some("2018-02-18")),
            ("2018-02-18 21:35:43", Some("2018-02-18")),
            ("Sun, 18 Feb 2018 21:35:43 +0400", Some("2018-02-18")),
            ("18 Feb 2018 21:35:43 GMT", Some("2018-02-18")),
            ("Sun, 18 Feb 18 21:35:43 +0400", Some("2018-02-18")),
            ("Thursday, 1 March 2018", Some("2018-03-01")),
            ("February 18, 2018", Some("2018-02-18")),
            ("Sept. 3, 2019", Some("2019-09-03")),
            ("3rd May 2019", Some("2019-05-03")),
            ("2016-02-29", Some("2016-02-29")),
            ("2018-02-29", None),
            ("1900-02-29", None),
            ("2000-02-29", Some("2000-02-29")),
            ("2018-13-01", None),
            ("2018-00-10", None),
            ("2018-02-18x", None),
            ("2018-02/18", None),
            ("03/04/2018", None),
            ("18 Foo 2018", None),
            ("الأحد 18 فبراير 2018", None),
            ("", None),
            ("yesterday", None),
            ("١٨-٠٢-٢٠١٨", None),
        ];
        for (input, want) in cases {
            assert_eq!(normalize_date(input).as_deref(), want, "{input:?}");
        }
    }

    #[test]
    fn strict() {
        assert!(is_strict_date("2019-04-28"));
        assert!(!is_strict_date("2019-4-28"));
        assert!(!is_strict_date("2019-04-31"));
        assert!(!is_strict_date("2019-04-28T00:00"));
        assert!(!is_strict_date("2019/04/28"));
    }
}
