//! Stories: articles from different outlets that report the same news.
//!
//! Each article is its title and lead (the first [`LEAD_CHARS`] characters of the text) as a
//! bag of informative words ([`crate::similar`]); two articles published within
//! [`StoryQuery::window_days`] of each other that share rare words are scored by idf-weighted
//! cosine plus a bonus for the canonical entities both leads name, and joined when the score
//! reaches [`StoryQuery::min_similarity`]. Stories are star clusters: the article with most
//! neighbours becomes a centre and takes them, so every article of a story is close to its
//! centre. Like claims, computed on demand from the stored rows.

use crate::StoreError;
use crate::claims::Scope;
use crate::error::SqlContext;
use crate::similar::{Index, Vocab, cosine, day_number, norm, stars, words};
use rasid_arabic::normalize::fold_str;
use rayon::prelude::*;
use rusqlite::Connection;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// How much of an article's beginning (title included) is read: the title and about two
/// sentences of lead.
pub const LEAD_CHARS: u32 = 500;

/// What `rasid stories` asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryQuery {
    /// Stories with an article naming the entity in its lead, from the outlet, in the dates.
    pub scope: Scope,
    /// Only stories told by at least this many outlets.
    pub min_outlets: usize,
    pub window_days: u32,
    pub min_similarity: f32,
    pub limit: usize,
}

impl Default for StoryQuery {
    fn default() -> StoryQuery {
        StoryQuery { scope: Scope::default(), min_outlets: 2, window_days: 2, min_similarity: 0.4, limit: 20 }
    }
}

impl StoryQuery {
    pub fn check(&self) -> Result<(), StoreError> {
        self.scope.check()
    }
}

/// One story across outlets.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Story {
    /// The centre article's title.
    pub title: String,
    pub outlets: Vec<String>,
    pub first: Option<String>,
    pub last: Option<String>,
    /// Canonical entities named in the leads of more than one article, most named first.
    pub entities: Vec<String>,
    /// Its articles, by date.
    pub articles: Vec<StoryArticle>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoryArticle {
    pub id: i64,
    pub doc: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub title: Option<String>,
    /// Similarity to the story's centre (1 for the centre).
    pub similarity: f32,
}

/// An article as story grouping needs it.
#[derive(Clone, Debug, Default)]
pub struct LeadRow {
    pub id: i64,
    pub doc: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    /// The beginning of the text ([`LEAD_CHARS`]).
    pub lead: String,
    /// Canonical ids of the entities in the lead.
    pub entities: Vec<String>,
}

const ENTITY_BONUS: f32 = 0.05;

/// Groups articles into stories, those told by most outlets first. `entity_ids` are the
/// canonical ids [`StoryQuery::entity`] names (resolved by the backend).
pub fn group(rows: &[LeadRow], q: &StoryQuery, entity_ids: &[String]) -> Vec<Story> {
    if rows.is_empty() {
        return Vec::new();
    }
    let texts: Vec<Vec<String>> = rows
        .par_iter()
        .map(|r| {
            // The lead usually starts with the title; read it once.
            let lead = match &r.title {
                Some(t) if r.lead.starts_with(t.as_str()) => &r.lead[t.len()..],
                _ => r.lead.as_str(),
            };
            let mut w = words(r.title.as_deref().unwrap_or(""));
            w.extend(words(lead));
            w
        })
        .collect();
    let (vocab, bags) = Vocab::build(&texts);
    let norms: Vec<f32> = bags.iter().map(|b| norm(b, &vocab.idf)).collect();
    let days: Vec<i32> =
        rows.iter().map(|r| r.published.as_deref().and_then(day_number).unwrap_or(0)).collect();
    let mut ent_ids: HashMap<&str, u32> = HashMap::new();
    let ents: Vec<Vec<u32>> = rows
        .iter()
        .map(|r| {
            let mut ids: Vec<u32> = r
                .entities
                .iter()
                .map(|c| {
                    let next = ent_ids.len() as u32;
                    *ent_ids.entry(c.as_str()).or_insert(next)
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    let max_df = ((rows.len() as f64 * 0.01) as u32).max(20);
    let index = Index::new(&bags, &days, vocab.idf.len(), max_df);
    let window = q.window_days as i32;
    let neighbours: Vec<Vec<(u32, f32)>> = (0..rows.len())
        .into_par_iter()
        .map_init(
            || (vec![false; rows.len()], Vec::new()),
            |(seen, cands), k| {
                if bags[k].len() < 3 {
                    return Vec::new();
                }
                index.candidates(&bags[k], days[k], window, seen, cands);
                let mut out = Vec::new();
                for &j in cands.iter() {
                    let j = j as usize;
                    if j == k {
                        continue;
                    }
                    let (cos, shared) = cosine(&bags[k], &bags[j], &vocab.idf, norms[k], norms[j]);
                    if shared < 3 {
                        continue;
                    }
                    let e = ents[k].iter().filter(|e| ents[j].binary_search(e).is_ok()).count().min(3);
                    let s = cos + ENTITY_BONUS * e as f32;
                    if s >= q.min_similarity {
                        out.push((j as u32, s.min(1.0)));
                    }
                }
                out.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                out
            },
        )
        .collect();
    // Centres: most outlets among the neighbours, then most neighbours.
    let mut order: Vec<(usize, usize, usize)> = (0..rows.len())
        .filter(|&k| !neighbours[k].is_empty())
        .map(|k| {
            let outlets: HashSet<&str> =
                neighbours[k].iter().filter_map(|&(j, _)| rows[j as usize].source.as_deref()).collect();
            (k, outlets.len(), neighbours[k].len())
        })
        .collect();
    order.sort_by(|x, y| y.1.cmp(&x.1).then(y.2.cmp(&x.2)).then(x.0.cmp(&y.0)));
    let order: Vec<usize> = order.into_iter().map(|o| o.0).collect();
    let mut taken = vec![false; rows.len()];
    let groups = stars(&order, &neighbours, &mut taken);

    let wanted = q.scope.entity.as_deref().map(|e| (e.trim().to_string(), fold_str(e.trim())));
    let mut stories = Vec::new();
    for g in groups {
        let mut outlets: Vec<String> = g.iter().filter_map(|m| rows[m.0].source.clone()).collect();
        outlets.sort_by_key(|o| o.to_lowercase());
        outlets.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
        if outlets.len() < q.min_outlets.max(1) || g.len() < 2 {
            continue;
        }
        if let Some(o) = &q.scope.outlet
            && !outlets.iter().any(|x| x.eq_ignore_ascii_case(o))
        {
            continue;
        }
        if let Some((raw, folded)) = &wanted
            && !g.iter().any(|m| rows[m.0].entities.iter().any(|c| c == raw || entity_ids.contains(c)))
            && !g.iter().any(|m| fold_str(rows[m.0].title.as_deref().unwrap_or("")).contains(folded.as_str()))
        {
            continue;
        }
        let mut count: BTreeMap<&str, usize> = BTreeMap::new();
        for m in &g {
            for e in &rows[m.0].entities {
                *count.entry(e.as_str()).or_default() += 1;
            }
        }
        let mut entities: Vec<(&str, usize)> = count.into_iter().filter(|e| e.1 > 1).collect();
        entities.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
        let centre = &rows[g[0].0];
        let mut articles: Vec<StoryArticle> = g
            .iter()
            .map(|&(k, s)| {
                let r = &rows[k];
                StoryArticle {
                    id: r.id,
                    doc: r.doc.clone(),
                    url: r.url.clone(),
                    outlet: r.source.clone(),
                    published: r.published.clone(),
                    title: r.title.clone(),
                    similarity: s,
                }
            })
            .collect();
        articles.sort_by(|x, y| x.published.cmp(&y.published).then(x.id.cmp(&y.id)));
        stories.push(Story {
            title: centre.title.clone().unwrap_or_else(|| centre.doc.clone()),
            outlets,
            first: articles.iter().filter_map(|a| a.published.clone()).min(),
            last: articles.iter().filter_map(|a| a.published.clone()).max(),
            entities: entities.into_iter().take(6).map(|e| e.0.to_string()).collect(),
            articles,
        });
    }
    stories.sort_by(|a, b| {
        b.outlets
            .len()
            .cmp(&a.outlets.len())
            .then(b.articles.len().cmp(&a.articles.len()))
            .then(a.first.cmp(&b.first))
    });
    stories.truncate(q.limit);
    stories
}

/// Loads titles, leads and lead entities of the articles in the date range.
pub(crate) fn load(
    conn: &Connection,
    since: &Option<String>,
    until: &Option<String>,
) -> Result<Vec<LeadRow>, StoreError> {
    let mut range = String::from("WHERE 1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(s) = since {
        range.push_str(" AND a.published >= ?");
        args.push(s.clone().into());
    }
    if let Some(u) = until {
        range.push_str(" AND a.published <= ?");
        args.push(u.clone().into());
    }
    let mut rows = Vec::new();
    let mut at: HashMap<i64, usize> = HashMap::new();
    {
        let mut st = conn
            .prepare(&format!(
                "SELECT a.id, a.doc, a.url, a.source, a.title, a.published, substr(a.text, 1, {LEAD_CHARS})
                 FROM articles a {range} ORDER BY a.id"
            ))
            .what("reading articles")?;
        let mut r = st.query(rusqlite::params_from_iter(args.iter())).what("reading articles")?;
        while let Some(row) = r.next().what("reading articles")? {
            let l = LeadRow {
                id: row.get(0).what("reading articles")?,
                doc: row.get(1).what("reading articles")?,
                url: row.get(2).what("reading articles")?,
                source: row.get(3).what("reading articles")?,
                title: row.get(4).what("reading articles")?,
                published: row.get(5).what("reading articles")?,
                lead: row.get(6).what("reading articles")?,
                entities: Vec::new(),
            };
            at.insert(l.id, rows.len());
            rows.push(l);
        }
    }
    let mut st = conn
        .prepare(&format!(
            "SELECT e.article, e.canonical FROM entities e
             WHERE e.start < {LEAD_CHARS} AND e.canonical IS NOT NULL AND e.canonical != ''"
        ))
        .what("reading entities")?;
    let mut r = st.query([]).what("reading entities")?;
    while let Some(row) = r.next().what("reading entities")? {
        let id: i64 = row.get(0).what("reading entities")?;
        if let Some(&k) = at.get(&id) {
            rows[k].entities.push(row.get(1).what("reading entities")?);
        }
    }
    for r in &mut rows {
        r.entities.sort();
        r.entities.dedup();
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead(id: i64, source: &str, published: &str, title: &str, lead: &str, entities: &[&str]) -> LeadRow {
        LeadRow {
            id,
            doc: format!("d{id}"),
            source: Some(source.into()),
            published: Some(published.into()),
            title: Some(title.into()),
            lead: format!("{title}\n{lead}"),
            entities: entities.iter().map(|e| e.to_string()).collect(),
            ..LeadRow::default()
        }
    }

    /// Other news of other days, so that word weights are those of a collection.
    const OTHER: &[&str] = &[
        "ارتفاع أسعار النفط في الأسواق العالمية",
        "منتخب مصر يتأهل إلى نهائيات كأس العالم",
        "الأمم المتحدة تدعو إلى هدنة في اليمن",
        "انطلاق مهرجان القاهرة السينمائي بمشاركة واسعة",
        "زلزال بقوة ست درجات يضرب جنوب إيران",
        "البنك المركزي يرفع أسعار الفائدة",
        "افتتاح معرض الكتاب في الرياض",
        "انتخابات بلدية في تونس وسط إقبال ضعيف",
    ];

    fn rows() -> Vec<LeadRow> {
        let mut r = vec![
            // A plane crash in Havana told by two outlets, in different words.
            lead(
                1,
                "bbc",
                "2018-05-18",
                "تحطم طائرة ركاب كوبية بعد إقلاعها من هافانا",
                "تحطمت طائرة ركاب تابعة لشركة كوبانا على متنها 104 ركاب بعد دقائق من إقلاعها من مطار هافانا",
                &["geonames:havana", "country:CU"],
            ),
            lead(
                2,
                "skynews",
                "2018-05-19",
                "مقتل أكثر من مئة في تحطم طائرة كوبية قرب مطار هافانا",
                "لقي أكثر من مئة شخص حتفهم عندما تحطمت طائرة ركاب كوبية بعيد إقلاعها من مطار هافانا",
                &["geonames:havana", "country:CU"],
            ),
            // The same words a month later: another story.
            lead(
                3,
                "cnn",
                "2018-06-25",
                "تحطم طائرة ركاب كوبية بعد إقلاعها من هافانا",
                "تحطمت طائرة ركاب تابعة لشركة كوبانا بعد دقائق من إقلاعها من مطار هافانا",
                &["geonames:havana"],
            ),
            // Something else the same day.
            lead(
                4,
                "france24",
                "2018-05-18",
                "البرلمان العراقي يصادق على نتائج الانتخابات",
                "صادق البرلمان العراقي على النتائج النهائية للانتخابات التشريعية بعد أسابيع من الجدل",
                &["country:IQ"],
            ),
        ];
        for (i, t) in OTHER.iter().enumerate() {
            r.push(lead(10 + i as i64, "bbc", "2017-01-01", t, t, &[]));
        }
        r
    }

    #[test]
    fn one_story_from_two_outlets() {
        let s = group(&rows(), &StoryQuery::default(), &[]);
        assert_eq!(s.len(), 1, "{s:#?}");
        assert_eq!(s[0].outlets, ["bbc", "skynews"]);
        assert_eq!(s[0].articles.iter().map(|a| a.id).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(s[0].entities, ["country:CU", "geonames:havana"]);
        assert_eq!(s[0].first.as_deref(), Some("2018-05-18"));
    }

    #[test]
    fn filters() {
        let r = rows();
        let q = |f: fn(&mut StoryQuery)| {
            let mut q = StoryQuery::default();
            f(&mut q);
            group(&r, &q, &[])
        };
        assert_eq!(q(|q| q.scope.outlet = Some("BBC".into())).len(), 1);
        assert_eq!(q(|q| q.scope.outlet = Some("france24".into())).len(), 0);
        assert_eq!(q(|q| q.scope.entity = Some("country:CU".into())).len(), 1);
        assert_eq!(q(|q| q.scope.entity = Some("country:IQ".into())).len(), 0);
        assert_eq!(q(|q| q.min_outlets = 3).len(), 0);
        // A window of two months joins the June article to the story.
        assert_eq!(q(|q| q.window_days = 60)[0].articles.len(), 3);
    }
}
