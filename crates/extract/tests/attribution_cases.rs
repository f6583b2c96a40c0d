//! Attribution extraction cases written as data with inline markup
//! (`tests/cases/attributions.txt`): every cue kind, resolution kind, relay, nesting, polarity
//! and a contradiction, in sentences these tests contain. Spans are compared exactly.

use rasid_core::{Doc, Polarity, Span};
use std::collections::BTreeMap;

#[derive(Default, Debug)]
struct Expected {
    cue: Option<Span>,
    speaker: Option<Span>,
    content: Option<Span>,
    via: Option<Span>,
    polarity: Option<String>,
    anonymous: Option<bool>,
    direct: Option<bool>,
    resolved: Option<String>,
    parent: Option<usize>,
}

struct Case {
    title: String,
    text: String,
    atts: BTreeMap<usize, Expected>,
    contradictions: Vec<(Vec<usize>, Vec<usize>)>,
}

/// Strips `[...]{LABELn}` markup, nesting allowed, returning the text and labelled byte spans.
fn unmark(src: &str) -> (String, Vec<(String, Span)>) {
    let mut out = String::new();
    let mut stack = Vec::new();
    let mut spans = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '[' => stack.push(out.len()),
            ']' if chars.peek().map(|x| x.1) == Some('{') => {
                chars.next();
                let mut label = String::new();
                for (_, c) in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    label.push(c);
                }
                let start = stack.pop().expect("unbalanced markup");
                spans.push((label, Span::new(start as u32, out.len() as u32)));
            }
            _ => out.push(c),
        }
    }
    assert!(stack.is_empty(), "unbalanced markup in {src}");
    (out, spans)
}

fn cases() -> Vec<Case> {
    let src = include_str!("cases/attributions.txt");
    let mut cases = Vec::new();
    for block in src.split("\n## ").skip(1) {
        let (title, body) = block.split_once('\n').unwrap();
        let mut text_lines = Vec::new();
        let mut notes = Vec::new();
        for line in body.lines() {
            if let Some(n) = line.strip_prefix("> ") {
                notes.push(n.to_string());
            } else if !line.starts_with('#') {
                text_lines.push(line);
            }
        }
        let marked = text_lines.join("\n").trim().to_string();
        let (text, spans) = unmark(&marked);
        let mut atts: BTreeMap<usize, Expected> = BTreeMap::new();
        for (label, span) in spans {
            let split = label.find(|c: char| c.is_ascii_digit()).expect("label without number");
            let (kind, n) = label.split_at(split);
            let e = atts.entry(n.parse().unwrap()).or_default();
            match kind {
                "CUE" => e.cue = Some(span),
                "SPEAKER" => e.speaker = Some(span),
                "CONTENT" => e.content = Some(span),
                "VIA" => e.via = Some(span),
                k => panic!("unknown label {k}"),
            }
        }
        let mut contradictions = Vec::new();
        for n in notes {
            let mut parts = n.split_whitespace();
            let head = parts.next().unwrap();
            if head == "contradiction" {
                let mut aff = Vec::new();
                let mut den = Vec::new();
                for p in parts {
                    let (k, v) = p.split_once('=').unwrap();
                    let list: Vec<usize> = v.split(',').map(|x| x.parse().unwrap()).collect();
                    if k == "affirm" { aff = list } else { den = list }
                }
                contradictions.push((aff, den));
                continue;
            }
            let e = atts.get_mut(&head.parse::<usize>().unwrap()).expect("note for an unknown attribution");
            let rest = n[head.len()..].trim();
            // key=value pairs; a value runs to the next " key=".
            let keys = ["polarity=", "anonymous=", "direct=", "resolved=", "parent="];
            let mut at: Vec<(usize, &str)> =
                keys.iter().filter_map(|k| rest.find(k).map(|i| (i, *k))).collect();
            at.sort();
            for (x, (i, k)) in at.iter().enumerate() {
                let end = at.get(x + 1).map_or(rest.len(), |n| n.0);
                let v = rest[i + k.len()..end].trim().to_string();
                match *k {
                    "polarity=" => e.polarity = Some(v),
                    "anonymous=" => e.anonymous = Some(v == "true"),
                    "direct=" => e.direct = Some(v == "true"),
                    "resolved=" => e.resolved = Some(v),
                    "parent=" => e.parent = Some(v.parse().unwrap()),
                    _ => unreachable!(),
                }
            }
        }
        cases.push(Case { title: title.trim().to_string(), text, atts, contradictions });
    }
    cases
}

#[test]
fn attribution_cases() {
    let pipeline = rasid_extract::pipeline::analysis().unwrap();
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 20, "cases file not read: {}", all.len());
    for case in all {
        let mut doc = Doc::new("case", case.text.clone());
        pipeline.run(&mut doc).unwrap();
        let show = |s: Option<Span>| s.map_or("-".to_string(), |s| format!("«{}»", doc.slice(s)));
        let mut problems = Vec::new();
        // expected number -> index of the attribution found
        let mut index = BTreeMap::new();
        for (n, e) in &case.atts {
            let cue = e.cue.expect("an attribution without a cue");
            let Some(i) = doc.attributions.iter().position(|a| a.cue == cue) else {
                problems.push(format!("#{n} cue {} not found", show(Some(cue))));
                continue;
            };
            index.insert(*n, i);
            let a = &doc.attributions[i];
            if a.speaker != e.speaker {
                problems.push(format!("#{n} speaker {} (expected {})", show(a.speaker), show(e.speaker)));
            }
            if e.content.is_some() && Some(a.content) != e.content {
                problems.push(format!(
                    "#{n} content {} (expected {})",
                    show(Some(a.content)),
                    show(e.content)
                ));
            }
            if a.via != e.via {
                problems.push(format!("#{n} via {} (expected {})", show(a.via), show(e.via)));
            }
            let pol = match a.polarity {
                Polarity::Affirm => "affirm",
                Polarity::Deny => "deny",
            };
            if pol != e.polarity.as_deref().unwrap_or("affirm") {
                problems.push(format!("#{n} polarity {pol}"));
            }
            if a.anonymous != e.anonymous.unwrap_or(false) {
                problems.push(format!("#{n} anonymous {}", a.anonymous));
            }
            if a.direct != e.direct.unwrap_or(false) {
                problems.push(format!("#{n} direct {}", a.direct));
            }
            let resolved = match (a.resolved, a.speaker) {
                (Some(r), _) => doc.slice(r).to_string(),
                (None, Some(s)) => doc.slice(s).to_string(),
                (None, None) => "unknown".to_string(),
            };
            let want = e
                .resolved
                .clone()
                .or_else(|| e.speaker.map(|s| doc.slice(s).to_string()))
                .unwrap_or("unknown".into());
            if resolved != want {
                problems.push(format!("#{n} resolved «{resolved}» (expected «{want}»)"));
            }
            let want_parent = e.parent.map(|p| case.atts.keys().position(|k| *k == p).unwrap());
            let parent = a.parent.map(|p| p as usize);
            if e.parent.is_some() && parent != index.get(&e.parent.unwrap()).copied().or(want_parent) {
                problems.push(format!("#{n} parent {parent:?}"));
            }
        }
        if doc.attributions.len() != case.atts.len() {
            let found: Vec<String> = doc.attributions.iter().map(|a| doc.slice(a.cue).to_string()).collect();
            problems.push(format!(
                "found {} attributions {found:?}, expected {}",
                found.len(),
                case.atts.len()
            ));
        }
        let mut got: Vec<(Vec<usize>, Vec<usize>)> = doc
            .contradictions
            .iter()
            .map(|c| {
                let back = |i: &u32| index.iter().find(|(_, v)| **v == *i as usize).map_or(0, |(k, _)| *k);
                let mut a: Vec<usize> = c.affirm.iter().map(back).collect();
                let mut d: Vec<usize> = c.deny.iter().map(back).collect();
                a.sort();
                d.sort();
                (a, d)
            })
            .collect();
        got.sort();
        let mut want = case.contradictions.clone();
        want.sort();
        if got != want {
            problems.push(format!("contradictions {got:?} (expected {want:?})"));
        }
        if !problems.is_empty() {
            failures.push(format!("{}:\n    {}", case.title, problems.join("\n    ")));
        }
    }
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn markup_parser() {
    let (t, s) = unmark("[قال]{CUE1} [[الوزير]{SPEAKER2}]{SPEAKER1} إن");
    assert_eq!(t, "قال الوزير إن");
    assert_eq!(s.len(), 3);
    assert_eq!(&t[s[0].1.range()], "قال");
    assert_eq!(&t[s[1].1.range()], "الوزير");
}
