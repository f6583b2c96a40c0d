//! Times and events on the article rasid was founded on (examples/seed-libya-africom.txt,
//! published 2019-04-28), through the whole `pipeline::analysis()`.

use rasid_core::{Doc, Event, EventType, Meta, Relation};
use std::sync::OnceLock;

const SEED: &str = include_str!("../../../examples/seed-libya-africom.txt");

fn seed() -> &'static Doc {
    static D: OnceLock<Doc> = OnceLock::new();
    D.get_or_init(|| {
        let meta = Meta { published: Some("2019-04-28".into()), ..Meta::default() };
        let mut doc = Doc::new("seed", SEED).with_meta(meta);
        rasid_extract::pipeline::analysis().unwrap().run(&mut doc).unwrap();
        doc
    })
}

fn text(doc: &Doc, a: Option<rasid_core::Arg>) -> &str {
    a.map_or("", |a| doc.slice(a.span))
}

/// The canonical id of an event's place.
fn place_id(doc: &Doc, e: &Event) -> Option<String> {
    let ent = e.place?.entity?;
    let id = doc.entities[ent as usize].identity?;
    Some(doc.identities[id as usize].canonical.clone())
}

fn find<'d>(doc: &'d Doc, ty: EventType, trigger: &str) -> Vec<&'d Event> {
    doc.events.iter().filter(|e| e.ty == ty && doc.slice(e.trigger) == trigger).collect()
}

/// The cue of the attribution that reports an event.
fn claimed_by<'d>(doc: &'d Doc, e: &Event) -> &'d str {
    e.attribution.map_or("", |a| doc.slice(doc.attributions[a as usize].cue))
}

#[test]
fn dates_are_normalised_against_the_publication_date() {
    let doc = seed();
    let times: Vec<(&str, &str)> = doc.times.iter().map(|t| (doc.slice(t.span), t.value.as_str())).collect();
    assert!(times.contains(&("السابع من أبريل/نيسان", "2019-04-07")), "{times:?}");
    assert!(times.contains(&("عام 2016", "2016")), "{times:?}");
}

#[test]
fn the_claimed_return_of_us_forces_to_tripoli_and_misrata() {
    let doc = seed();
    let ev = find(doc, EventType::Deployment, "عادت");
    let places: Vec<Option<String>> = ev.iter().map(|e| place_id(doc, e)).collect();
    assert_eq!(places, [Some("geonames:2210247".to_string()), Some("geonames:2214846".to_string())]);
    for e in ev {
        assert_eq!(text(doc, e.agent), "القوات الأميركية");
        // Claimed by the GNA sources («أفادت مصادر من حكومة الوفاق»), not a fact.
        assert_eq!(claimed_by(doc, e), "أفادت");
    }
}

#[test]
fn africoms_withdrawal_of_7_april() {
    let doc = seed();
    let ev = find(doc, EventType::Withdrawal, "سحب");
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].date.as_deref(), Some("2019-04-07"));
    assert_eq!(place_id(doc, ev[0]).as_deref(), Some("country:LY"));
    assert_eq!(claimed_by(doc, ev[0]), "أعلنت");
}

#[test]
fn haftars_attack_on_tripoli_three_days_earlier() {
    let doc = seed();
    let ev: Vec<&Event> = find(doc, EventType::Attack, "هجوم")
        .into_iter()
        .filter(|e| e.date.as_deref() == Some("2019-04-04"))
        .collect();
    assert_eq!(ev.len(), 1, "{:?}", doc.events);
    assert!(text(doc, ev[0].agent).ends_with("خليفة حفتر"));
    assert_eq!(place_id(doc, ev[0]).as_deref(), Some("geonames:2210247"));
}

#[test]
fn the_arrest_of_two_islamic_state_members() {
    let doc = seed();
    let ev = find(doc, EventType::Arrest, "اعتقال");
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].arrested, Some(2));
    assert!(text(doc, ev[0].target).contains("تنظيم الدولة"));
    assert!(text(doc, ev[0].agent).starts_with("وزارة الداخلية"));
}

#[test]
fn the_2016_us_air_strikes_in_sirte() {
    let doc = seed();
    let ev = find(doc, EventType::AirStrike, "الضربات");
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].date.as_deref(), Some("2016"));
    assert_eq!(text(doc, ev[0].agent), "القوات الأميركية");
    assert_eq!(place_id(doc, ev[0]).as_deref(), Some("geonames:2210554"));
}

#[test]
fn renewed_clashes_at_al_khalla_and_al_yarmouk_south_of_tripoli() {
    let doc = seed();
    let ev: Vec<&Event> = find(doc, EventType::ArmedClash, "الاشتباكات")
        .into_iter()
        .filter(|e| text(doc, e.agent) == "قوات حكومة الوفاق")
        .collect();
    let places: Vec<&str> = ev.iter().map(|e| text(doc, e.place)).collect();
    assert_eq!(places, ["الخلة", "اليرموك"]);
    for e in ev {
        assert!(text(doc, e.target).ends_with("خليفة حفتر"));
        // Neither is in the catalogue: both are placed south of Tripoli from the text.
        let ent = &doc.entities[e.place.unwrap().entity.unwrap() as usize];
        let place = doc.identities[ent.identity.unwrap() as usize].place.as_ref().unwrap();
        let near = place.near.unwrap();
        assert_eq!(near.relation, Relation::South);
        assert_eq!(doc.identities[near.identity as usize].canonical, "geonames:2210247");
    }
}

#[test]
fn the_repelled_attack_on_the_yarmouk_camp() {
    let doc = seed();
    let ev = find(doc, EventType::Attack, "هجوما");
    assert_eq!(ev.len(), 1);
    assert_eq!(text(doc, ev[0].agent), "قوات حفتر");
    assert_eq!(text(doc, ev[0].target), "معسكر اليرموك");
    assert_eq!(claimed_by(doc, ev[0]), "قوله");
}
