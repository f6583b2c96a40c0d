//! The readable report of `rasid analyze` (without `--json`).
//!
//! Offsets come first and Arabic text last on every line, so right-to-left text cannot scramble
//! the columns. Offsets are code points, as in the JSON.

use rasid_core::{CodePoints, Doc};
use std::fmt::Write;

/// Longest text shown per line before it is cut with «…».
const MAX_SHOWN: usize = 90;

fn shown(s: &str) -> String {
    let one_line: String = s.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    if one_line.chars().count() > MAX_SHOWN {
        let cut: String = one_line.chars().take(MAX_SHOWN).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

pub fn render(doc: &Doc, with_tokens: bool) -> String {
    let cp = CodePoints::new(doc.text());
    let mut o = String::new();
    let m = &doc.meta;
    let _ = writeln!(o, "# {}", doc.id);
    let _ = writeln!(
        o,
        "published {}  format {}{}  {} chars  {} blocks  {} sentences  {} tokens",
        m.published.as_deref().unwrap_or("-"),
        m.format.as_deref().unwrap_or("-"),
        m.encoding.as_deref().map(|e| format!(" ({e})")).unwrap_or_default(),
        cp.cp(doc.text().len() as u32),
        doc.blocks.len(),
        doc.sentences.len(),
        doc.tokens.len()
    );
    for (k, v) in [("url", &m.url), ("source", &m.source), ("byline", &m.byline)] {
        if let Some(v) = v {
            let _ = writeln!(o, "{k} {v}");
        }
    }
    let _ = writeln!(o, "\nblocks");
    for b in &doc.blocks {
        let (s, e) = cp.span(b.span);
        let _ = writeln!(
            o,
            "{s:>6}..{e:<6} {:<9} {:<3} {}",
            b.kind.name(),
            b.lang.code(),
            shown(doc.slice(b.span))
        );
    }
    let _ = writeln!(o, "\nsentences");
    for (i, snt) in doc.sentences.iter().enumerate() {
        let (s, e) = cp.span(snt.span);
        let n = snt.tokens.1 - snt.tokens.0;
        let _ = writeln!(o, "{s:>6}..{e:<6} #{i:<4} {n:>3} tok  {}", shown(doc.slice(snt.span)));
    }
    if !doc.entities.is_empty() {
        let _ = writeln!(o, "\nentities");
        for e in &doc.entities {
            let (s, t) = cp.span(e.span);
            // The identity (coreference) and, for catalogue entries, the canonical id; a
            // place attached to another is shown with its relation.
            let (ident, canon) = match e.identity.and_then(|i| doc.identities.get(i as usize).map(|x| (i, x)))
            {
                Some((i, x)) => {
                    let mut c = if x.known { x.canonical.clone() } else { "-".to_string() };
                    if let Some(n) = x.place.as_ref().and_then(|p| p.near) {
                        c = format!("{} i{}", n.relation.name(), n.identity);
                    }
                    (format!("i{i}"), c)
                }
                None => ("-".to_string(), "-".to_string()),
            };
            let _ = writeln!(
                o,
                "{s:>6}..{t:<6} {:<4} {ident:<4} {canon:<24} {}",
                e.ty.name(),
                shown(doc.slice(e.span))
            );
        }
    }
    if !doc.attributions.is_empty() {
        // Who said what: one block per attribution, labels and offsets first, Arabic last.
        let _ = writeln!(o, "\nwho said what");
        for (i, a) in doc.attributions.iter().enumerate() {
            let (s, e) = cp.span(a.cue);
            let mut flags = vec![a.polarity.name(), a.kind.name()];
            if a.direct {
                flags.push("direct");
            }
            if a.anonymous {
                flags.push("anonymous");
            }
            let nested = a.parent.map(|p| format!(" in #{p}")).unwrap_or_default();
            let _ = writeln!(o, "#{i:<3} {s:>6}..{e:<6} {}{nested}", flags.join(" "));
            let _ = writeln!(o, "     cue       {}", shown(doc.slice(a.cue)));
            let speaker = a.speaker.map_or("(implicit)".to_string(), |sp| shown(doc.slice(sp)));
            let _ = writeln!(o, "     speaker   {speaker}");
            let resolved = match (a.resolved, a.speaker) {
                (Some(r), _) => Some(shown(doc.slice(r))),
                (None, None) => Some("unknown".to_string()),
                (None, Some(_)) => None,
            };
            if let Some(r) = resolved.filter(|r| a.speaker.is_none_or(|sp| shown(doc.slice(sp)) != *r)) {
                let _ = writeln!(o, "     resolved  {r}");
            }
            if let Some(v) = a.via {
                let _ = writeln!(o, "     via       {}", shown(doc.slice(v)));
            }
            let _ = writeln!(o, "     content   {}", shown(doc.slice(a.content)));
        }
    }
    if !doc.contradictions.is_empty() {
        let _ = writeln!(o, "\ncontradictions");
        for c in &doc.contradictions {
            let who = |i: &u32| {
                let a = &doc.attributions[*i as usize];
                let name = a.resolved.or(a.speaker).map_or("unknown".to_string(), |s| shown(doc.slice(s)));
                format!("#{i} {name}")
            };
            let _ = writeln!(o, "claim     {}", shown(doc.slice(c.claim)));
            for a in &c.affirm {
                let _ = writeln!(o, "  affirm  {}", who(a));
            }
            for d in &c.deny {
                let _ = writeln!(o, "  deny    {}", who(d));
            }
        }
    }
    if !doc.times.is_empty() {
        let _ = writeln!(o, "\ntimes");
        for t in &doc.times {
            let (s, e) = cp.span(t.span);
            let _ = writeln!(
                o,
                "{s:>6}..{e:<6} {:<8} {:<24} {}",
                t.kind.name(),
                t.value,
                shown(doc.slice(t.span))
            );
        }
    }
    if !doc.events.is_empty() {
        let _ = writeln!(o, "\nevents");
        for (i, ev) in doc.events.iter().enumerate() {
            let (s, e) = cp.span(ev.trigger);
            let mut flags = vec![ev.ty.name().to_string(), ev.date.clone().unwrap_or_else(|| "-".into())];
            if let Some(a) = ev.attribution {
                flags.push(format!("claimed by #{a}"));
            }
            if ev.negated {
                flags.push("negated".into());
            }
            for (k, n) in [("killed", ev.killed), ("injured", ev.injured), ("arrested", ev.arrested)] {
                if let Some(n) = n {
                    flags.push(format!("{k} {n}"));
                }
            }
            let _ = writeln!(o, "#{i:<3} {s:>6}..{e:<6} {}", flags.join("  "));
            let _ = writeln!(o, "     trigger   {}", shown(doc.slice(ev.trigger)));
            for (k, a) in [("agent", ev.agent), ("target", ev.target), ("place", ev.place)] {
                if let Some(a) = a {
                    let _ = writeln!(o, "     {k:<9} {}", shown(doc.slice(a.span)));
                }
            }
        }
    }
    if with_tokens {
        let _ = writeln!(o, "\ntokens");
        for t in &doc.tokens {
            let (s, e) = cp.span(t.span);
            let mut parts = String::new();
            if !t.seg.is_whole() {
                let mut v: Vec<String> =
                    t.seg.proclitics(t.span).map(|(p, _)| format!("{}+", p.form())).collect();
                v.push(doc.slice(t.seg.base(t.span)).to_string());
                if let Some((_, sp)) = t.seg.enclitic(t.span) {
                    v.push(format!("+{}", doc.slice(sp)));
                }
                parts = v.join(" ");
            }
            let _ = writeln!(o, "{s:>6}..{e:<6} {:<8} {:<28} {}", t.kind.name(), parts, doc.slice(t.span));
        }
    }
    o
}
