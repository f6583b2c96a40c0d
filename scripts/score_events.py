#!/usr/bin/env python3
"""Scores rasid's events against a gold folder (eval/events-dev, eval/events-test).

usage: score_events.py GOLD_DIR --rasid BIN [--corpus ANT.jsonl.gz] [--work DIR]
                       [--min-f1 X] [--min-typed-f1 X] [--verbose]

Every `<id>.gold.json` names an ANT record and lists its event mentions (see the folder's
README): the trigger as written and which occurrence of it in the text it is, the ACLED-aligned
type, agent, target, place, date, counts, whether it is claimed (reported in a statement) and
negated. The script writes each article as rasid reads it (title, blank line, text), runs
`rasid analyze --json --published DATE` on it, and compares:
- detection: a rasid trigger overlapping a gold trigger is a match (precision, recall, F1);
- typed: a match whose type is the gold type;
- on typed matches, the share of gold participants rasid gives (agent, target, place, date,
  counts; a phrase matches when one contains the other after clitics are stripped), and the
  share where rasid's claimed (an attribution index) agrees with the gold.
rasid writes one record per place of a trigger: they are folded into one mention here.
Exits 1 below --min-f1 (detection) or --min-typed-f1.
"""
import argparse
import collections
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from gold_articles import analyse, nth_offset, read_golds, write_articles  # noqa: E402


def fold(s):
    if s is None:
        return ""
    out = []
    for c in s:
        if "\u064b" <= c <= "\u0652" or c in "\u0640\u0670":
            continue
        c = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}.get(c, c)
        out.append(c)
    return "".join(out).strip()


def strip_clitics(w):
    for p in ("و", "ف"):
        if w.startswith(p) and len(w) > 3:
            w = w[1:]
    for p in ("ب", "ل", "ك"):
        if w.startswith(p) and len(w) > 3:
            w = w[1:]
    return w


def phrase_match(gold, pred):
    """One phrase contains the other, compared word by word after folding and clitics."""
    if not gold or not pred:
        return False
    g = " ".join(strip_clitics(w) for w in fold(gold).split())
    p = " ".join(strip_clitics(w) for w in fold(pred).split())
    return bool(g) and bool(p) and (g in p or p in g)




def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("--rasid", required=True)
    ap.add_argument("--corpus", default="../shared/corpus/news/ant-v2.1.jsonl.gz")
    ap.add_argument("--work")
    ap.add_argument("--min-f1", type=float)
    ap.add_argument("--min-typed-f1", type=float)
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args()
    golds = read_golds(a.gold, "score_events")
    work = write_articles(golds, a.corpus, a.work, "score_events")

    tp = fp = fn = typed = 0
    arg_hits = collections.Counter()
    arg_total = collections.Counter()
    by_type = collections.defaultdict(lambda: [0, 0, 0])  # tp, fp, fn (typed)
    for doc, g in sorted(golds.items()):
        pred = analyse(a.rasid, work / f"{doc}.txt", g["published"])
        text = pred["text"]
        # rasid's records, one per trigger.
        pm = collections.OrderedDict()
        for e in pred["events"]:
            key = (e["trigger"]["start"], e["trigger"]["end"])
            if key not in pm:
                pm[key] = dict(e, places=[])
            if e["place"]:
                pm[key]["places"].append(e["place"]["text"])
        preds = list(pm.items())
        used = set()
        for ge in g["events"]:
            off = nth_offset(text, ge["trigger"], ge.get("nth", 1))
            if off is None:
                sys.exit(f"score_events: {doc}: trigger {ge['trigger']!r} #{ge.get('nth', 1)} not in the text")
            gs, gend = off, off + len(ge["trigger"])
            match = None
            for k, ((s, e), pe) in enumerate(preds):
                if k not in used and s < gend and gs < e:
                    match = k
                    break
            if match is None:
                fn += 1
                by_type[ge["type"]][2] += 1
                if a.verbose:
                    print(f"  miss  {doc} {ge['type']:12} {ge['trigger']}")
                continue
            used.add(match)
            tp += 1
            pe = preds[match][1]
            if pe["type"] != ge["type"]:
                by_type[ge["type"]][2] += 1
                by_type[pe["type"]][1] += 1
                if a.verbose:
                    print(f"  type  {doc} gold {ge['type']} rasid {pe['type']}: {ge['trigger']}")
                continue
            typed += 1
            by_type[ge["type"]][0] += 1
            for role in ("agent", "target"):
                if ge.get(role):
                    arg_total[role] += 1
                    if phrase_match(ge[role], (pe.get(role) or {}).get("text")):
                        arg_hits[role] += 1
                    elif a.verbose:
                        print(f"  {role:6} {doc} {ge['trigger']}: gold {ge[role]} rasid {(pe.get(role) or {}).get('text')}")
            if ge.get("place"):
                arg_total["place"] += 1
                gold_places = [ge["place"]] + list(ge.get("more_places") or [])
                if any(phrase_match(gp, pp) for gp in gold_places for pp in pe["places"]):
                    arg_hits["place"] += 1
                elif a.verbose:
                    print(f"  place  {doc} {ge['trigger']}: gold {gold_places} rasid {pe['places']}")
            if ge.get("date"):
                arg_total["date"] += 1
                if pe.get("date") == ge["date"]:
                    arg_hits["date"] += 1
                elif a.verbose:
                    print(f"  date   {doc} {ge['trigger']}: gold {ge['date']} rasid {pe.get('date')}")
            for c in ("killed", "injured", "arrested"):
                if ge.get(c) is not None:
                    arg_total["counts"] += 1
                    arg_hits["counts"] += pe.get(c) == ge[c]
            arg_total["claimed"] += 1
            arg_hits["claimed"] += (pe.get("attribution") is not None) == bool(ge.get("claimed"))
        for k, ((s, e), pe) in enumerate(preds):
            if k not in used:
                fp += 1
                by_type[pe["type"]][1] += 1
                if a.verbose:
                    print(f"  extra {doc} {pe['type']:12} {pe['trigger']['text']}")

    def prf(t, p, n):
        pr = t / (t + p) if t + p else 0.0
        rc = t / (t + n) if t + n else 0.0
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)

    golds_n = tp + fn
    print(f"events: {len(golds)} articles, {golds_n} gold mentions, {tp + fp} rasid mentions")
    p, r, f1 = prf(tp, fp, fn)
    print(f"detection  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}")
    tp_typed, fp_typed, fn_typed = typed, fp + (tp - typed), fn + (tp - typed)
    tpp, tr, tf1 = prf(tp_typed, fp_typed, fn_typed)
    print(f"typed      P {tpp:.3f}  R {tr:.3f}  F1 {tf1:.3f}")
    for t in sorted(by_type):
        bt = by_type[t]
        print(f"  {t:12} P {prf(*bt)[0]:.3f}  R {prf(*bt)[1]:.3f}  F1 {prf(*bt)[2]:.3f}  (gold {bt[0] + bt[2]})")
    for role in ("agent", "target", "place", "date", "counts", "claimed"):
        if arg_total[role]:
            print(f"  {role:8} {arg_hits[role]}/{arg_total[role]} = {arg_hits[role] / arg_total[role]:.3f} of typed matches")
    bad = (a.min_f1 is not None and f1 < a.min_f1) or (a.min_typed_f1 is not None and tf1 < a.min_typed_f1)
    if bad:
        print(f"events: below the threshold (detection {f1:.3f}, typed {tf1:.3f})")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
