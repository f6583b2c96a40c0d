//! Event extraction on sentences written for the tests: type, participants, place, counts,
//! negation and the attribution that reports an event.

use rasid_core::{Doc, Event, EventType};

fn events(text: &str) -> (Doc, Vec<Event>) {
    let p = rasid_extract::pipeline::analysis().unwrap();
    let mut doc = Doc::new("t", text);
    p.run(&mut doc).unwrap();
    let ev = doc.events.clone();
    (doc, ev)
}

fn arg(doc: &Doc, a: Option<rasid_core::Arg>) -> &str {
    a.map_or("-", |a| doc.slice(a.span))
}

/// One expected event: type, trigger, agent, target, place (`-` for none).
struct Want {
    ty: EventType,
    trigger: &'static str,
    agent: &'static str,
    target: &'static str,
    place: &'static str,
}

fn check(text: &str, want: &[Want]) -> (Doc, Vec<Event>) {
    let (doc, ev) = events(text);
    let got: Vec<String> = ev
        .iter()
        .map(|e| {
            format!(
                "{} {} | {} | {} | {}",
                e.ty.name(),
                doc.slice(e.trigger),
                arg(&doc, e.agent),
                arg(&doc, e.target),
                arg(&doc, e.place)
            )
        })
        .collect();
    let expected: Vec<String> = want
        .iter()
        .map(|w| format!("{} {} | {} | {} | {}", w.ty.name(), w.trigger, w.agent, w.target, w.place))
        .collect();
    assert_eq!(got, expected, "{text}");
    (doc, ev)
}

#[test]
fn an_arrest_with_its_count_and_city() {
    // "The police arrested three men in the city of Benghazi."
    let (_, ev) = check(
        "واعتقلت الشرطة ثلاثة رجال في مدينة بنغازي.",
        &[Want {
            ty: EventType::Arrest,
            trigger: "اعتقلت",
            agent: "الشرطة",
            target: "ثلاثة رجال",
            place: "بنغازي",
        }],
    );
    assert_eq!(ev[0].arrested, Some(3));
}

#[test]
fn a_killing_is_typed_by_its_cause() {
    // "Five civilians were killed and ten others injured in an air raid on the city of Idlib."
    // The killing is a mention of the strike, typed by it.
    let (_, ev) = check(
        "قتل خمسة مدنيين وأصيب عشرة آخرون في غارة جوية على مدينة إدلب.",
        &[
            Want {
                ty: EventType::AirStrike,
                trigger: "قتل",
                agent: "-",
                target: "خمسة مدنيين",
                place: "إدلب",
            },
            Want {
                ty: EventType::AirStrike,
                trigger: "غارة",
                agent: "-",
                target: "مدينة إدلب",
                place: "إدلب",
            },
        ],
    );
    assert_eq!((ev[0].killed, ev[0].injured), (Some(5), Some(10)));
}

#[test]
fn clashes_between_two_sides() {
    // "Violent clashes broke out between the Syrian army and opposition factions in Aleppo."
    check(
        "واندلعت اشتباكات عنيفة بين الجيش السوري وفصائل المعارضة في مدينة حلب.",
        &[Want {
            ty: EventType::ArmedClash,
            trigger: "اشتباكات",
            agent: "الجيش السوري",
            target: "فصائل المعارضة",
            place: "حلب",
        }],
    );
}

#[test]
fn forces_withdraw_but_calm_does_not_return() {
    // "The Turkish forces withdrew from the city of Afrin." / "Calm returned to the city."
    check(
        "انسحبت القوات التركية من مدينة عفرين.",
        &[Want {
            ty: EventType::Withdrawal,
            trigger: "انسحبت",
            agent: "القوات التركية",
            target: "-",
            place: "عفرين",
        }],
    );
    check("وعاد الهدوء إلى المدينة بعد أسابيع من التوتر.", &[]);
}

#[test]
fn a_negated_withdrawal() {
    // "The Russian forces did not withdraw from Syria."
    let (_, ev) = check(
        "لم تنسحب القوات الروسية من سوريا.",
        &[Want {
            ty: EventType::Withdrawal,
            trigger: "تنسحب",
            agent: "القوات الروسية",
            target: "-",
            place: "سوريا",
        }],
    );
    assert!(ev[0].negated);
}

#[test]
fn a_car_bomb_and_its_dead() {
    // "A car bomb exploded in Baghdad, killing seven people."
    let (_, ev) = check(
        "انفجرت سيارة مفخخة في بغداد، ما أسفر عن مقتل سبعة أشخاص.",
        &[
            Want {
                ty: EventType::Explosion,
                trigger: "انفجرت",
                agent: "سيارة مفخخة",
                target: "-",
                place: "بغداد",
            },
            Want {
                ty: EventType::Explosion,
                trigger: "مقتل",
                agent: "-",
                target: "سبعة أشخاص",
                place: "بغداد",
            },
        ],
    );
    assert_eq!(ev[1].killed, Some(7));
}

#[test]
fn signing_needs_an_agreement() {
    // "The government and the opposition signed a ceasefire agreement in Geneva." / "An
    // explosion happened in the market."
    check(
        "ووقعت الحكومة والمعارضة اتفاقا لوقف إطلاق النار في جنيف.",
        &[Want {
            ty: EventType::Agreement,
            trigger: "وقعت",
            agent: "الحكومة والمعارضة",
            target: "-",
            place: "جنيف",
        }],
    );
    check(
        "ووقع انفجار في سوق المدينة.",
        &[Want { ty: EventType::Explosion, trigger: "انفجار", agent: "-", target: "-", place: "-" }],
    );
}

#[test]
fn a_reported_event_is_a_claim() {
    // "The spokesman said that the forces returned to Tripoli."
    let (doc, ev) = check(
        "وقال المتحدث إن القوات عادت إلى مدينة طرابلس.",
        &[Want {
            ty: EventType::Deployment, trigger: "عادت", agent: "القوات", target: "-", place: "طرابلس"
        }],
    );
    assert_eq!(ev[0].attribution, Some(0));
    assert_eq!(doc.attributions.len(), 1);
}

#[test]
fn odd_inputs_do_not_panic() {
    for t in
        ["", "هجوم", "اعتقال", "بين و", "قتل 999999999999 شخصا", "بعد ثلاثة أيام من هجوم", "،،، اشتباكات ،،،"]
    {
        events(t);
    }
}
