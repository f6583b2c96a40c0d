//! Browsing the collection: the read-side queries behind `rasid serve` (article lists, search
//! facets, entity and speaker pages, statements, events and places for the map and timeline).
//!
//! [`Browse`] is the interface; [`SqliteStore`](crate::SqliteStore) implements it over the
//! layer rows, with the same filters as search ([`Filters`]).

use crate::error::SqlContext;
use crate::query::{Filters, check_dates};
use crate::sqlite::{
    ENTITY_TYPES, canonical_candidates, date_range, matches_sql, named_condition, where_articles,
};
use crate::{Claim, ClaimSource, Query, SqliteStore, StoreError};
use rasid_arabic::normalize::fold_str;
use rasid_core::EventType;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row};
use serde::Serialize;
use std::collections::HashMap;

/// An article in a list, with counts of its layers.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleMeta {
    /// The store's article number.
    pub id: i64,
    /// The article's own id (file stem, JSON Lines `id`).
    pub doc: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub attributions: u32,
    pub entities: u32,
    pub events: u32,
}

/// A page of an article list.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleList {
    /// Articles matching the filters in all.
    pub total: u64,
    pub articles: Vec<ArticleMeta>,
}

/// One value of a facet and how many matching articles have it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetValue {
    /// What to filter by (a canonical id, an outlet, a month `YYYY-MM`, an event type).
    pub value: String,
    /// What to show.
    pub label: String,
    pub count: u64,
}

/// Counts of matching articles by entity, place, outlet, month and event type, most frequent
/// first (months in order).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    /// Articles the query matches in all.
    pub total: u64,
    pub entity: Vec<FacetValue>,
    pub place: Vec<FacetValue>,
    pub outlet: Vec<FacetValue>,
    pub month: Vec<FacetValue>,
    pub event: Vec<FacetValue>,
}

/// An entity (one canonical identity) across the collection.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Entity {
    /// The canonical id.
    pub id: String,
    pub name: Option<String>,
    pub name_en: Option<String>,
    /// PER, ORG, LOC or MISC.
    #[serde(rename = "type")]
    pub kind: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub country: Option<String>,
    /// Articles that name it.
    pub articles: u64,
    /// Mentions in all (filled on entity pages; 0 in lists).
    pub mentions: u64,
}

/// A written form of an entity and how often it occurs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Alias {
    pub text: String,
    pub count: u64,
}

/// Articles per month (`YYYY-MM`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthCount {
    pub month: String,
    pub count: u64,
}

/// What the collection says of one entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EntityPage {
    #[serde(flatten)]
    pub entity: Entity,
    /// Its written forms, most frequent first.
    pub aliases: Vec<Alias>,
    /// Articles naming it, by month.
    pub months: Vec<MonthCount>,
    /// Its own statements, newest first.
    pub said: Vec<Statement>,
    /// Statements by others whose content names it, newest first.
    pub said_about: Vec<Statement>,
    /// The newest articles naming it (`articles` is their number, from [`Entity`]).
    pub latest_articles: Vec<ArticleMeta>,
}

/// One attribution with its article.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Statement {
    /// The store's article number and the attribution's index in the article.
    pub article: i64,
    pub n: u32,
    pub doc: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub cue: String,
    pub speaker: Option<String>,
    pub speaker_resolved: Option<String>,
    pub speaker_canonical: Option<String>,
    pub anonymous: bool,
    pub content: String,
    /// `affirm` or `deny`.
    pub polarity: String,
    pub direct: bool,
    pub via: Option<String>,
}

/// A speaker across the collection: a canonical entity, or a speaker the articles name the
/// same way (folded) when it has none.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Speaker {
    /// The canonical id, else the folded name (both work as the `speaker` filter).
    pub id: String,
    pub name: String,
    pub canonical: Option<String>,
    pub statements: u64,
    pub affirm: u64,
    pub deny: u64,
}

/// One event with its article.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    pub article: i64,
    pub n: u32,
    #[serde(rename = "type")]
    pub kind: String,
    pub acled: String,
    pub trigger: String,
    pub date: Option<String>,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub place: Option<String>,
    pub place_canonical: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub agent: Option<String>,
    pub agent_canonical: Option<String>,
    pub target: Option<String>,
    pub target_canonical: Option<String>,
    pub killed: Option<i64>,
    pub injured: Option<i64>,
    pub arrested: Option<i64>,
    pub negated: bool,
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
}

/// A place with coordinates, how many articles name it and how many events happened there.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Place {
    pub id: String,
    pub name: Option<String>,
    pub name_en: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub country: Option<String>,
    pub articles: u64,
    pub events: u64,
}

/// An outlet and its article count.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outlet {
    pub outlet: String,
    pub articles: u64,
}

/// Which events to list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventQuery {
    pub kind: Option<EventType>,
    /// Where it happened: a canonical id or a name ([`Filters::place`]).
    pub place: Option<String>,
    pub place_ids: Vec<String>,
    pub outlet: Option<String>,
    /// The event's date (its article's when it has none) from / to, `YYYY-MM-DD`.
    pub since: Option<String>,
    pub until: Option<String>,
    /// West, south, east, north: only events placed inside.
    pub bbox: Option<[f64; 4]>,
    /// Also events the article says did not happen.
    pub negated: bool,
    pub limit: usize,
}

/// Which statements to list: articles by [`Filters`] (the speaker filter picks the statements
/// themselves, the entity filter statements whose content names it), and a polarity.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatementQuery {
    pub filters: Filters,
    /// `affirm` or `deny`.
    pub polarity: Option<String>,
    pub limit: usize,
}

/// The collection's read-side, for browsing.
pub trait Browse {
    /// Articles matching the filters, newest first.
    fn articles(&self, f: &Filters, limit: usize, offset: usize) -> Result<ArticleList, StoreError>;
    /// One article's metadata.
    fn article_meta(&self, id: i64) -> Result<Option<ArticleMeta>, StoreError>;
    /// Facet counts over every article the query matches (not only the first page).
    fn facets(&self, q: &Query, per_facet: usize) -> Result<Facets, StoreError>;
    /// Entities, most named first: `name` matches canonical ids and names (folded, in part).
    fn entities(
        &self,
        name: Option<&str>,
        kind: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Entity>, StoreError>;
    /// An entity's page, by canonical id or (failing that) by a name it is known by; `ids` are
    /// further canonical ids the name stands for (the catalogue's).
    fn entity(&self, id: &str, ids: &[String], limit: usize) -> Result<Option<EntityPage>, StoreError>;
    fn speakers(&self, limit: usize) -> Result<Vec<Speaker>, StoreError>;
    fn statements(&self, q: &StatementQuery) -> Result<Vec<Statement>, StoreError>;
    fn events(&self, q: &EventQuery) -> Result<Vec<Event>, StoreError>;
    /// Places with coordinates named by the articles the filters keep, most named first.
    /// `bbox` (west, south, east, north) keeps the places inside.
    fn places(&self, f: &Filters, bbox: Option<[f64; 4]>, limit: usize) -> Result<Vec<Place>, StoreError>;
    /// Contradictions inside single articles (a claim its sources affirm and deny), newest
    /// first, as [`Claim`]s of one article each.
    fn contradictions(&self, f: &Filters, limit: usize) -> Result<Vec<Claim>, StoreError>;
    /// Outlets, most articles first.
    fn outlets(&self) -> Result<Vec<Outlet>, StoreError>;
    /// First and last publication dates.
    fn date_range(&self) -> Result<(Option<String>, Option<String>), StoreError>;
}

const ARTICLE_META: &str = "a.id, a.doc, a.url, a.source, a.title, a.published,
    (SELECT count(*) FROM attributions t WHERE t.article = a.id),
    (SELECT count(*) FROM entities e WHERE e.article = a.id),
    (SELECT count(*) FROM events v WHERE v.article = a.id)";

fn article_meta(r: &Row) -> rusqlite::Result<ArticleMeta> {
    Ok(ArticleMeta {
        id: r.get(0)?,
        doc: r.get(1)?,
        url: r.get(2)?,
        source: r.get(3)?,
        title: r.get(4)?,
        published: r.get(5)?,
        attributions: r.get(6)?,
        entities: r.get(7)?,
        events: r.get(8)?,
    })
}

const STATEMENT: &str = "t.article, t.n, a.doc, a.title, a.source, a.published, t.cue, t.speaker,
    t.speaker_resolved, t.speaker_canonical, t.anonymous, t.content, t.polarity, t.direct, t.via";

fn statement(r: &Row) -> rusqlite::Result<Statement> {
    Ok(Statement {
        article: r.get(0)?,
        n: r.get(1)?,
        doc: r.get(2)?,
        title: r.get(3)?,
        source: r.get(4)?,
        published: r.get(5)?,
        cue: r.get(6)?,
        speaker: r.get(7)?,
        speaker_resolved: r.get(8)?,
        speaker_canonical: r.get(9)?,
        anonymous: r.get(10)?,
        content: r.get(11)?,
        polarity: r.get(12)?,
        direct: r.get(13)?,
        via: r.get(14)?,
    })
}

fn limit_arg(n: usize) -> Value {
    Value::Integer(n.min(i64::MAX as usize) as i64)
}

impl SqliteStore {
    fn rows<T>(
        &self,
        sql: &str,
        args: Vec<Value>,
        what: &'static str,
        f: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        self.rows_with(sql, rusqlite::params_from_iter(args), what, f)
    }

    fn rows_with<T>(
        &self,
        sql: &str,
        args: impl rusqlite::Params,
        what: &'static str,
        f: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let mut st = self.connection().prepare_cached(sql).what(what)?;
        let rows = st.query_map(args, f).what(what)?;
        rows.collect::<Result<Vec<T>, _>>().what(what)
    }

    /// The ids of every article the query matches.
    fn matching(&self, q: &Query) -> Result<Vec<i64>, StoreError> {
        if let Some(m) = q.fts()
            && q.filters.is_empty()
        {
            // The index alone: no article row is read.
            return self.rows(
                "SELECT rowid FROM fts WHERE fts MATCH ?",
                vec![m.into()],
                "matching articles",
                |r| r.get(0),
            );
        }
        let mut args: Vec<Value> = Vec::new();
        let (sql, _) = matches_sql(q, "a.id", &mut args);
        self.rows(&sql, args, "matching articles", |r| r.get(0))
    }
}

/// Matches from which facets scan the outlet and date indexes rather than read article rows.
const INDEX_SCAN_FROM: usize = 1500;

/// `rarray(?)`'s argument: a list of ids (the `array` module is loaded by every connection).
fn id_array(ids: &[i64]) -> std::rc::Rc<Vec<Value>> {
    std::rc::Rc::new(ids.iter().map(|&i| Value::Integer(i)).collect())
}

impl Browse for SqliteStore {
    fn articles(&self, f: &Filters, limit: usize, offset: usize) -> Result<ArticleList, StoreError> {
        f.check()?;
        let mut cond = String::new();
        let mut args: Vec<Value> = Vec::new();
        where_articles(f, &mut cond, &mut args);
        let total: i64 = self
            .connection()
            .query_row(
                &format!("SELECT count(*) FROM articles a WHERE 1{cond}"),
                rusqlite::params_from_iter(&args),
                |r| r.get(0),
            )
            .what("counting articles")?;
        args.push(limit_arg(limit));
        args.push(limit_arg(offset));
        let articles = self.rows(
            &format!(
                "SELECT {ARTICLE_META} FROM articles a WHERE 1{cond}
                 ORDER BY a.published DESC, a.id DESC LIMIT ? OFFSET ?"
            ),
            args,
            "listing articles",
            article_meta,
        )?;
        Ok(ArticleList { total: total as u64, articles })
    }

    fn article_meta(&self, id: i64) -> Result<Option<ArticleMeta>, StoreError> {
        self.connection()
            .query_row(&format!("SELECT {ARTICLE_META} FROM articles a WHERE a.id = ?1"), [id], article_meta)
            .optional()
            .what("reading an article")
    }

    fn facets(&self, q: &Query, per_facet: usize) -> Result<Facets, StoreError> {
        q.check()?;
        let ids = self.matching(q)?;
        if ids.is_empty() {
            return Ok(Facets::default());
        }
        // One pass over the identities of the matching articles for both entity facets, one
        // over the articles for outlets and months (each pass costs about 8 µs per article on
        // the ANT store; a query per facet read them twice).
        let total = ids.len();
        let ids = id_array(&ids);
        let mut entity: HashMap<String, (String, u64)> = HashMap::new();
        let mut place: HashMap<String, (String, u64)> = HashMap::new();
        // Counted here rather than by GROUP BY, which sorted the rows by their text.
        {
            let mut st = self
                .connection()
                .prepare_cached(
                    "SELECT canonical, type = 'LOC', name FROM identities WHERE article IN rarray(?1)",
                )
                .what("counting entities")?;
            let mut rows = st.query([&ids]).what("counting entities")?;
            while let Some(r) = rows.next().what("counting entities")? {
                let c = r.get_ref(0).what("counting entities")?.as_str().unwrap_or_default();
                let is_place: bool = r.get(1).what("counting entities")?;
                let m = if is_place { &mut place } else { &mut entity };
                match m.get_mut(c) {
                    Some(e) => e.1 += 1,
                    None => {
                        let name: Option<String> = r.get(2).what("counting entities")?;
                        m.insert(c.to_string(), (name.unwrap_or_else(|| c.to_string()), 1));
                    }
                }
            }
        }
        let mut outlet: HashMap<String, (String, u64)> = HashMap::new();
        let mut month: HashMap<String, (String, u64)> = HashMap::new();
        if total > INDEX_SCAN_FROM {
            // Many matches: a scan of the outlet and date indexes (small, and in order) is
            // cheaper than reading the first page of every matching article's row.
            for (source, n) in self.rows_with(
                "SELECT source, count(*) FROM articles INDEXED BY articles_source
                 WHERE id IN rarray(?1) AND source IS NOT NULL GROUP BY source COLLATE NOCASE",
                [&ids],
                "counting outlets",
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)),
            )? {
                outlet.entry(source.to_lowercase()).or_insert((source, 0)).1 += n;
            }
            for (m, n) in self.rows_with(
                "SELECT substr(published, 1, 7) AS m, count(*) FROM articles INDEXED BY articles_published
                 WHERE id IN rarray(?1) AND published IS NOT NULL GROUP BY m",
                [&ids],
                "counting months",
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)),
            )? {
                month.entry(m.clone()).or_insert((m, 0)).1 += n;
            }
        } else {
            for (source, m) in self.rows_with(
                "SELECT source, substr(published, 1, 7) FROM articles WHERE id IN rarray(?1)",
                [&ids],
                "counting outlets",
                |r| Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?)),
            )? {
                if let Some(s) = source {
                    outlet.entry(s.to_lowercase()).or_insert((s, 0)).1 += 1;
                }
                if let Some(m) = m {
                    month.entry(m.clone()).or_insert((m, 0)).1 += 1;
                }
            }
        }
        let event: HashMap<String, (String, u64)> = self
            .rows_with(
                "SELECT type, count(DISTINCT article) FROM events WHERE article IN rarray(?1) AND negated = 0
                 GROUP BY type",
                [&ids],
                "counting events",
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)),
            )?
            .into_iter()
            .map(|(t, n)| (t.clone(), (t, n)))
            .collect();
        // Most frequent first (ties by value); months the latest `per_facet`, in order.
        let top = |m: HashMap<String, (String, u64)>| -> Vec<FacetValue> {
            let mut v: Vec<FacetValue> = m
                .into_iter()
                .map(|(value, (label, count))| FacetValue { label: readable_id(&label), value, count })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            v.truncate(per_facet);
            v
        };
        let mut months: Vec<FacetValue> =
            month.into_iter().map(|(value, (label, count))| FacetValue { label, value, count }).collect();
        months.sort_by(|a, b| b.value.cmp(&a.value));
        months.truncate(per_facet);
        months.reverse();
        Ok(Facets {
            total: total as u64,
            entity: top(entity),
            place: top(place),
            // The outlet as first written, for the filter (which compares without case).
            outlet: top(outlet).into_iter().map(|f| FacetValue { value: f.label.clone(), ..f }).collect(),
            month: months,
            event: top(event),
        })
    }

    fn entities(
        &self,
        name: Option<&str>,
        kind: Option<&str>,
        limit: usize,
    ) -> Result<Vec<Entity>, StoreError> {
        let mut sql = String::from(
            "SELECT canonical, max(name), max(name_en), max(type), max(lat), max(lon), max(country),
                    count(*) AS c, 0
             FROM identities WHERE 1",
        );
        let mut args: Vec<Value> = Vec::new();
        if let Some(k) = kind {
            sql.push_str(" AND type = ?");
            args.push(k.to_uppercase().into());
        }
        if let Some(n) = name.map(str::trim).filter(|n| !n.is_empty()) {
            // The linker's ids for names it does not know are folded words joined by '-', so
            // a folded name matches inside them; catalogue names match as written.
            let folded = fold_str(n).split_whitespace().collect::<Vec<_>>().join("-");
            sql.push_str(" AND (canonical = ? OR instr(canonical, ?) > 0 OR instr(name, ?) > 0 OR instr(lower(name_en), ?) > 0)");
            args.extend([n.to_string().into(), folded.into(), n.to_string().into(), n.to_lowercase().into()]);
        }
        sql.push_str(" GROUP BY canonical ORDER BY c DESC, canonical LIMIT ?");
        args.push(limit_arg(limit));
        self.rows(&sql, args, "listing entities", entity)
    }

    fn entity(&self, id: &str, ids: &[String], limit: usize) -> Result<Option<EntityPage>, StoreError> {
        let summary = |c: &str| -> Result<Option<Entity>, StoreError> {
            self.connection()
                .query_row(
                    "SELECT canonical, max(name), max(name_en), max(type), max(lat), max(lon), max(country),
                            count(*), (SELECT count(*) FROM entities WHERE canonical = ?1)
                     FROM identities WHERE canonical = ?1 GROUP BY canonical",
                    [c],
                    entity,
                )
                .optional()
                .what("reading an entity")
        };
        let mut found = summary(id)?;
        if found.is_none() {
            // A name: the most named of the ids it may stand for.
            let mut best: Option<Entity> = None;
            for c in canonical_candidates(id, ids, ENTITY_TYPES) {
                if let Some(e) = summary(&c)?
                    && best.as_ref().is_none_or(|b| e.articles > b.articles)
                {
                    best = Some(e);
                }
            }
            found = best;
        }
        if found.is_none() {
            // A name as the catalogue writes it («طرابلس» "Tripoli" → its GeoNames id): the
            // most named identity of that name (a scan of the identities; the last resort).
            let c: Option<String> = self
                .connection()
                .query_row(
                    "SELECT canonical FROM identities WHERE name = ?1 OR name_en = ?1
                     GROUP BY canonical ORDER BY count(*) DESC, canonical LIMIT 1",
                    [id.trim()],
                    |r| r.get(0),
                )
                .optional()
                .what("looking up a name")?;
            if let Some(c) = c {
                found = summary(&c)?;
            }
        }
        let Some(e) = found else { return Ok(None) };
        let c = e.id.clone();
        let aliases = self.rows(
            "SELECT text, count(*) AS k FROM entities WHERE canonical = ?1 GROUP BY text ORDER BY k DESC, text LIMIT 30",
            vec![c.clone().into()],
            "reading aliases",
            |r| Ok(Alias { text: r.get(0)?, count: r.get(1)? }),
        )?;
        let months = self.rows(
            "SELECT substr(a.published, 1, 7) AS m, count(*) FROM identities i JOIN articles a ON a.id = i.article
             WHERE i.canonical = ?1 AND a.published IS NOT NULL GROUP BY m ORDER BY m",
            vec![c.clone().into()],
            "counting months",
            |r| Ok(MonthCount { month: r.get(0)?, count: r.get(1)? }),
        )?;
        let said = self.rows(
            &format!(
                "SELECT {STATEMENT} FROM attributions t JOIN articles a ON a.id = t.article
                 WHERE t.speaker_canonical = ?1 ORDER BY a.published DESC, t.article DESC, t.n LIMIT ?2"
            ),
            vec![c.clone().into(), limit_arg(limit)],
            "reading statements",
            statement,
        )?;
        let said_about = self.rows(
            &format!(
                "SELECT {STATEMENT} FROM attributions t JOIN articles a ON a.id = t.article
                 WHERE t.article IN (SELECT article FROM identities WHERE canonical = ?1)
                   AND coalesce(t.speaker_canonical, '') != ?1
                   AND EXISTS (SELECT 1 FROM entities e WHERE e.article = t.article AND e.canonical = ?1
                               AND e.start >= t.content_start AND e.\"end\" <= t.content_end)
                 ORDER BY a.published DESC, t.article DESC, t.n LIMIT ?2"
            ),
            vec![c.clone().into(), limit_arg(limit)],
            "reading statements",
            statement,
        )?;
        let articles = self.rows(
            &format!(
                "SELECT {ARTICLE_META} FROM articles a WHERE a.id IN (SELECT article FROM identities WHERE canonical = ?1)
                 ORDER BY a.published DESC, a.id DESC LIMIT ?2"
            ),
            vec![c.into(), limit_arg(limit)],
            "listing articles",
            article_meta,
        )?;
        Ok(Some(EntityPage { entity: e, aliases, months, said, said_about, latest_articles: articles }))
    }

    fn speakers(&self, limit: usize) -> Result<Vec<Speaker>, StoreError> {
        // Grouped by canonical id when there is one, else by the folded name; the name shown is
        // the most frequent way of writing it.
        let rows = self.rows(
            "SELECT coalesce(speaker_canonical, speaker_fold) AS k, speaker_canonical,
                    coalesce(speaker_resolved, speaker) AS name, count(*) AS c,
                    sum(polarity = 'affirm'), sum(polarity = 'deny')
             FROM attributions WHERE k IS NOT NULL AND length(k) > 2 AND k != 'unknown' GROUP BY k, name",
            Vec::new(),
            "listing speakers",
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, u64>(3)?,
                    r.get::<_, u64>(4)?,
                    r.get::<_, u64>(5)?,
                ))
            },
        )?;
        let mut by: HashMap<String, (Speaker, u64)> = HashMap::new();
        for (k, canonical, name, c, aff, den) in rows {
            let name = name.unwrap_or_else(|| k.clone());
            let s = by.entry(k.clone()).or_insert_with(|| {
                (Speaker { id: k, name: name.clone(), canonical, statements: 0, affirm: 0, deny: 0 }, 0)
            });
            s.0.statements += c;
            s.0.affirm += aff;
            s.0.deny += den;
            if c > s.1 || (c == s.1 && name < s.0.name) {
                s.0.name = name;
                s.1 = c;
            }
        }
        let mut out: Vec<Speaker> = by.into_values().map(|s| s.0).collect();
        out.sort_by(|a, b| b.statements.cmp(&a.statements).then_with(|| a.id.cmp(&b.id)));
        out.truncate(limit);
        Ok(out)
    }

    fn statements(&self, q: &StatementQuery) -> Result<Vec<Statement>, StoreError> {
        let f = &q.filters;
        f.check()?;
        let mut sql =
            format!("SELECT {STATEMENT} FROM attributions t JOIN articles a ON a.id = t.article WHERE 1");
        let mut args: Vec<Value> = Vec::new();
        // The article filters without the speaker and entity ones, which apply to the statement.
        let article_filters = Filters {
            speaker: None,
            speaker_ids: Vec::new(),
            entity: None,
            entity_ids: Vec::new(),
            ..f.clone()
        };
        where_articles(&article_filters, &mut sql, &mut args);
        named_condition(
            &f.speaker,
            &f.speaker_ids,
            ENTITY_TYPES,
            " AND (t.speaker_canonical IN ({ids}) OR t.speaker_fold = ?)",
            true,
            &mut sql,
            &mut args,
        );
        named_condition(
            &f.entity,
            &f.entity_ids,
            ENTITY_TYPES,
            " AND EXISTS (SELECT 1 FROM entities e WHERE e.article = t.article AND e.canonical IN ({ids})
               AND e.start >= t.content_start AND e.\"end\" <= t.content_end)",
            false,
            &mut sql,
            &mut args,
        );
        if let Some(p) = &q.polarity {
            if p != "affirm" && p != "deny" {
                return Err(StoreError::BadFilter {
                    filter: "polarity",
                    value: p.clone(),
                    reason: "expected affirm or deny".into(),
                });
            }
            sql.push_str(" AND t.polarity = ?");
            args.push(p.clone().into());
        }
        sql.push_str(" ORDER BY a.published DESC, t.article DESC, t.n LIMIT ?");
        args.push(limit_arg(q.limit));
        self.rows(&sql, args, "listing statements", statement)
    }

    fn events(&self, q: &EventQuery) -> Result<Vec<Event>, StoreError> {
        check_dates(&q.since, &q.until)?;
        let mut sql = String::from(
            "SELECT v.article, v.n, v.type, v.acled, v.trigger, v.date, v.date_from, v.date_to, v.place,
                    v.place_canonical, v.lat, v.lon, v.agent, v.agent_canonical, v.target, v.target_canonical,
                    v.killed, v.injured, v.arrested, v.negated, a.title, a.source, a.published,
                    coalesce(v.date_from, a.published) AS day
             FROM events v JOIN articles a ON a.id = v.article WHERE 1",
        );
        let mut args: Vec<Value> = Vec::new();
        if let Some(k) = q.kind {
            sql.push_str(" AND v.type = ?");
            args.push(k.name().to_string().into());
        }
        if !q.negated {
            sql.push_str(" AND v.negated = 0");
        }
        named_condition(
            &q.place,
            &q.place_ids,
            &["loc"],
            " AND v.place_canonical IN ({ids})",
            false,
            &mut sql,
            &mut args,
        );
        // The outlet as for articles; the dates are the event's own.
        let outlet = Filters { outlet: q.outlet.clone(), ..Filters::default() };
        where_articles(&outlet, &mut sql, &mut args);
        date_range("day", &q.since, &q.until, &mut sql, &mut args);
        if let Some(b) = q.bbox {
            box_condition(b, "v.lat", "v.lon", &mut sql, &mut args)?;
        }
        sql.push_str(" ORDER BY day DESC, v.article DESC, v.n LIMIT ?");
        args.push(limit_arg(q.limit));
        self.rows(&sql, args, "listing events", |r| {
            Ok(Event {
                article: r.get(0)?,
                n: r.get(1)?,
                kind: r.get(2)?,
                acled: r.get(3)?,
                trigger: r.get(4)?,
                date: r.get(5)?,
                date_from: r.get(6)?,
                date_to: r.get(7)?,
                place: r.get(8)?,
                place_canonical: r.get(9)?,
                lat: r.get(10)?,
                lon: r.get(11)?,
                agent: r.get(12)?,
                agent_canonical: r.get(13)?,
                target: r.get(14)?,
                target_canonical: r.get(15)?,
                killed: r.get(16)?,
                injured: r.get(17)?,
                arrested: r.get(18)?,
                negated: r.get(19)?,
                title: r.get(20)?,
                source: r.get(21)?,
                published: r.get(22)?,
            })
        })
    }

    fn places(&self, f: &Filters, bbox: Option<[f64; 4]>, limit: usize) -> Result<Vec<Place>, StoreError> {
        f.check()?;
        let mut cond = String::new();
        let mut args: Vec<Value> = Vec::new();
        where_articles(f, &mut cond, &mut args);
        let mut place_args = args.clone();
        let mut in_box = String::new();
        if let Some(b) = bbox {
            box_condition(b, "i.lat", "i.lon", &mut in_box, &mut place_args)?;
        }
        let mut places = self.rows(
            &format!(
                "SELECT i.canonical, max(i.name), max(i.name_en), max(i.lat), max(i.lon), max(i.country), count(*) AS c
                 FROM identities i JOIN articles a ON a.id = i.article
                 WHERE i.type = 'LOC' AND i.lat IS NOT NULL AND i.lon IS NOT NULL{cond}{in_box}
                 GROUP BY i.canonical ORDER BY c DESC, i.canonical LIMIT ?"
            ),
            {
                place_args.push(limit_arg(limit));
                place_args
            },
            "listing places",
            |r| {
                Ok(Place {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    name_en: r.get(2)?,
                    lat: r.get(3)?,
                    lon: r.get(4)?,
                    country: r.get(5)?,
                    articles: r.get(6)?,
                    events: 0,
                })
            },
        )?;
        if places.is_empty() {
            return Ok(places);
        }
        let events: HashMap<String, u64> = self
            .rows(
                &format!(
                    "SELECT v.place_canonical, count(*) FROM events v JOIN articles a ON a.id = v.article
                     WHERE v.place_canonical IS NOT NULL AND v.negated = 0{cond} GROUP BY v.place_canonical"
                ),
                args,
                "counting events by place",
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .into_iter()
            .collect();
        for p in &mut places {
            p.events = events.get(&p.id).copied().unwrap_or(0);
        }
        Ok(places)
    }

    fn contradictions(&self, f: &Filters, limit: usize) -> Result<Vec<Claim>, StoreError> {
        f.check()?;
        let mut sql = String::from(
            "SELECT c.article, c.claim, c.affirm, c.deny, a.doc, a.url, a.source, a.title, a.published
             FROM contradictions c JOIN articles a ON a.id = c.article WHERE 1",
        );
        let mut args: Vec<Value> = Vec::new();
        where_articles(f, &mut sql, &mut args);
        sql.push_str(" ORDER BY a.published DESC, c.article DESC, c.n LIMIT ?");
        args.push(limit_arg(limit));
        type Row9 = (
            i64,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let found: Vec<Row9> = self.rows(&sql, args, "listing contradictions", |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
            ))
        })?;
        let mut out = Vec::with_capacity(found.len());
        for (article, claim, affirm, deny, doc, url, source, title, published) in found {
            let side = |ns: &str| -> Result<Vec<ClaimSource>, StoreError> {
                let ns: Vec<i64> = serde_json::from_str(ns).unwrap_or_default();
                let mut v = Vec::new();
                for n in ns {
                    let row = self
                        .connection()
                        .prepare_cached(
                            "SELECT cue, coalesce(speaker_resolved, speaker, ''), speaker_canonical, content
                             FROM attributions WHERE article = ?1 AND n = ?2",
                        )
                        .and_then(|mut st| {
                            st.query_row(rusqlite::params![article, n], |r| {
                                Ok((
                                    r.get::<_, String>(0)?,
                                    r.get::<_, String>(1)?,
                                    r.get(2)?,
                                    r.get::<_, String>(3)?,
                                ))
                            })
                            .optional()
                        })
                        .what("reading an attribution")?;
                    if let Some((cue, speaker, speaker_canonical, content)) = row {
                        v.push(ClaimSource {
                            article,
                            attribution: n as u32,
                            doc: doc.clone(),
                            url: url.clone(),
                            outlet: source.clone(),
                            published: published.clone(),
                            title: title.clone(),
                            cue,
                            speaker,
                            speaker_canonical,
                            content,
                            similarity: 1.0,
                        });
                    }
                }
                Ok(v)
            };
            let (affirm, deny) = (side(&affirm)?, side(&deny)?);
            let mut entities: Vec<String> =
                affirm.iter().chain(&deny).filter_map(|s| s.speaker_canonical.clone()).collect();
            entities.sort();
            entities.dedup();
            out.push(Claim {
                summary: claim,
                disputed: !affirm.is_empty() && !deny.is_empty(),
                cross_outlet: false,
                outlets: source.iter().cloned().collect(),
                first: published.clone(),
                last: published,
                entities,
                events: Vec::new(),
                affirm,
                deny,
            });
        }
        Ok(out)
    }

    fn outlets(&self) -> Result<Vec<Outlet>, StoreError> {
        self.rows(
            "SELECT source, count(*) AS c FROM articles WHERE source IS NOT NULL
             GROUP BY source COLLATE NOCASE ORDER BY c DESC, source",
            Vec::new(),
            "listing outlets",
            |r| Ok(Outlet { outlet: r.get(0)?, articles: r.get(1)? }),
        )
    }

    fn date_range(&self) -> Result<(Option<String>, Option<String>), StoreError> {
        self.connection()
            .query_row("SELECT min(published), max(published) FROM articles", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .what("reading the date range")
    }
}

fn entity(r: &Row) -> rusqlite::Result<Entity> {
    Ok(Entity {
        id: r.get(0)?,
        name: r.get(1)?,
        name_en: r.get(2)?,
        kind: r.get(3)?,
        lat: r.get(4)?,
        lon: r.get(5)?,
        country: r.get(6)?,
        articles: r.get(7)?,
        mentions: r.get(8)?,
    })
}

/// A linker id for a name it does not know (`x:per:خليفه-حفتر`) as words (`خليفه حفتر`);
/// anything else as it is.
pub fn readable_id(id: &str) -> String {
    match id.strip_prefix("x:").and_then(|r| r.split_once(':')) {
        Some((_, words)) => words.replace('-', " "),
        None => id.to_string(),
    }
}

/// `AND` the point (`lat`, `lon`) inside the box west, south, east, north; a box across the
/// antimeridian has west > east.
fn box_condition(
    b: [f64; 4],
    lat: &str,
    lon: &str,
    sql: &mut String,
    args: &mut Vec<Value>,
) -> Result<(), StoreError> {
    let [w, s, e, n] = b;
    if !b.iter().all(|v| v.is_finite()) || s > n {
        return Err(StoreError::BadFilter {
            filter: "bbox",
            value: format!("{w},{s},{e},{n}"),
            reason: "expected west,south,east,north with south <= north".into(),
        });
    }
    sql.push_str(&format!(" AND {lat} BETWEEN ? AND ?"));
    args.extend([s.into(), n.into()]);
    sql.push_str(&if w <= e {
        format!(" AND {lon} BETWEEN ? AND ?")
    } else {
        format!(" AND ({lon} >= ? OR {lon} <= ?)")
    });
    args.extend([w.into(), e.into()]);
    Ok(())
}
