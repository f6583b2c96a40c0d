//! The API's routes. Each handler carries its OpenAPI description (`utoipa::path`), and the
//! router is built from the same declarations (`utoipa_axum::routes!`), so the document at
//! `/api/openapi.json` lists exactly the routes served.

use crate::error::{ApiError, ErrorBody};
use crate::{App, read};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rasid_core::{DocJson, JsonOptions};
use rasid_store::{
    ArticleList, ArticleMeta, Browse, Claim, ClaimQuery, Entity, EntityPage, Event, EventQuery, Facets,
    Filters, Hit, Outlet, Place, Prepared, Put, Query as SearchQuery, Scope, Speaker, Statement,
    StatementQuery, Stats, Store, Story, StoryQuery, event_type,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::{IntoParams, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "rasid",
        description = "Sourced intelligence from Arabic news: articles with who said what, claims across outlets, entities, events and places. Errors are {\"error\": {\"code\", \"message\"}} with a stable code.",
        license(name = "Apache-2.0")
    ),
    components(schemas(ErrorBody)),
    modifiers(&WriteToken)
)]
pub struct ApiDoc;

/// The bearer token that write routes need.
struct WriteToken;

impl utoipa::Modify for WriteToken {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let comps = doc.components.get_or_insert_with(Default::default);
        comps.add_security_scheme(
            "write_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("The server's write token (rasid serve --write-token-file)"))
                    .build(),
            ),
        );
    }
}

pub(crate) fn routes() -> OpenApiRouter<Arc<App>> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(stats))
        .routes(routes!(analyze))
        .routes(routes!(articles))
        .routes(routes!(article, delete_article))
        .routes(routes!(search))
        .routes(routes!(entities))
        .routes(routes!(entity))
        .routes(routes!(speakers))
        .routes(routes!(statements))
        .routes(routes!(claims))
        .routes(routes!(contradictions))
        .routes(routes!(stories))
        .routes(routes!(events))
        .routes(routes!(places))
        .routes(routes!(ingest))
}

/// The OpenAPI document of the routes above, with itself added.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = routes().split_for_parts();
    let op = utoipa::openapi::path::OperationBuilder::new()
        .summary(Some("This document"))
        .operation_id(Some("openapi"))
        .response("200", utoipa::openapi::Response::new("The OpenAPI 3.1 description of this API"))
        .build();
    doc.paths.paths.insert(
        "/api/openapi.json".to_string(),
        utoipa::openapi::path::PathItem::new(utoipa::openapi::HttpMethod::Get, op),
    );
    doc
}

pub(crate) async fn openapi_json() -> Response {
    static DOC: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let body = DOC.get_or_init(|| openapi().to_pretty_json().unwrap_or_default());
    ([(header::CONTENT_TYPE, "application/json")], body.clone()).into_response()
}

// ---- parameters

/// The filters shared by the list routes.
#[derive(Clone, Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterParams {
    /// Articles naming this entity: a canonical id (`gna-libya`) or a name («طرابلس»).
    entity: Option<String>,
    /// Articles naming this place (canonical id or name).
    place: Option<String>,
    /// Articles quoting this speaker (canonical id, a name the catalogue knows, or the speaker
    /// as written).
    speaker: Option<String>,
    /// Articles of this outlet.
    outlet: Option<String>,
    /// Published on or after (YYYY-MM-DD).
    since: Option<String>,
    /// Published on or before (YYYY-MM-DD).
    until: Option<String>,
    /// Articles with an event of this type (`armed_clash`, `air_strike`, `arrest` ...).
    event: Option<String>,
}

fn blank_to_none(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

use rasid_extract::link::Catalogue;

impl FilterParams {
    fn filters(self) -> Result<Filters, ApiError> {
        let event = blank_to_none(self.event).as_deref().map(event_type).transpose()?;
        let f = Filters {
            entity: blank_to_none(self.entity),
            place: blank_to_none(self.place),
            speaker: blank_to_none(self.speaker),
            outlet: blank_to_none(self.outlet),
            since: blank_to_none(self.since),
            until: blank_to_none(self.until),
            event,
            ..Filters::default()
        };
        Ok(f.with_ids(Catalogue::embedded_ids_named))
    }
}

/// Most items a list route returns.
const MAX_LIMIT: usize = 1000;

fn limit(v: Option<usize>, default: usize, max: usize) -> Result<usize, ApiError> {
    match v {
        None => Ok(default),
        Some(0) => Err(ApiError::bad_request("limit must be at least 1")),
        Some(n) if n > max => Err(ApiError::bad_request(format!("limit must be at most {max}"))),
        Some(n) => Ok(n),
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Most articles (50; at most 1000).
    limit: Option<usize>,
    /// Articles to skip.
    offset: Option<usize>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LimitParams {
    /// Most items (at most 1000).
    limit: Option<usize>,
}

// ---- bodies

#[derive(Serialize, ToSchema)]
pub struct StatsBody {
    #[serde(flatten)]
    stats: Stats,
    outlets: Vec<Outlet>,
    /// First and last publication dates.
    first: Option<String>,
    last: Option<String>,
    /// Whether the server accepts writes (it was started with a write token).
    writable: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ArticleBody {
    article: ArticleMeta,
    /// The analysis, as `rasid analyze --json` prints it (spec/output.md), with its text.
    #[schema(value_type = Object)]
    analysis: DocJson,
}

#[derive(Serialize, ToSchema)]
pub struct SearchBody {
    hits: Vec<Hit>,
    /// Articles matching in all.
    total: u64,
    /// Counts over every matching article; absent with `facets=false`.
    facets: Option<Facets>,
}

#[derive(Serialize, ToSchema)]
pub struct EntitiesBody {
    entities: Vec<Entity>,
}

#[derive(Serialize, ToSchema)]
pub struct SpeakersBody {
    speakers: Vec<Speaker>,
}

#[derive(Serialize, ToSchema)]
pub struct StatementsBody {
    statements: Vec<Statement>,
}

#[derive(Serialize, ToSchema)]
pub struct ClaimsBody {
    claims: Vec<Claim>,
}

#[derive(Serialize, ToSchema)]
pub struct StoriesBody {
    stories: Vec<Story>,
}

#[derive(Serialize, ToSchema)]
pub struct EventsBody {
    events: Vec<Event>,
}

#[derive(Serialize, ToSchema)]
pub struct PlacesBody {
    places: Vec<Place>,
}

/// What happened to one posted document.
#[derive(Serialize, ToSchema)]
pub struct IngestOutcome {
    /// The document's id (from its JSON line, else `request`).
    doc: String,
    #[serde(flatten)]
    put: Put,
}

#[derive(Serialize, ToSchema)]
pub struct IngestBody {
    stored: usize,
    duplicates: usize,
    failed: usize,
    outcomes: Vec<IngestOutcome>,
    /// Why each failed document failed (with its line).
    errors: Vec<String>,
}

// ---- handlers

/// Row counts, outlets and dates of the collection.
#[utoipa::path(get, path = "/api/stats", tag = "collection",
    responses((status = 200, body = StatsBody), (status = 500, body = ErrorBody)))]
async fn stats(State(app): State<Arc<App>>) -> Result<Json<StatsBody>, ApiError> {
    let writable = app.writer.is_some();
    let body = read(&app, move |s| {
        let (first, last) = s.date_range()?;
        Ok(StatsBody { stats: s.stats()?, outlets: s.outlets()?, first, last, writable })
    })
    .await?;
    Ok(Json(body))
}

/// What `/api/analyze` takes as JSON.
#[derive(Deserialize, Serialize, ToSchema)]
pub struct AnalyzeRequest {
    text: String,
    title: Option<String>,
    url: Option<String>,
    source: Option<String>,
    /// YYYY-MM-DD (or a date the JSON Lines reader understands).
    published: Option<String>,
    id: Option<String>,
}

/// The documents a request body holds, read as `rasid ingest` reads input.
fn documents(
    headers: &HeaderMap,
    body: &[u8],
    one: bool,
) -> Result<Vec<Result<rasid_core::Doc, String>>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request("the body is empty"));
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let opts = rasid_ingest::Options::default();
    let read = |bytes: &[u8], opts: &rasid_ingest::Options| -> Vec<Result<rasid_core::Doc, String>> {
        rasid_ingest::read_bytes("request", bytes, opts).map(|r| r.map_err(|e| e.to_string())).collect()
    };
    if is_json && one {
        let req: AnalyzeRequest = serde_json::from_slice(body)
            .map_err(|e| ApiError::bad_request(format!("the body is not an article object: {e}")))?;
        let line = serde_json::to_vec(&req).map_err(|e| ApiError::internal(e.to_string()))?;
        Ok(read(&line, &opts.with_format(rasid_ingest::Format::Jsonl)))
    } else {
        Ok(read(body, &opts))
    }
}

/// Analyses a posted article and returns its analysis (spec/output.md). The body is the
/// article (text/plain or text/html), or JSON `{text, title?, url?, source?, published?}`.
#[utoipa::path(post, path = "/api/analyze", tag = "analysis",
    request_body(description = "JSON, or the article as text/plain or text/html",
        content((AnalyzeRequest = "application/json"), (String = "text/plain"), (String = "text/html"))),
    responses((status = 200, description = "The analysis (spec/output.md)", body = Object),
        (status = 400, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn analyze(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Result<Response, ApiError> {
    let app = app.clone();
    let out = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, ApiError> {
        let mut docs = documents(&headers, &body, true)?;
        if docs.len() != 1 {
            return Err(ApiError::bad_request(format!(
                "expected one article, the body holds {} (use /api/ingest for many)",
                docs.len()
            )));
        }
        let mut doc =
            docs.pop().unwrap_or_else(|| Err("no article".into())).map_err(ApiError::bad_request)?;
        app.pipeline.run(&mut doc).map_err(|e| ApiError::bad_request(e.to_string()))?;
        serde_json::to_vec(&DocJson::from_doc(&doc, JsonOptions { tokens: false }))
            .map_err(|e| ApiError::internal(e.to_string()))
    })
    .await
    .map_err(|e| ApiError::internal(format!("analysis failed: {e}")))??;
    Ok(([(header::CONTENT_TYPE, "application/json")], out).into_response())
}

/// Articles matching the filters, newest first.
#[utoipa::path(get, path = "/api/articles", tag = "articles", params(FilterParams, PageParams),
    responses((status = 200, body = ArticleList), (status = 400, body = ErrorBody)))]
async fn articles(
    State(app): State<Arc<App>>,
    Query(f): Query<FilterParams>,
    Query(p): Query<PageParams>,
) -> Result<Json<ArticleList>, ApiError> {
    let f = f.filters()?;
    let n = limit(p.limit, 50, MAX_LIMIT)?;
    let offset = p.offset.unwrap_or(0);
    Ok(Json(read(&app, move |s| s.articles(&f, n, offset)).await?))
}

/// One article with its analysis.
#[utoipa::path(get, path = "/api/articles/{id}", tag = "articles",
    params(("id" = i64, Path, description = "The store's article number")),
    responses((status = 200, body = ArticleBody), (status = 404, body = ErrorBody)))]
async fn article(State(app): State<Arc<App>>, Path(id): Path<i64>) -> Result<Json<ArticleBody>, ApiError> {
    let got = read(&app, move |s| {
        let Some(meta) = s.article_meta(id)? else { return Ok(None) };
        Ok(s.article(id)?.map(|analysis| ArticleBody { article: meta, analysis }))
    })
    .await?;
    got.map(Json).ok_or_else(|| ApiError::not_found(format!("no article {id}")))
}

/// The writer, for a request with the write token.
fn writer<'a>(
    app: &'a App,
    headers: &HeaderMap,
) -> Result<&'a std::sync::Mutex<rasid_store::SqliteStore>, ApiError> {
    let (Some(token), Some(w)) = (&app.config.write_token, &app.writer) else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "read_only",
            "this server is read-only: start it with a write token to change the store",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let ok = given.is_some_and(|g| {
        use subtle::ConstantTimeEq;
        g.len() == token.len() && bool::from(g.as_bytes().ct_eq(token.as_bytes()))
    });
    if !ok {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid write token is required",
        ));
    }
    Ok(w)
}

/// Removes an article with its analysis rows and index entries (write token).
#[utoipa::path(delete, path = "/api/articles/{id}", tag = "articles",
    params(("id" = i64, Path, description = "The store's article number")),
    security(("write_token" = [])),
    responses((status = 204, description = "Deleted"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_article(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    let app2 = app.clone();
    let deleted = tokio::task::spawn_blocking(move || {
        let w = writer(&app2, &headers)?;
        let mut w = w.lock().unwrap_or_else(|p| p.into_inner());
        w.delete(id).map_err(ApiError::from)
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))??;
    if deleted {
        app.clear_cache();
    }
    if deleted { Ok(StatusCode::NO_CONTENT) } else { Err(ApiError::not_found(format!("no article {id}"))) }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words and "quoted phrases", all required; may be empty when a filter is given.
    q: Option<String>,
    /// Most hits (20; at most 1000).
    limit: Option<usize>,
    /// Count facets over all matching articles (default true).
    facets: Option<bool>,
}

/// Ranked full-text search (BM25, Arabic-aware) with filters and facets.
#[utoipa::path(get, path = "/api/search", tag = "search", params(SearchParams, FilterParams),
    responses((status = 200, body = SearchBody), (status = 400, body = ErrorBody)))]
async fn search(
    State(app): State<Arc<App>>,
    Query(sp): Query<SearchParams>,
    Query(f): Query<FilterParams>,
) -> Result<Json<SearchBody>, ApiError> {
    let f = f.filters()?;
    let n = limit(sp.limit, 20, MAX_LIMIT)?;
    let q = SearchQuery::parse(sp.q.as_deref().unwrap_or(""))
        .map_err(ApiError::from)?
        .with_filters(f)
        .with_limit(n);
    let with_facets = sp.facets.unwrap_or(true);
    let body = read(&app, move |s| {
        let hits = s.search(&q)?;
        let facets = if with_facets { Some(s.facets(&q, 12)?) } else { None };
        let total = facets.as_ref().map(|f| f.total).unwrap_or(hits.len() as u64);
        Ok(SearchBody { hits, total, facets })
    })
    .await?;
    Ok(Json(body))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntityListParams {
    /// A name or id to look for (folded; part of a name matches).
    q: Option<String>,
    /// PER, ORG, LOC or MISC.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    kind: Option<String>,
    /// Most entities (50; at most 1000).
    limit: Option<usize>,
}

/// Entities, most named first.
#[utoipa::path(get, path = "/api/entities", tag = "entities", params(EntityListParams),
    responses((status = 200, body = EntitiesBody), (status = 400, body = ErrorBody)))]
async fn entities(
    State(app): State<Arc<App>>,
    Query(p): Query<EntityListParams>,
) -> Result<Json<EntitiesBody>, ApiError> {
    let n = limit(p.limit, 50, MAX_LIMIT)?;
    let kind = blank_to_none(p.kind);
    if let Some(k) = &kind
        && !["PER", "ORG", "LOC", "MISC"].contains(&k.to_uppercase().as_str())
    {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_filter",
            format!("unknown entity type {k:?}: PER, ORG, LOC or MISC"),
        ));
    }
    let q = blank_to_none(p.q);
    Ok(Json(EntitiesBody {
        entities: read(&app, move |s| s.entities(q.as_deref(), kind.as_deref(), n)).await?,
    }))
}

/// An entity's page: aliases, mentions by month, what it said and what was said about it.
#[utoipa::path(get, path = "/api/entities/{id}", tag = "entities",
    params(("id" = String, Path, description = "A canonical id, or a name"), LimitParams),
    responses((status = 200, body = EntityPage), (status = 404, body = ErrorBody)))]
async fn entity(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(p): Query<LimitParams>,
) -> Result<Json<EntityPage>, ApiError> {
    let n = limit(p.limit, 50, MAX_LIMIT)?;
    let ids = Catalogue::embedded_ids_named(Some(&id), false);
    let id2 = id.clone();
    let page = read(&app, move |s| s.entity(&id2, &ids, n)).await?;
    page.map(Json).ok_or_else(|| ApiError::not_found(format!("no entity {id:?}")))
}

/// Speakers, most statements first.
#[utoipa::path(get, path = "/api/speakers", tag = "entities", params(LimitParams),
    responses((status = 200, body = SpeakersBody)))]
async fn speakers(
    State(app): State<Arc<App>>,
    Query(p): Query<LimitParams>,
) -> Result<Json<SpeakersBody>, ApiError> {
    let n = limit(p.limit, 50, MAX_LIMIT)?;
    Ok(Json(SpeakersBody { speakers: read(&app, move |s| s.speakers(n)).await? }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatementParams {
    /// affirm or deny.
    polarity: Option<String>,
    /// Most statements (100; at most 1000).
    limit: Option<usize>,
}

/// Statements (attributions) across articles, newest first: `speaker` picks the statements
/// of a speaker, `entity` those whose content names it.
#[utoipa::path(get, path = "/api/statements", tag = "entities", params(FilterParams, StatementParams),
    responses((status = 200, body = StatementsBody), (status = 400, body = ErrorBody)))]
async fn statements(
    State(app): State<Arc<App>>,
    Query(f): Query<FilterParams>,
    Query(p): Query<StatementParams>,
) -> Result<Json<StatementsBody>, ApiError> {
    let q = StatementQuery {
        filters: f.filters()?,
        polarity: blank_to_none(p.polarity),
        limit: limit(p.limit, 100, MAX_LIMIT)?,
    };
    Ok(Json(StatementsBody { statements: read(&app, move |s| s.statements(&q)).await? }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScopeParams {
    /// An entity involved (canonical id or name).
    entity: Option<String>,
    /// At least one source from this outlet.
    outlet: Option<String>,
    since: Option<String>,
    until: Option<String>,
    /// Most items (20; at most 200).
    limit: Option<usize>,
    /// Claims: also those nobody disputes.
    all: Option<bool>,
}

impl ScopeParams {
    fn scope(&mut self) -> Scope {
        Scope {
            entity: blank_to_none(self.entity.take()),
            outlet: blank_to_none(self.outlet.take()),
            since: blank_to_none(self.since.take()),
            until: blank_to_none(self.until.take()),
            ..Scope::default()
        }
        .with_ids(Catalogue::embedded_ids_named)
    }
}

/// Claims across articles, each with who affirms and who denies it.
#[utoipa::path(get, path = "/api/claims", tag = "claims", params(ScopeParams),
    responses((status = 200, body = ClaimsBody), (status = 400, body = ErrorBody)))]
async fn claims(
    State(app): State<Arc<App>>,
    Query(mut p): Query<ScopeParams>,
) -> Result<Json<ClaimsBody>, ApiError> {
    let q = ClaimQuery {
        scope: p.scope(),
        disputed_only: !p.all.unwrap_or(false),
        limit: limit(p.limit, 20, 200)?,
        ..ClaimQuery::default()
    };
    let key = format!("claims {q:?}");
    let claims = app.cached(key, move |s| s.claims(&q)).await?;
    Ok(Json(ClaimsBody { claims: (*claims).clone() }))
}

/// Contradictions inside single articles: a claim the article's own sources affirm and deny,
/// newest first, in the shape of a claim (one article's sources on each side).
#[utoipa::path(get, path = "/api/contradictions", tag = "claims", params(FilterParams, LimitParams),
    responses((status = 200, body = ClaimsBody), (status = 400, body = ErrorBody)))]
async fn contradictions(
    State(app): State<Arc<App>>,
    Query(f): Query<FilterParams>,
    Query(p): Query<LimitParams>,
) -> Result<Json<ClaimsBody>, ApiError> {
    let f = f.filters()?;
    let n = limit(p.limit, 50, MAX_LIMIT)?;
    Ok(Json(ClaimsBody { claims: read(&app, move |s| s.contradictions(&f, n)).await? }))
}

/// Articles of different outlets that tell the same story.
#[utoipa::path(get, path = "/api/stories", tag = "claims", params(ScopeParams),
    responses((status = 200, body = StoriesBody), (status = 400, body = ErrorBody)))]
async fn stories(
    State(app): State<Arc<App>>,
    Query(mut p): Query<ScopeParams>,
) -> Result<Json<StoriesBody>, ApiError> {
    let q = StoryQuery { scope: p.scope(), limit: limit(p.limit, 20, 200)?, ..StoryQuery::default() };
    let key = format!("stories {q:?}");
    let stories = app.cached(key, move |s| s.stories(&q)).await?;
    Ok(Json(StoriesBody { stories: (*stories).clone() }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventParams {
    /// An event type (`armed_clash`, `air_strike` ...).
    #[serde(rename = "type")]
    #[param(rename = "type")]
    kind: Option<String>,
    /// Where: a canonical id or a name.
    place: Option<String>,
    outlet: Option<String>,
    /// The event's date (else its article's) on or after.
    since: Option<String>,
    until: Option<String>,
    /// west,south,east,north in degrees.
    bbox: Option<String>,
    /// Also events reported as not having happened.
    negated: Option<bool>,
    /// Most events (500; at most 5000).
    limit: Option<usize>,
}

/// Events, newest first, filterable by type, place, time and bounding box.
#[utoipa::path(get, path = "/api/events", tag = "events", params(EventParams),
    responses((status = 200, body = EventsBody), (status = 400, body = ErrorBody)))]
async fn events(
    State(app): State<Arc<App>>,
    Query(p): Query<EventParams>,
) -> Result<Json<EventsBody>, ApiError> {
    let bbox = parse_bbox(p.bbox)?;
    let place = blank_to_none(p.place);
    let q = EventQuery {
        kind: blank_to_none(p.kind).as_deref().map(event_type).transpose().map_err(|e| match e {
            rasid_store::StoreError::BadFilter { value, reason, .. } => {
                rasid_store::StoreError::BadFilter { filter: "type", value, reason }
            }
            e => e,
        })?,
        place_ids: Catalogue::embedded_ids_named(place.as_deref(), true),
        place,
        outlet: blank_to_none(p.outlet),
        since: blank_to_none(p.since),
        until: blank_to_none(p.until),
        bbox,
        negated: p.negated.unwrap_or(false),
        limit: limit(p.limit, 500, 5000)?,
    };
    Ok(Json(EventsBody { events: read(&app, move |s| s.events(&q)).await? }))
}

/// `west,south,east,north` in degrees.
fn parse_bbox(b: Option<String>) -> Result<Option<[f64; 4]>, ApiError> {
    let Some(b) = blank_to_none(b) else { return Ok(None) };
    let bad = || {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_filter",
            format!("bad bbox={b:?}: expected four numbers west,south,east,north"),
        )
    };
    let v: Vec<f64> =
        b.split(',').map(|x| x.trim().parse::<f64>()).collect::<Result<_, _>>().map_err(|_| bad())?;
    match v[..] {
        [w, s, e, n] => Ok(Some([w, s, e, n])),
        _ => Err(bad()),
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlaceParams {
    /// west,south,east,north in degrees: only places inside.
    bbox: Option<String>,
    /// Most places (500; at most 5000).
    limit: Option<usize>,
}

/// Places with coordinates named in the articles the filters keep, with event counts.
#[utoipa::path(get, path = "/api/places", tag = "events", params(FilterParams, PlaceParams),
    responses((status = 200, body = PlacesBody), (status = 400, body = ErrorBody)))]
async fn places(
    State(app): State<Arc<App>>,
    Query(f): Query<FilterParams>,
    Query(p): Query<PlaceParams>,
) -> Result<Json<PlacesBody>, ApiError> {
    let f = f.filters()?;
    let n = limit(p.limit, 500, 5000)?;
    let bbox = parse_bbox(p.bbox)?;
    Ok(Json(PlacesBody { places: read(&app, move |s| s.places(&f, bbox, n)).await? }))
}

/// Analyses and stores posted articles (write token): JSON Lines, or one article as text or
/// HTML, as `rasid ingest` reads them. Articles already stored (same URL or content) are
/// reported as duplicates.
#[utoipa::path(post, path = "/api/ingest", tag = "collection",
    request_body(description = "JSON Lines, or one article as text/plain or text/html",
        content((String = "application/x-ndjson"), (String = "text/plain"), (String = "text/html"))),
    security(("write_token" = [])),
    responses((status = 200, body = IngestBody), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 413, body = ErrorBody)))]
async fn ingest(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<IngestBody>, ApiError> {
    let app2 = app.clone();
    let out = tokio::task::spawn_blocking(move || -> Result<IngestBody, ApiError> {
        let w = writer(&app2, &headers)?;
        let mut errors = Vec::new();
        let mut docs = Vec::new();
        for d in documents(&headers, &body, false)? {
            match d {
                Ok(d) => docs.push(d),
                Err(e) => errors.push(e),
            }
        }
        let mut prepared = Vec::new();
        for r in app2.pipeline.run_batch(docs) {
            match r {
                Ok(doc) => prepared.push(Prepared::from_doc(&doc)),
                Err(e) => errors.push(e.to_string()),
            }
        }
        let puts = w.lock().unwrap_or_else(|p| p.into_inner()).put(&prepared)?;
        let stored = puts.iter().filter(|p| matches!(p, Put::Stored { .. })).count();
        let outcomes: Vec<IngestOutcome> =
            prepared.iter().zip(puts).map(|(p, put)| IngestOutcome { doc: p.doc.doc.clone(), put }).collect();
        Ok(IngestBody { stored, duplicates: outcomes.len() - stored, failed: errors.len(), outcomes, errors })
    })
    .await
    .map_err(|e| ApiError::internal(e.to_string()))??;
    if out.stored > 0 {
        app.clear_cache();
    }
    Ok(Json(out))
}
