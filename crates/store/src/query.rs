//! Search queries: words and "quoted phrases", all required, plus filters.

use crate::StoreError;
use crate::terms::{Term, terms};
use rasid_core::EventType;

/// What to restrict results to. Every filter given must hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    /// An entity mentioned in the article: its canonical id (`gna-libya`, `geonames:2210247`) or
    /// its name, compared folded («طرابلس» "Tripoli").
    pub entity: Option<String>,
    /// Further canonical ids the entity is known by (a name the catalogue links: «حفتر» →
    /// `khalifa-haftar`), matched as well.
    pub entity_ids: Vec<String>,
    /// A place mentioned in the article or where one of its events happened: canonical id or
    /// name, as for `entity`.
    pub place: Option<String>,
    pub place_ids: Vec<String>,
    /// A speaker quoted in the article: canonical id, or the speaker as resolved, folded
    /// («المتحدث باسم الجيش الليبي» "the Libyan army's spokesman").
    pub speaker: Option<String>,
    pub speaker_ids: Vec<String>,
    /// The outlet (`source`), compared without case.
    pub outlet: Option<String>,
    /// Published on or after / on or before, `YYYY-MM-DD`.
    pub since: Option<String>,
    pub until: Option<String>,
    /// An event of this type (`air_strike`, `arrest` ...) in the article.
    pub event: Option<EventType>,
}

impl Filters {
    /// Refuses malformed filter values (a date that is not `YYYY-MM-DD`).
    pub fn check(&self) -> Result<(), StoreError> {
        check_dates(&self.since, &self.until)
    }

    /// The filters with the further canonical ids each given name stands for, from `ids(name,
    /// places)` (the catalogue's: «حفتر» "Haftar" → `khalifa-haftar`); places for `place` only.
    pub fn with_ids(mut self, ids: impl Fn(Option<&str>, bool) -> Vec<String>) -> Filters {
        self.entity_ids = ids(self.entity.as_deref(), false);
        self.place_ids = ids(self.place.as_deref(), true);
        self.speaker_ids = ids(self.speaker.as_deref(), false);
        self
    }

    /// True when no filter is given.
    pub fn is_empty(&self) -> bool {
        // The id lists only widen a name that is given.
        self.entity.is_none()
            && self.place.is_none()
            && self.speaker.is_none()
            && self.outlet.is_none()
            && self.since.is_none()
            && self.until.is_none()
            && self.event.is_none()
    }
}

/// A parsed query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// Each group is one word or one quoted phrase; all groups must match.
    pub groups: Vec<Vec<Term>>,
    pub filters: Filters,
    pub limit: usize,
}

impl Query {
    pub const DEFAULT_LIMIT: usize = 10;

    /// Parses words and `"quoted phrases"` (also «guillemets»). The words go through the same
    /// normalisation as the index ([`crate::terms::terms`]). An empty query is allowed only
    /// with filters ([`Query::with_filters`]); see [`Query::check`].
    pub fn parse(q: &str) -> Result<Query, StoreError> {
        let mut groups = Vec::new();
        let mut rest = q;
        while let Some(open) = rest.find(['"', '«', '“']) {
            let before = &rest[..open];
            groups.extend(terms(before).into_iter().map(|t| vec![t]));
            let quote = rest[open..].chars().next().unwrap_or('"');
            let close_char = match quote {
                '«' => '»',
                '“' => '”',
                _ => '"',
            };
            let inner_start = open + quote.len_utf8();
            let Some(len) = rest[inner_start..].find(close_char) else {
                return Err(StoreError::BadQuery { reason: format!("unclosed {quote} in {q:?}") });
            };
            let phrase = terms(&rest[inner_start..inner_start + len]);
            if !phrase.is_empty() {
                groups.push(phrase);
            }
            rest = &rest[inner_start + len + close_char.len_utf8()..];
        }
        groups.extend(terms(rest).into_iter().map(|t| vec![t]));
        Ok(Query { groups, filters: Filters::default(), limit: Query::DEFAULT_LIMIT })
    }

    pub fn with_filters(mut self, f: Filters) -> Query {
        self.filters = f;
        self
    }

    pub fn with_limit(mut self, n: usize) -> Query {
        self.limit = n;
        self
    }

    /// Refuses a query with neither words nor filters, and malformed filter values.
    pub fn check(&self) -> Result<(), StoreError> {
        self.filters.check()?;
        if self.groups.is_empty() && self.filters.is_empty() {
            return Err(StoreError::BadQuery { reason: "no words to search for and no filter".into() });
        }
        Ok(())
    }

    /// The FTS5 expression: each group as `(base : "..." OR stem : "...")`, joined by AND.
    /// Terms are quoted, so nothing in a user's query is read as FTS5 syntax.
    pub(crate) fn fts(&self) -> Option<String> {
        if self.groups.is_empty() {
            return None;
        }
        let quote = |words: &mut dyn Iterator<Item = &str>| {
            let mut s = String::from("\"");
            for (i, w) in words.enumerate() {
                if i > 0 {
                    s.push(' ');
                }
                s.push_str(&w.replace('"', "\"\""));
            }
            s.push('"');
            s
        };
        let parts: Vec<String> = self
            .groups
            .iter()
            .map(|g| {
                let b = quote(&mut g.iter().map(|t| t.base.as_str()));
                let st = quote(&mut g.iter().map(|t| t.stem.as_str()));
                format!("(base : {b} OR stem : {st})")
            })
            .collect();
        Some(parts.join(" AND "))
    }
}

/// Parses an event type name (`air_strike`); the error lists the known names.
pub fn event_type(name: &str) -> Result<EventType, StoreError> {
    EventType::ALL.into_iter().find(|t| t.name() == name).ok_or_else(|| StoreError::BadFilter {
        filter: "event",
        value: name.into(),
        reason: format!(
            "unknown event type; known: {}",
            EventType::ALL.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ")
        ),
    })
}

/// Refuses a `since` or `until` that is not `YYYY-MM-DD`: one check for search, export, claims
/// and stories.
pub(crate) fn check_dates(since: &Option<String>, until: &Option<String>) -> Result<(), StoreError> {
    for (name, v) in [("since", since), ("until", until)] {
        if let Some(v) = v
            && !is_date(v)
        {
            return Err(StoreError::BadFilter {
                filter: name,
                value: v.clone(),
                reason: "expected YYYY-MM-DD".into(),
            });
        }
    }
    Ok(())
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_phrases() {
        // «"حكومة الوفاق" تؤكد» "the Accord government" (phrase) "confirms".
        let q = Query::parse("\"حكومة الوفاق\" تؤكد").unwrap();
        assert_eq!(q.groups.len(), 2);
        assert_eq!(q.groups[0].len(), 2);
        assert_eq!(
            q.fts().unwrap(),
            "(base : \"حكومه وفاق\" OR stem : \"حكم وفق\") AND (base : \"تؤكد\" OR stem : \"ؤكد\")"
        );
        let q = Query::parse("«حكومة الوفاق»").unwrap();
        assert_eq!(q.groups.len(), 1);
    }

    #[test]
    fn bad_queries_are_user_errors() {
        assert!(Query::parse("\"حكومة").unwrap_err().is_user_error());
        assert!(Query::parse(" ، ").unwrap().check().unwrap_err().is_user_error());
        let f = Filters { since: Some("2019-4-1".into()), ..Filters::default() };
        assert!(Query::parse("x").unwrap().with_filters(f).check().is_err());
        assert!(event_type("air_strike").is_ok());
        assert!(event_type("picnic").unwrap_err().is_user_error());
    }
}
