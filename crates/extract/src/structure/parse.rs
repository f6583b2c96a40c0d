//! Shapes recognised inside one line: how it ends, a credit at its end, a dateline at its head,
//! a line made only of agency names.
//!
//! Every function takes a line already trimmed of surrounding space and looks at a bounded part
//! of it (the head for datelines, the tail for credits), so classifying a line costs little more
//! than reading it once.

use super::cues::{
    AGENCIES, CITIES, CREDIT, LATIN_CREDIT_ENDS, LATIN_CREDIT_MARKERS, PHOTO_CREDITS, at_boundary, fold,
    fold_eq, fold_prefix, match_cue,
};
use rasid_arabic::chars::{is_arabic_letter, is_dash, is_latin_letter};

/// A letter of any script, testing the common ones first.
#[inline]
fn is_letter(c: char) -> bool {
    is_arabic_letter(c) || is_latin_letter(c) || (!c.is_ascii() && c.is_alphabetic())
}

/// How a line ends, after closing quotes and brackets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum End {
    /// A letter, digit or anything that is not sentence punctuation.
    #[default]
    Open,
    Period,
    /// `..`, `...` or `…`: headlines use them to join clauses.
    Ellipsis,
    Bang,
    Question,
    Colon,
    /// A comma or semicolon: the sentence goes on.
    Comma,
}

#[inline]
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '»' | '«' | '”' | '“' | '’' | '‘' | ')' | ']' | '}' | '›' | '‹' | '*' | '>')
}

pub(crate) fn end_kind(s: &str) -> End {
    let t = s.trim_end_matches(|c: char| c.is_whitespace() || is_closer(c) || fold(c).is_none());
    let mut r = t.chars().rev();
    match r.next() {
        Some('.') => {
            if r.next() == Some('.') {
                End::Ellipsis
            } else {
                End::Period
            }
        }
        Some('…') => End::Ellipsis,
        Some('۔') => End::Period,
        Some('!') => End::Bang,
        Some('?' | '؟') => End::Question,
        Some(':' | '：') => End::Colon,
        Some('،' | ',' | '؛' | ';') => End::Comma,
        _ => End::Open,
    }
}

/// The largest char boundary of `s` at or before `i`.
#[inline]
fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The last `n` bytes of `s` or a little more, starting on a char boundary.
#[inline]
fn tail(s: &str, n: usize) -> &str {
    &s[floor_boundary(s, s.len().saturating_sub(n))..]
}

#[inline]
fn is_list_sep(c: char) -> bool {
    matches!(c, '/' | '+' | '-' | '–' | '—' | '،' | ',' | '|' | '&' | '؛' | ';' | '\\')
}

#[inline]
fn is_wrapper(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '*' | '«' | '»' | '"' | '“' | '”' | '.')
}

/// A line (or bracket) made only of agency, outlet and picture-credit names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AgencyList {
    /// One of the names only ever credits a picture (an archive, social media, Getty).
    pub photo: bool,
}

/// `s` as nothing but agency and outlet names joined by `/`, `+`, dashes or commas:
/// «فرانس24/ أ ف ب» "France24/AFP", «(رويترز)» "(Reuters)", «الجزيرة + وكالات»,
/// «(رويترز-أرشيف)» "(Reuters-archive)".
pub(crate) fn agency_list(s: &str) -> Option<AgencyList> {
    let s = s.trim_matches(is_wrapper);
    let (mut n, mut photo) = (0, false);
    for seg in s.split(is_list_sep) {
        let seg = seg.trim_matches(is_wrapper);
        if seg.is_empty() {
            continue;
        }
        n += 1;
        if n > 5 {
            return None;
        }
        if PHOTO_CREDITS.iter().any(|a| fold_eq(seg, a)) {
            photo = true;
        } else if !AGENCIES.iter().any(|a| fold_eq(seg, a)) {
            return None;
        }
    }
    (n > 0).then_some(AgencyList { photo })
}

#[inline]
pub(crate) fn is_agency_list(s: &str) -> bool {
    agency_list(s).is_some()
}

/// The byte length of the listed agency that `s` starts with (the longest ending at a word
/// boundary), if any.
fn agency_prefix(s: &str) -> Option<usize> {
    let mut best = None;
    for a in AGENCIES {
        if let Some(n) = fold_prefix(s, a)
            && at_boundary(&s[n..])
            && best.is_none_or(|b| n > b)
        {
            best = Some(n);
        }
    }
    best
}

/// The byte length of a short «quoted» outlet name that `s` starts with: «القدس العربي»
/// "Al-Quds Al-Arabi", «الشرق الأوسط» "Asharq Al-Awsat".
fn quoted_outlet(s: &str) -> Option<usize> {
    let open = s.chars().next()?;
    let close = match open {
        '«' => '»',
        '"' => '"',
        '“' => '”',
        _ => return None,
    };
    let inner_start = open.len_utf8();
    let len = s[inner_start..].find(close)?;
    let inner = &s[inner_start..inner_start + len];
    let words = inner.split_whitespace().count();
    (len <= 60 && (1..=3).contains(&words) && inner.chars().any(char::is_alphabetic))
        .then_some(inner_start + len + close.len_utf8())
}

/// A credit at the end of a caption.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Credit {
    /// Where the credit starts; `0` when the line is only a credit.
    pub start: usize,
    /// A Latin credit (REUTERS/Name, Getty Images ...), which body text never ends with.
    pub latin: bool,
    /// The text before the credit ends with a period (body sentences do, captions rarely).
    pub period_before: bool,
}

/// A photo credit closing the line: a parenthesised agency («... (رويترز)» "(Reuters)") or, when
/// the line has Latin letters, a Latin credit ("... 2019. REUTERS/Ismail Zitouny").
pub(crate) fn credit_suffix(s: &str, has_latin: bool) -> Option<Credit> {
    paren_credit(s).or_else(|| copyright(s)).or_else(|| if has_latin { latin_credit(s) } else { None })
}

/// «... © أ ف ب» "... © AFP": a copyright sign and a short name close the line.
fn copyright(s: &str) -> Option<Credit> {
    let k = tail(s, 80).rfind('©')? + s.len() - tail(s, 80).len();
    let after = &s[k + '©'.len_utf8()..];
    let words = after.split_whitespace().count();
    ((1..=6).contains(&words) && !after.contains(['.', '،', ',']) || after.trim().is_empty() && k > 0)
        .then(|| Credit { start: k, latin: true, period_before: s[..k].trim_end().ends_with('.') })
}

/// Words that, right before a parenthesised agency, show it is the gloss of a name in running
/// text («وكالة الأنباء السعودية (واس)» "the Saudi Press Agency (SPA)"), not a photo credit.
const GLOSSED: &[&str] =
    &["وكال", "لوكال", "بوكال", "قناه", "لقناه", "صحيفه", "لصحيفه", "موقع", "لموقع", "شبكه", "لشبكه"];

/// True when a bracketed agency after `prefix` would gloss a name in running text.
fn glossed(prefix: &str) -> bool {
    tail(prefix, 90).contains("وكال")
        || tail(prefix, 40).contains("gency")
        || prefix
            .split_whitespace()
            .next_back()
            .is_some_and(|last| GLOSSED.iter().any(|g| fold_prefix(last, g).is_some()))
}

fn paren_credit(s: &str) -> Option<Credit> {
    let body = s.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let inner = body[open + 1..].trim();
    if body.len() - open > 90 || !(is_agency_list(inner) || match_cue(inner, CREDIT).is_some()) {
        return None;
    }
    let prefix = s[..open].trim_end();
    if glossed(prefix) {
        return None;
    }
    Some(Credit { start: open, latin: false, period_before: prefix.ends_with('.') })
}

fn latin_credit(s: &str) -> Option<Credit> {
    let t = tail(s, 120);
    let base = s.len() - t.len();
    let mut best: Option<usize> = None;
    let mut consider = |at: usize| {
        if at == 0
            || s[..at]
                .ends_with(|c: char| c.is_whitespace() || matches!(c, '.' | '(' | '/' | '-' | '|' | ','))
        {
            best = Some(best.map_or(at, |b| b.min(at)));
        }
    };
    for m in LATIN_CREDIT_MARKERS {
        if let Some(k) = t.rfind(m) {
            let after = &s[base + k + m.len()..];
            if after.split_whitespace().count() <= 6 && !after.chars().any(is_arabic_letter) {
                consider(base + k);
            }
        }
    }
    for e in LATIN_CREDIT_ENDS {
        if let Some(head) = s.strip_suffix(e) {
            // "... in Gaza. AFP", "... Gharabli/AFP": the credit follows a full stop or a slash.
            let prev = head.trim_end().chars().next_back();
            if head.is_empty() || head.ends_with('/') || matches!(prev, Some('.' | '/' | '-' | '|')) {
                consider(head.len());
            }
        }
    }
    let mut start = best?;
    // A photographer's name joined to the agency by a slash belongs to the credit:
    // "... 2019. Ahmed Gharabli/AFP".
    if s[..start].ends_with('/') {
        let mut spaces = 0;
        let mut k = start - 1;
        for (i, c) in s[..start - 1].char_indices().rev() {
            if matches!(c, '.' | '(' | '|') {
                break;
            }
            if c.is_whitespace() {
                spaces += 1;
                if spaces > 3 {
                    break;
                }
            }
            k = i;
        }
        start = k + (s[k..].len() - s[k..].trim_start().len());
    }
    let period_before = s[..start].trim_end().ends_with('.');
    Some(Credit { start, latin: true, period_before })
}

/// A dateline at the head of a line: `s[..end]` is the dateline, `s[rest..]` the paragraph that
/// follows it (empty when the dateline is the whole line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Dateline {
    pub end: usize,
    pub rest: usize,
}

/// After optional space, a run of dashes and colons (with spaces between): returns the byte
/// offset just after the run, or `None` when there is none.
fn consume_seps(s: &str, from: usize) -> Option<usize> {
    let mut end = None;
    for (i, c) in s[from..].char_indices() {
        if i > 16 {
            break;
        }
        // A tatweel is a dash only standing apart: «(رويترز)ـقال» is a tatweel inside «ـقال».
        let tatweel_dash =
            c == 'ـ' && !s[from + i + c.len_utf8()..].starts_with(rasid_arabic::chars::is_arabic_word_char);
        if is_dash(c) || matches!(c, ':' | '：') || tatweel_dash {
            end = Some(from + i + c.len_utf8());
        } else if !c.is_whitespace() {
            break;
        }
    }
    end
}

/// The offset of the first non-space character at or after `from`.
#[inline]
fn skip_ws(s: &str, from: usize) -> usize {
    s.len() - s[from..].trim_start().len()
}

/// Recognises a dateline at the head of `s`:
/// - a place and a bracketed agency before a dash: «واشنطن (رويترز) -» "Washington (Reuters) -",
///   «دبي، الإمارات العربية المتحدة (CNN)--» "Dubai, UAE (CNN)--";
/// - a place, a dash and an agency, then a dash, a colon or the end of the line: «بيروت - رويترز:»
///   "Beirut - Reuters:", «دبي - العربية.نت» "Dubai - Al Arabiya.net";
///
/// and, only under the headline and before the body (`head`), with a listed city:
/// - a city and a «quoted» outlet: «لندن – «القدس العربي»:», «لندن: «الشرق الأوسط»»;
/// - a city and a reporter's name alone on the line: «القاهرة - أحمد الريدي» "Cairo - Ahmed
///   al-Ridi";
/// - an outlet or a reporter and a city: «الجزيرة نت-القاهرة» "Al Jazeera Net - Cairo», «أحمد عبد
///   العال-غزة»;
/// - a city and its country: «فيينا، النمسا» "Vienna, Austria".
///
/// The place is at most five words without digits or sentence punctuation. A colon never
/// separates a place from a bare agency: «اللغة: العربية» is "language: Arabic".
pub(crate) fn dateline(s: &str, head: bool) -> Option<Dateline> {
    let mut words = 0;
    let mut in_word = false;
    let mut letters = false;
    let mut prev_space = true;
    for (i, c) in s.char_indices() {
        if i > 140 {
            return None;
        }
        match c {
            '(' => return paren_form(s, i),
            c if (is_dash(c) || c == ':' || (c == 'ـ' && prev_space)) => {
                return if letters { sep_form(s, i, head) } else { None };
            }
            c if c.is_whitespace() || c == '،' || c == ',' => in_word = false,
            '.' | '\'' | '’' => {}
            c if is_letter(c) || fold(c).is_none() => {
                if !in_word {
                    words += 1;
                    if words > 5 {
                        return None;
                    }
                    in_word = true;
                }
                letters = true;
            }
            _ => return None,
        }
        prev_space = c.is_whitespace();
    }
    // «فيينا، النمسا» "Vienna, Austria" alone on its line under the headline.
    let city = s.split(['،', ',']).next().unwrap_or("").trim();
    (head && s.len() > city.len() && CITIES.iter().any(|c| fold_eq(city, c)))
        .then_some(Dateline { end: s.len(), rest: s.len() })
}

fn paren_form(s: &str, open: usize) -> Option<Dateline> {
    let len = s[open + 1..].find(')')?;
    if len > 60 || !is_agency_list(&s[open + 1..open + 1 + len]) || glossed(&s[..open]) {
        return None;
    }
    let end = consume_seps(s, open + 1 + len + 1)?;
    Some(Dateline { end, rest: skip_ws(s, end) })
}

fn sep_form(s: &str, sep: usize, head: bool) -> Option<Dateline> {
    let colon = s[sep..].starts_with([':', '：']);
    let after = consume_seps(s, sep)?;
    let r0 = skip_ws(s, after);
    let rest = &s[r0..];
    // «بيروت - رويترز:» "Beirut - Reuters:". A colon does not separate place and agency: «اللغة:
    // العربية» is "language: Arabic", not "Language - Al Arabiya".
    if !colon && let Some(n) = agency_prefix(rest) {
        let k = r0 + n;
        if let Some(end) = consume_seps(s, k) {
            return Some(Dateline { end, rest: skip_ws(s, end) });
        }
        // Without a closing dash or colon only a whole line is a dateline: «بيروت - وكالات
        // الإغاثة ...» "Beirut - relief agencies ..." is a sentence.
        return (k == s.len()).then_some(Dateline { end: k, rest: k });
    }
    // The forms without an agency need a listed city and the head of the article: in a headline
    // «روما: "ليفربول ليس محمد صلاح وحده"» "Roma: 'Liverpool is not Salah alone'" is a quote.
    if !head {
        return None;
    }
    let place = s[..sep].trim();
    if !CITIES.iter().any(|c| fold_eq(place, c)) {
        return if colon { None } else { reporter_city(s) };
    }
    if let Some(n) = quoted_outlet(rest) {
        let mut k = r0 + n;
        k += reporter(&s[k..]).unwrap_or(0);
        if let Some(end) = consume_seps(s, k) {
            return Some(Dateline { end, rest: skip_ws(s, end) });
        }
        return (k == s.len()).then_some(Dateline { end: k, rest: k });
    }
    // «القاهرة - أحمد الريدي» "Cairo - Ahmed al-Ridi" alone on its line.
    (!colon && is_name(rest)).then_some(Dateline { end: s.len(), rest: s.len() })
}

/// «الجزيرة نت-القاهرة» "Al Jazeera Net - Cairo", «أحمد عبد العال-غزة» "Ahmed Abdel Al - Gaza":
/// an outlet or a reporter, a dash, and a listed city, alone on a line under the headline.
fn reporter_city(s: &str) -> Option<Dateline> {
    let k = s.rfind(is_dash)?;
    let city = s[k..].trim_start_matches(is_dash).trim();
    let who = s[..k].trim();
    (CITIES.iter().any(|c| fold_eq(city, c)) && (is_agency_list(who) || is_name(who)))
        .then_some(Dateline { end: s.len(), rest: s.len() })
}

/// «من أشرف الهور» "from Ashraf al-Hour" between an outlet and the colon that ends a dateline:
/// the length up to the colon.
fn reporter(t: &str) -> Option<usize> {
    let u = t.trim_start();
    let n = fold_prefix(u, "من ")?;
    let colon = u[n..].find(':')?;
    let name = &u[n..n + colon];
    let words = name.split_whitespace().count();
    ((1..=5).contains(&words) && name.chars().all(|c| c.is_alphabetic() || c.is_whitespace() || c == '.'))
        .then_some(t.len() - u.len() + n + colon)
}

/// One to four words of letters: a person's name.
fn is_name(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (1..=4).contains(&words)
        && s.chars().all(|c| c.is_alphabetic() || c.is_whitespace() || c == '.' || fold(c).is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str, head: bool) -> Option<(&str, &str)> {
        dateline(s, head).map(|d| (&s[..d.end], &s[d.rest..]))
    }

    #[test]
    fn datelines() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            // "Beirut - Reuters: the army said"
            ("بيروت - رويترز: قال الجيش", Some(("بيروت - رويترز:", "قال الجيش"))),
            // "Washington (Reuters) - the ministry announced"
            ("واشنطن (رويترز) - أعلنت الوزارة", Some(("واشنطن (رويترز) -", "أعلنت الوزارة"))),
            ("دبي - العربية.نت", Some(("دبي - العربية.نت", ""))),
            ("دبي ـ العربية.نت", Some(("دبي ـ العربية.نت", ""))),
            // a tatweel glued to the next word is part of it, not a dash
            ("القاهرة (رويترز)ـقال الرئيس", None),
            ("القاهرة - أ ف ب", Some(("القاهرة - أ ف ب", ""))),
            (
                "دبي، الإمارات العربية المتحدة (CNN)-- أشاد الرئيس",
                Some(("دبي، الإمارات العربية المتحدة (CNN)--", "أشاد الرئيس")),
            ),
            ("(CNN)--\u{a0}خبيرة الأسواق", Some(("(CNN)--", "خبيرة الأسواق"))),
            ("لندن – «القدس العربي»: قالت", Some(("لندن – «القدس العربي»:", "قالت"))),
            ("غزة - «القدس العربي» من أشرف الهور: قال", Some(("غزة - «القدس العربي» من أشرف الهور:", "قال"))),
            (
                "TRIPOLI, Libya (Reuters) - Libyan forces",
                Some(("TRIPOLI, Libya (Reuters) -", "Libyan forces")),
            ),
            ("القاهرة - أحمد الريدي", Some(("القاهرة - أحمد الريدي", ""))),
            ("لندن: «الشرق الأوسط»", Some(("لندن: «الشرق الأوسط»", ""))),
            // Not datelines: a headline with a colon, a dash inside a sentence, a hyphenated
            // adjective, a city and name below the head of the article.
            ("التحالف: إفشال هجوم حوثي-إيراني", None),
            ("ويقول المرصد إن مفاوضات - توسطت في عقدها", None),
            ("هجوم حوثي-إيراني على ناقلة", None),
            ("بيروت - وكالات الإغاثة تحذر", None),
            // "the two factions - Faylaq al-Rahman and Jaysh al-Islam - had denied"
            ("وكان الفصيلان - \"فيلق الرحمن\" و\"جيش الاسلام\" قد نفيا", None),
            ("- نفت هيئة الطيران", None),
            // "Language: Arabic"; "Elissa to Ahlam: 'by force ...'"; "Roma: 'Liverpool is not
            // Mohamed Salah alone'"; "Saban told the German news agency (dpa):".
            ("اللغة: العربية", None),
            ("إليسا لأحلام: \"بالقوة عايزينا نعمل مشكل\"", None),
            ("روما: \"ليفربول ليس محمد صلاح وحده\"", None),
            ("وقال سبان لوكالة الأنباء الألمانية (د.ب.أ) :", None),
        ];
        for (s, want) in cases {
            assert_eq!(split(s, true), *want, "{s}");
        }
        assert_eq!(split("القاهرة - أحمد الريدي", false), None);
        assert_eq!(split("فيينا، النمسا", true), Some(("فيينا، النمسا", "")));
        assert_eq!(split("الجزيرة نت-القاهرة", true), Some(("الجزيرة نت-القاهرة", "")));
        assert_eq!(split("أحمد عبد العال-غزة", true), Some(("أحمد عبد العال-غزة", "")));
        assert_eq!(split("أحمد عبد العال-غزة", false), None);
        assert_eq!(split("فيينا، النمسا", false), None);
    }

    #[test]
    fn credits() {
        let s = "Members gather in Tripoli, Libya April 28, 2019. REUTERS/Ismail Zitouny";
        let c = credit_suffix(s, true).unwrap();
        assert_eq!(&s[c.start..], "REUTERS/Ismail Zitouny");
        assert!(c.latin);
        // "... and the start of negotiations (Reuters)"
        let s = "وقف الحرب وبدء المفاوضات (رويترز)";
        assert_eq!(&s[credit_suffix(s, false).unwrap().start..], "(رويترز)");
        let s = "Protesters in Gaza. Ahmed Gharabli/AFP/Getty Images";
        assert_eq!(&s[credit_suffix(s, true).unwrap().start..], "Ahmed Gharabli/AFP/Getty Images");
        assert_eq!(credit_suffix("REUTERS/Ismail Zitouny", true).unwrap().start, 0);
        // "... according to the Saudi Press Agency (SPA)": a glossed name, not a credit.
        assert_eq!(credit_suffix("حسبما نقلت وكالة الأنباء السعودية (واس)", false), None);
        assert_eq!(credit_suffix("بحسب ما نقلته وكالة الأنباء السعودية الرسمية (واس).", false), None);
        // "he said on the channel (Al Arabiya)"
        assert_eq!(credit_suffix("وقال لقناة (العربية)", false), None);
        assert_eq!(credit_suffix("ناطق باسم الحكومة (2019)", false), None);
        // "... (Reuters-archive)", "... © AFP"
        let s = "مقاتلون قرب العاصمة (رويترز-أرشيف)";
        assert_eq!(&s[credit_suffix(s, false).unwrap().start..], "(رويترز-أرشيف)");
        let s = "مقاتلون قرب العاصمة © أ ف ب";
        assert_eq!(&s[credit_suffix(s, false).unwrap().start..], "© أ ف ب");
    }

    #[test]
    fn agency_lists() {
        assert!(is_agency_list("فرانس24/ أ ف ب"));
        assert!(is_agency_list("فرانس 24/ أ ف ب/ رويترز"));
        assert!(is_agency_list("(رويترز)"));
        assert!(is_agency_list("الجزيرة + وكالات"));
        assert!(is_agency_list("EPA-EFE"));
        assert!(!is_agency_list("الجزيرة تقول"));
        assert!(!is_agency_list(""));
        assert_eq!(agency_list("أرشيفية"), Some(AgencyList { photo: true }));
        assert_eq!(agency_list("رويترز"), Some(AgencyList { photo: false }));
    }

    #[test]
    fn ends() {
        assert_eq!(end_kind("لماذا الآن؟"), End::Question); // "why now?"
        assert_eq!(end_kind("قال \"نعم\"."), End::Period);
        assert_eq!(end_kind("\"عمل جبان\""), End::Open);
        assert_eq!(end_kind("صافرة أخيرة.."), End::Ellipsis);
        assert_eq!(end_kind("وتطرق الطرفان لعدة محاور:"), End::Colon);
        assert_eq!(end_kind("x (رويترز)"), End::Open);
    }
}
