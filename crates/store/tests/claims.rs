//! Claims and stories end to end: articles written for these tests go through the analysis
//! pipeline into a store, and come back grouped across outlets.

use rasid_store::{ClaimQuery, Prepared, Scope, SqliteStore, Store, StoreError, StoryQuery};

/// «وزارة الدفاع الروسية: طائرات تركية قصفت مستشفى في إدلب» "Russian defence ministry: Turkish
/// aircraft bombed a hospital in Idlib".
const AFFIRM: &str = "روسيا تتهم تركيا بقصف مستشفى في إدلب\n\nموسكو - قالت وزارة الدفاع الروسية إن طائرات حربية تركية قصفت مستشفى ميدانيا في مدينة إدلب السورية وقتلت عشرة مدنيين.";
/// «نفت وزارة الدفاع التركية أن تكون طائراتها قصفت المستشفى» "the Turkish defence ministry
/// denied that its aircraft bombed the hospital".
const DENY: &str = "أنقرة تنفي قصف مستشفى إدلب\n\nأنقرة - نفت وزارة الدفاع التركية أن تكون طائرات حربية تركية قد قصفت مستشفى ميدانيا في مدينة إدلب السورية.";
/// An unrelated denial the same day: «نفى نادي برشلونة التعاقد مع نيمار» "Barcelona denied
/// signing Neymar".
const OTHER: &str = "برشلونة ينفي التعاقد مع نيمار\n\nنفى نادي برشلونة الإسباني التعاقد مع اللاعب البرازيلي نيمار خلال فترة الانتقالات الصيفية. وقال المدرب إن الفريق سيلعب مباراته المقبلة في مدريد.";

mod common;

fn analysed(id: &str, text: &str, source: &str, published: &str) -> Prepared {
    common::analysed(id, text, &format!("https://example.org/{id}"), source, published)
}

fn store() -> SqliteStore {
    let mut s = SqliteStore::open_in_memory().unwrap();
    s.put(&[
        analysed("a1", AFFIRM, "bbc", "2020-05-10"),
        analysed("a2", DENY, "skynews", "2020-05-11"),
        analysed("a3", OTHER, "cnn", "2020-05-10"),
    ])
    .unwrap();
    s
}

#[test]
fn an_affirmation_and_a_denial_in_two_outlets_are_one_disputed_claim() {
    let s = store();
    let claims = s.claims(&ClaimQuery::default()).unwrap();
    assert_eq!(claims.len(), 1, "{claims:#?}");
    let c = &claims[0];
    assert!(c.disputed && c.cross_outlet);
    assert_eq!(c.outlets, ["bbc", "skynews"]);
    assert_eq!(c.affirm.iter().map(|a| a.doc.as_str()).collect::<Vec<_>>(), ["a1"]);
    assert_eq!(c.deny.iter().map(|a| a.doc.as_str()).collect::<Vec<_>>(), ["a2"]);
    assert!(c.affirm[0].content.contains("قصفت مستشفى"), "{:?}", c.affirm[0].content);
    // Filters: the entity by name, the outlet, the dates.
    let q = |f: fn(&mut ClaimQuery)| {
        let mut q = ClaimQuery::default();
        f(&mut q);
        s.claims(&q).unwrap().len()
    };
    // A name with the ids the catalogue knows it by, as the CLI gives them.
    assert_eq!(
        q(|q| {
            q.scope.entity = Some("إدلب".into());
            q.scope.entity_ids = rasid_extract::link::Catalogue::embedded().ids_named("إدلب", false);
        }),
        1
    );
    assert_eq!(q(|q| q.scope.entity = Some("نيمار".into())), 0);
    assert_eq!(q(|q| q.scope.outlet = Some("cnn".into())), 0);
    assert_eq!(q(|q| q.scope.since = Some("2020-05-11".into())), 0);
}

#[test]
fn the_same_story_in_two_outlets() {
    let s = store();
    let stories = s.stories(&StoryQuery::default()).unwrap();
    assert_eq!(stories.len(), 1, "{stories:#?}");
    assert_eq!(stories[0].outlets, ["bbc", "skynews"]);
}

#[test]
fn bad_dates_are_user_errors() {
    let s = store();
    let q = ClaimQuery {
        scope: Scope { since: Some("2020-5-1".into()), ..Scope::default() },
        ..ClaimQuery::default()
    };
    assert!(matches!(s.claims(&q), Err(e @ StoreError::BadFilter { .. }) if e.is_user_error()));
    let q = StoryQuery {
        scope: Scope { until: Some("soon".into()), ..Scope::default() },
        ..StoryQuery::default()
    };
    assert!(s.stories(&q).unwrap_err().is_user_error());
}
