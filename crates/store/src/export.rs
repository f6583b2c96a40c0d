//! Reading the collection out: flat records of articles, attributions, events and places,
//! streamed one at a time to a callback, for `rasid export` (CSV, JSON Lines, GeoJSON) and later
//! the HTTP API.
//!
//! Every record is flat (no nested values), so one `Serialize` gives a CSV row, a JSON object
//! and GeoJSON properties alike. Records are produced while the query runs: nothing is
//! collected first, so exporting a large collection takes the memory of one article. The
//! callback returns [`ControlFlow::Break`] to stop early (a closed pipe, a full disk); the
//! caller keeps its own error.
//!
//! [`Filters`] select articles (entity mentioned, outlet, publication dates, an event of a
//! type); the records are those of the selected articles. For events the event type also
//! selects the events themselves.

use crate::error::SqlContext;
use crate::{Filters, SqliteStore, Store, StoreError};
use rasid_core::DocJson;
use rasid_core::Polarity;
use rasid_core::json::{ArgJson, EventJson};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::ControlFlow;

/// A callback receiving records one by one.
pub type Sink<'a, T> = &'a mut dyn FnMut(T) -> ControlFlow<()>;

/// Read access to every record of a collection, for exports. Part of [`crate::Store`].
pub trait Export {
    /// Articles, oldest store number first.
    fn each_article(&self, f: &Filters, sink: Sink<'_, ArticleRecord>) -> Result<(), StoreError>;
    /// Attributions (who said what), by article then order in the article.
    fn each_attribution(&self, f: &Filters, sink: Sink<'_, AttributionRecord>) -> Result<(), StoreError>;
    /// Events in ACLED-like columns, by article then order in the article.
    fn each_event(&self, f: &Filters, sink: Sink<'_, EventRecord>) -> Result<(), StoreError>;
    /// Distinct places (one per identity with coordinates), most articles first.
    fn each_place(&self, f: &Filters, sink: Sink<'_, PlaceRecord>) -> Result<(), StoreError>;
}

/// One article with the size of each of its analysis layers.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ArticleRecord {
    /// The store's article number.
    pub id: i64,
    /// The article's own id (file stem, JSON Lines `id`).
    pub doc: String,
    pub url: Option<String>,
    /// The outlet.
    pub source: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Length of the text in code points.
    pub chars: u64,
    pub entities: u64,
    pub attributions: u64,
    pub contradictions: u64,
    pub events: u64,
    pub times: u64,
}

/// One act of reporting: who said what, affirmed or denied, through whom.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AttributionRecord {
    pub article: i64,
    /// The attribution's index in the article (`attributions[n]` of its JSON).
    pub n: u32,
    /// The article's publication date.
    pub date: Option<String>,
    pub outlet: Option<String>,
    /// The speaker's words in the text (empty for an implicit subject).
    pub speaker: Option<String>,
    /// The most specific name the article gives the speaker.
    pub speaker_resolved: Option<String>,
    /// The speaker's identity across articles (`gna-libya`, `x:per:...`).
    pub canonical: Option<String>,
    pub anonymous: bool,
    pub cue: String,
    /// The kind of cue (`verb`, `marker`, `relay` ...).
    pub kind: Option<String>,
    /// `affirm` or `deny`.
    pub polarity: String,
    /// Quoted word for word.
    pub direct: bool,
    pub content: String,
    /// The intermediary («مراسل الجزيرة» "Al Jazeera's correspondent") of a relayed statement.
    pub via: Option<String>,
    /// The attribution this one is nested in.
    pub parent: Option<u32>,
    pub doc: String,
    pub url: Option<String>,
}

/// One event, with columns named and typed like ACLED's exports where a column has an ACLED
/// counterpart. Unknown counts are empty, not 0: a report that does not say is not a report of
/// none.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EventRecord {
    /// `<article>-<n>`: unique in the store.
    pub event_id_cnty: String,
    /// The first day of the event's date; the article's publication date when the text gives
    /// none (see `date_basis`).
    pub event_date: Option<String>,
    /// The last day, when the date is a range (a week, a month, "the past days").
    pub event_date_to: Option<String>,
    /// ACLED's: 1 the day is known, 2 within a week, 3 a longer period; empty without a date.
    pub time_precision: Option<u8>,
    /// `text` (a date the article gives for the event) or `published` (its publication date).
    pub date_basis: Option<&'static str>,
    /// ACLED's event type (`Battles`, `Explosions/Remote violence` ...).
    pub event_type: String,
    /// rasid's finer type (`armed_clash`, `air_strike`, `arrest` ...).
    pub sub_event_type: String,
    /// The agent (who acted), as written, and its identity.
    pub actor1: Option<String>,
    pub actor1_id: Option<String>,
    /// The target (who was acted on).
    pub actor2: Option<String>,
    pub actor2_id: Option<String>,
    /// ISO 3166 code of the place's country.
    pub country: Option<String>,
    /// The place as written, and its identity (`geonames:2210247`, `country:LY`).
    pub location: Option<String>,
    pub location_id: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// ACLED's: 1 the place itself, 2 near it (a place the catalogue lacks, placed at the one the
    /// text puts it next to), 3 a country (placed at its capital); empty without coordinates.
    pub geo_precision: Option<u8>,
    /// The outlet and the article.
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub published: Option<String>,
    pub article: i64,
    pub doc: String,
    /// The sentence that reports the event (whitespace collapsed).
    pub notes: String,
    /// The word that reports it («غارة» "raid").
    pub trigger: String,
    pub fatalities: Option<u32>,
    pub injured: Option<u32>,
    pub arrested: Option<u32>,
    /// Who reports the event, when it is inside someone's statement: a claim, not a fact.
    pub claimed_by: Option<String>,
    /// `affirm` or `deny`: how the claim is stated.
    pub claim_polarity: Option<String>,
    /// The text says the event did not happen.
    pub negated: bool,
}

/// A place: one row per identity with coordinates in the selected articles.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PlaceRecord {
    /// `geonames:2210247`, `country:LY`, or an id made from the name for places the catalogue
    /// lacks.
    pub place_id: String,
    pub name: Option<String>,
    pub name_en: Option<String>,
    /// ISO 3166 code of its country.
    pub country: Option<String>,
    /// `place` (in the catalogue), `country` (placed at its capital) or `near` (a place the
    /// catalogue lacks, placed at the one the text puts it next to).
    pub kind: &'static str,
    pub latitude: f64,
    pub longitude: f64,
    /// Selected articles mentioning it.
    pub articles: u64,
    /// Events placed there in those articles.
    pub events: u64,
    /// Publication dates of the first and last of those articles.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// Runs `sql` (ending with the filter conditions appended by [`where_articles`] and `tail`) and
/// hands each row to `row`, stopping when it breaks.
fn stream(
    conn: &rusqlite::Connection,
    head: &str,
    f: &Filters,
    tail: &str,
    what: &'static str,
    mut row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<ControlFlow<()>>,
) -> Result<(), StoreError> {
    f.check()?;
    let mut sql = head.to_string();
    let mut args = Vec::new();
    crate::sqlite::where_articles(f, &mut sql, &mut args);
    sql.push_str(tail);
    let mut st = conn.prepare(&sql).what(what)?;
    let mut rows = st.query(rusqlite::params_from_iter(args)).what(what)?;
    while let Some(r) = rows.next().what(what)? {
        if row(r).what(what)?.is_break() {
            break;
        }
    }
    Ok(())
}

impl Export for SqliteStore {
    fn each_article(&self, f: &Filters, sink: Sink<'_, ArticleRecord>) -> Result<(), StoreError> {
        let count = |t: &str| format!("(SELECT count(*) FROM {t} x WHERE x.article = a.id)");
        let head = format!(
            "SELECT a.id, a.doc, a.url, a.source, a.title, a.published, length(a.text), {}, {}, {}, {}, {}
             FROM articles a WHERE 1",
            count("entities"),
            count("attributions"),
            count("contradictions"),
            count("events"),
            count("times")
        );
        stream(self.connection(), &head, f, " ORDER BY a.id", "exporting articles", |r| {
            Ok(sink(ArticleRecord {
                id: r.get(0)?,
                doc: r.get(1)?,
                url: r.get(2)?,
                source: r.get(3)?,
                title: r.get(4)?,
                published: r.get(5)?,
                chars: r.get::<_, i64>(6)? as u64,
                entities: r.get::<_, i64>(7)? as u64,
                attributions: r.get::<_, i64>(8)? as u64,
                contradictions: r.get::<_, i64>(9)? as u64,
                events: r.get::<_, i64>(10)? as u64,
                times: r.get::<_, i64>(11)? as u64,
            }))
        })
    }

    fn each_attribution(&self, f: &Filters, sink: Sink<'_, AttributionRecord>) -> Result<(), StoreError> {
        let head = "SELECT t.article, t.n, a.published, a.source, t.speaker, t.speaker_resolved,
                    t.speaker_canonical, t.anonymous, t.cue, t.kind, t.polarity, t.direct, t.content,
                    t.via, t.parent, a.doc, a.url
                    FROM attributions t JOIN articles a ON a.id = t.article WHERE 1";
        stream(self.connection(), head, f, " ORDER BY t.article, t.n", "exporting attributions", |r| {
            Ok(sink(AttributionRecord {
                article: r.get(0)?,
                n: r.get(1)?,
                date: r.get(2)?,
                outlet: r.get(3)?,
                speaker: r.get(4)?,
                speaker_resolved: r.get(5)?,
                canonical: r.get(6)?,
                anonymous: r.get(7)?,
                cue: r.get(8)?,
                kind: r.get(9)?,
                polarity: r.get(10)?,
                direct: r.get(11)?,
                content: r.get(12)?,
                via: r.get(13)?,
                parent: r.get(14)?,
                doc: r.get(15)?,
                url: r.get(16)?,
            }))
        })
    }

    fn each_event(&self, f: &Filters, sink: Sink<'_, EventRecord>) -> Result<(), StoreError> {
        // Notes need the sentence around the trigger and a claim its speaker: both come from the
        // stored analysis, read one article at a time through `Store::article` (which knows
        // how the analysis is stored).
        let head = "SELECT a.id FROM articles a WHERE EXISTS (SELECT 1 FROM events v WHERE v.article = a.id)";
        let mut failed = None;
        stream(self.connection(), head, f, " ORDER BY a.id", "exporting events", |r| {
            let id: i64 = r.get(0)?;
            let doc = match self.article(id) {
                Ok(Some(d)) => d,
                Ok(None) => return Ok(ControlFlow::Continue(())),
                Err(e) => {
                    failed = Some(e);
                    return Ok(ControlFlow::Break(()));
                }
            };
            let at = char_starts(&doc.text);
            for (n, e) in doc.events.iter().enumerate() {
                if f.event.is_some_and(|t| t != e.kind) {
                    continue;
                }
                if sink(event_record(id, &doc, &at, n, e)).is_break() {
                    return Ok(ControlFlow::Break(()));
                }
            }
            Ok(ControlFlow::Continue(()))
        })?;
        failed.map_or(Ok(()), Err)
    }

    fn each_place(&self, f: &Filters, sink: Sink<'_, PlaceRecord>) -> Result<(), StoreError> {
        // Events per place first (a map the size of the places, not of the events).
        let mut events: HashMap<String, u64> = HashMap::new();
        let (ev_head, ev_tail) = match f.event {
            Some(t) => (
                format!(
                    "SELECT v.place_canonical, count(*) FROM events v JOIN articles a ON a.id = v.article
                     WHERE v.place_canonical IS NOT NULL AND v.type = '{}'",
                    t.name()
                ),
                " GROUP BY v.place_canonical",
            ),
            None => (
                "SELECT v.place_canonical, count(*) FROM events v JOIN articles a ON a.id = v.article
                 WHERE v.place_canonical IS NOT NULL"
                    .to_string(),
                " GROUP BY v.place_canonical",
            ),
        };
        stream(self.connection(), &ev_head, f, ev_tail, "counting events by place", |r| {
            events.insert(r.get(0)?, r.get::<_, i64>(1)? as u64);
            Ok(ControlFlow::Continue(()))
        })?;
        // One row per identity: SQLite takes the bare columns (name, coordinates) from one row
        // of the group.
        let head = "SELECT i.canonical, i.name, i.name_en, i.country, i.lat, i.lon,
                    count(DISTINCT i.article) AS n, min(a.published), max(a.published)
                    FROM identities i JOIN articles a ON a.id = i.article
                    WHERE i.lat IS NOT NULL AND i.lon IS NOT NULL";
        let tail = " GROUP BY i.canonical ORDER BY n DESC, i.canonical";
        stream(self.connection(), head, f, tail, "exporting places", |r| {
            let place_id: String = r.get(0)?;
            let kind = if place_id.starts_with("country:") {
                "country"
            } else if place_id.starts_with("x:") {
                "near"
            } else {
                "place"
            };
            Ok(sink(PlaceRecord {
                events: events.get(&place_id).copied().unwrap_or(0),
                name: r.get(1)?,
                name_en: r.get(2)?,
                country: r.get(3)?,
                kind,
                latitude: r.get(4)?,
                longitude: r.get(5)?,
                articles: r.get::<_, i64>(6)? as u64,
                first_seen: r.get(7)?,
                last_seen: r.get(8)?,
                place_id,
            }))
        })
    }
}

/// Byte offset of every code point, and the text's length at the end: code-point spans of the
/// contract to slices.
fn char_starts(text: &str) -> Vec<usize> {
    text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect()
}

/// The text between two code-point offsets, clamped to the text, whitespace collapsed.
fn cp_slice(text: &str, at: &[usize], start: u32, end: u32) -> String {
    let last = at.len() - 1;
    let (s, e) = ((start as usize).min(last), (end as usize).min(last));
    if s >= e {
        return String::new();
    }
    text[at[s]..at[e]].split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Most code points of notes when the trigger is in no sentence (never, in a valid analysis).
const NOTES_WINDOW: u32 = 120;

fn event_record(id: i64, d: &DocJson, at: &[usize], n: usize, e: &EventJson) -> EventRecord {
    let t = e.trigger.start;
    let notes = match d.sentences.iter().find(|s| s.start <= t && t < s.end) {
        Some(s) => cp_slice(&d.text, at, s.start, s.end),
        None => cp_slice(&d.text, at, t.saturating_sub(NOTES_WINDOW), e.trigger.end + NOTES_WINDOW),
    };
    // The time expression's range, else the event's own date (one computed from another date,
    // «بعد ثلاثة أيام من» "three days after", has no time expression).
    let (from, to) = match e.time.and_then(|i| d.times.get(i)) {
        Some(t) if t.from.is_some() => (t.from.clone(), t.to.clone()),
        _ => e.date.as_deref().map_or((None, None), date_range),
    };
    let (event_date, event_date_to, time_precision, date_basis) = match (from, to) {
        (Some(f), to) => {
            let days = to.as_deref().and_then(|to| days_between(&f, to)).unwrap_or(0);
            let precision = if days == 0 {
                1
            } else if days < 7 {
                2
            } else {
                3
            };
            let to = to.filter(|to| *to != f);
            (Some(f), to, Some(precision), Some("text"))
        }
        (None, _) => match &d.published {
            Some(p) => (Some(p.clone()), None, Some(1), Some("published")),
            None => (None, None, None, None),
        },
    };
    let place = e.place.as_ref();
    let loc = place.and_then(|p| p.place.as_ref());
    let location_id = place.and_then(|p| p.canonical.clone());
    let geo_precision = loc.map(|l| {
        if l.near.is_some() {
            2
        } else if location_id.as_deref().is_some_and(|c| c.starts_with("country:")) {
            3
        } else {
            1
        }
    });
    let claim = e.attribution.and_then(|i| d.attributions.get(i));
    let arg = |a: &Option<ArgJson>| {
        (a.as_ref().map(|a| a.text.clone()), a.as_ref().and_then(|a| a.canonical.clone()))
    };
    let (actor1, actor1_id) = arg(&e.agent);
    let (actor2, actor2_id) = arg(&e.target);
    EventRecord {
        event_id_cnty: format!("{id}-{n}"),
        event_date,
        event_date_to,
        time_precision,
        date_basis,
        event_type: e.acled.clone(),
        sub_event_type: e.kind.name().to_string(),
        actor1,
        actor1_id,
        actor2,
        actor2_id,
        country: loc.and_then(|l| l.country.clone()),
        location: place.map(|p| p.text.clone()),
        location_id,
        latitude: loc.map(|l| l.lat),
        longitude: loc.map(|l| l.lon),
        geo_precision,
        source: d.meta.source.clone(),
        source_url: d.meta.url.clone(),
        published: d.published.clone(),
        article: id,
        doc: d.doc.clone(),
        notes,
        trigger: e.trigger.text.clone(),
        fatalities: e.killed,
        injured: e.injured,
        arrested: e.arrested,
        claimed_by: claim.and_then(|a| a.speaker.resolved.clone().or_else(|| a.speaker.text.clone())),
        claim_polarity: claim
            .map(|a| if a.polarity == Polarity::Deny { "deny" } else { "affirm" }.to_string()),
        negated: e.negated,
    }
}

/// The first and last day of a normalised date: `YYYY-MM-DD`, `FROM/TO`, `YYYY-MM` or `YYYY`.
fn date_range(v: &str) -> (Option<String>, Option<String>) {
    if let Some((a, b)) = v.split_once('/') {
        let (a, b) = (date_range(a).0, date_range(b).1);
        return if a.is_some() && b.is_some() { (a, b) } else { (None, None) };
    }
    let parts: Vec<&str> = v.split('-').collect();
    let num = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    match parts[..] {
        [y, m, d] if num(y, 4) && num(m, 2) && num(d, 2) => (Some(v.to_string()), Some(v.to_string())),
        [y, m] if num(y, 4) && num(m, 2) => {
            let first = format!("{y}-{m}-01");
            // The last day: the day before the first of the next month.
            let (ny, nm) = if m == "12" {
                (y.parse::<i64>().unwrap_or(0) + 1, 1)
            } else {
                (y.parse().unwrap_or(0), m.parse::<i64>().unwrap_or(0) + 1)
            };
            let days = day_number(&format!("{ny:04}-{nm:02}-01")).and_then(|n| Some(n - day_number(&first)?));
            (Some(first.clone()), days.map(|n| format!("{y}-{m}-{n:02}")))
        }
        [y] if num(y, 4) => (Some(format!("{y}-01-01")), Some(format!("{y}-12-31"))),
        _ => (None, None),
    }
}

/// Days from one `YYYY-MM-DD` to another (None if either is not such a date).
fn days_between(a: &str, b: &str) -> Option<i64> {
    Some(day_number(b)? - day_number(a)?)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (proleptic Gregorian).
fn day_number(s: &str) -> Option<i64> {
    let mut it = s.splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.get(..2)?.parse().ok()?;
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(days_between("2019-04-21", "2019-04-27"), Some(6));
        assert_eq!(days_between("2016-01-01", "2016-12-31"), Some(365));
        assert_eq!(days_between("2016", "2016-12-31"), None);
    }

    #[test]
    fn date_values() {
        let r = |v: &str| {
            let (a, b) = date_range(v);
            (a.unwrap_or_default(), b.unwrap_or_default())
        };
        assert_eq!(r("2019-04-04"), ("2019-04-04".into(), "2019-04-04".into()));
        assert_eq!(r("2019-04-21/2019-04-27"), ("2019-04-21".into(), "2019-04-27".into()));
        assert_eq!(r("2016"), ("2016-01-01".into(), "2016-12-31".into()));
        assert_eq!(r("2020-02"), ("2020-02-01".into(), "2020-02-29".into()));
        assert_eq!(r("2019-12"), ("2019-12-01".into(), "2019-12-31".into()));
        assert_eq!(r("P3D"), (String::new(), String::new()));
    }

    #[test]
    fn slices_by_code_points() {
        let text = "قال\nالناطق  باسمها"; // "the spokesman said"
        let at = char_starts(text);
        assert_eq!(cp_slice(text, &at, 0, 100), "قال الناطق باسمها");
        assert_eq!(cp_slice(text, &at, 4, 10), "الناطق");
        assert_eq!(cp_slice(text, &at, 9, 3), "");
    }
}
