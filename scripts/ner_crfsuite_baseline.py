#!/usr/bin/env python3
"""CRFsuite NER baseline on ANERcorp, side by side with `rasid eval ner`.

A plain linear-chain CRF (CRFsuite, L-BFGS) with the usual feature set of CRF NER baselines
(the sklearn-crfsuite CoNLL tutorial adapted to Arabic), trained on ANERcorp's train split and
scored on its test split with exact-span, conlleval-style micro P/R/F1 (overall and per type).
No external resources: no gazetteers, no embeddings, no word clusters.

Install (Debian's python3; its system pip is "externally managed", so use a venv):

    /usr/bin/python3 -m venv /tmp/crfvenv
    /tmp/crfvenv/bin/pip install python-crfsuite      # 0.9.12 at the time of writing

Run (from the repository root):

    /tmp/crfvenv/bin/python scripts/ner_crfsuite_baseline.py
    /tmp/crfvenv/bin/python scripts/ner_crfsuite_baseline.py --rasid target/release/rasid
    /tmp/crfvenv/bin/python scripts/ner_crfsuite_baseline.py --grid      # pick c1/c2 on a train tail
    /tmp/crfvenv/bin/python scripts/ner_crfsuite_baseline.py --json      # JSON instead of markdown

What it does:

1. Reads train.txt / test.txt (`token TAG` per line, IOB2, blank line between sentences). Odd
   lines are handled and counted, never fatal: CR line ends, a BOM, invisible marks (U+200E/F,
   U+200B, U+FEFF) in tokens, tabs or several spaces, a token containing spaces (the last field is
   the tag, the rest is the token), a missing or unknown tag (read as O), tag spellings PER/MIS
   (read as PERS/MISC), `-DOCSTART-` lines and several blank lines in a row (sentence breaks).
2. Trains CRFsuite (L-BFGS, c1 = c2 = 0.1 by default, 150 iterations, possible transitions on).
   With --grid, c1/c2 come from a small grid scored (entity F1) on the last 10% of the TRAIN
   sentences, the model being trained on the first 90%; the final model is then trained on all of
   train. The test split is never used for any choice. The model is written under /tmp.
3. Tags the test split and scores it like conlleval: an entity is correct only if its type and
   both boundaries match; an I-X that does not continue an entity of type X begins a new one.
4. Speed on test, single thread (CRFsuite and this script use one), median of 3 runs:
   (a) tagging only, features precomputed into CRFsuite item sequences;
   (b) feature extraction from the tokens + tagging.
5. With --rasid BINARY, runs `BINARY eval ner --gold TEST --json` in the same run and prints both
   systems in one table. If the binary is missing, fails or prints no usable JSON, the CRFsuite
   row is printed with a note.

Everything is deterministic: the training data is in file order and L-BFGS has no randomness,
so the same data and settings give the same model and scores (times vary with the machine).
"""

import argparse
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections import Counter

try:
    import pycrfsuite
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit(
        "pycrfsuite is missing: /usr/bin/python3 -m venv /tmp/crfvenv && "
        "/tmp/crfvenv/bin/pip install python-crfsuite, then run this script with /tmp/crfvenv/bin/python"
    )

DEFAULT_DIR = "/work/shared/corpus/ner/anercorp"
TYPES = ("PERS", "LOC", "ORG", "MISC")
TYPE_ALIASES = {"PER": "PERS", "PERSON": "PERS", "MIS": "MISC", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
SEED = 0  # CRFsuite's L-BFGS uses no randomness; kept for the record in the JSON output.


# ---------------------------------------------------------------------------------------------
# Reading


def normalize_tag(tag):
    """An IOB2 tag in ANERcorp's spelling, or None if it cannot be read as one."""
    if tag == "O":
        return "O"
    m = re.fullmatch(r"([BI])[-_]([A-Za-z]+)", tag)
    if not m:
        return None
    ty = m.group(2).upper()
    ty = TYPE_ALIASES.get(ty, ty)
    if ty not in TYPES:
        return None
    return f"{m.group(1)}-{ty}"


def is_tag_like(s):
    return normalize_tag(s) is not None


def read_conll(path):
    """Sentences as lists of (token, tag), and a Counter of the odd things met on the way."""
    odd = Counter()
    examples = {}

    def note(kind, lineno, line):
        odd[kind] += 1
        examples.setdefault(kind, f"{os.path.basename(path)}:{lineno}: {line!r}")

    sents, cur = [], []
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        note("BOM at start of file", 1, "")
        data = data[3:]
    text = data.decode("utf-8", errors="replace")
    if "\ufffd" in text:
        note("bytes that are not UTF-8 (replaced)", 0, "")
    if "\r" in text:
        note("CR line ends", 0, "")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    blank_run = 0
    for lineno, line in enumerate(text.split("\n"), 1):
        if line.strip() == "":
            if line != "":
                note("whitespace-only line (sentence break)", lineno, line)
            blank_run += 1
            if blank_run == 2:
                note("several blank lines in a row", lineno, line)
            if cur:
                sents.append(cur)
                cur = []
            continue
        blank_run = 0
        if line.startswith("-DOCSTART-"):
            note("-DOCSTART- line (sentence break)", lineno, line)
            if cur:
                sents.append(cur)
                cur = []
            continue
        if "\t" in line or "  " in line or line != line.strip():
            note("tabs or extra spaces", lineno, line)
        fields = line.split()
        if len(fields) == 1:
            if is_tag_like(fields[0]) and fields[0] != "O":
                note("tag without a token (line dropped)", lineno, line)
                continue
            note("token without a tag (read as O)", lineno, line)
            token, raw_tag = fields[0], "O"
        else:
            raw_tag = fields[-1]
            token = " ".join(fields[:-1])
            if len(fields) > 2:
                note("token containing spaces (kept as one token)", lineno, line)
        tag = normalize_tag(raw_tag)
        if tag is None:
            note("unknown tag (read as O)", lineno, line)
            tag = "O"
        elif tag != raw_tag:
            note("tag spelled differently (normalised)", lineno, line)
        clean = INVISIBLE.sub("", token)
        if clean != token:
            note("invisible marks in a token (removed)", lineno, line)
            if not clean:
                note("token of invisible marks only (line dropped)", lineno, line)
                continue
            token = clean
        cur.append((token, tag))
    if cur:
        sents.append(cur)
    return sents, odd, examples


def iob_notes(sents):
    """IOB2 oddities that the scorer resolves like conlleval (counted, not changed)."""
    c = Counter()
    for s in sents:
        prev = "O"
        for i, (_, tag) in enumerate(s):
            if tag.startswith("I-") and prev[2:] != tag[2:]:
                c["I- tag not continuing an entity of its type" + (" (sentence start)" if i == 0 else "")] += 1
            prev = tag
    return c


# ---------------------------------------------------------------------------------------------
# Features (sklearn-crfsuite's CoNLL tutorial, adapted to Arabic: no case, clitic-aware stem)


def strip_wa_al(w):
    """The word without a leading conjunction «و» and article «ال» (naively, as baselines do)."""
    if w.startswith("و") and len(w) > 3:
        w = w[1:]
    if w.startswith("ال") and len(w) > 3:
        w = w[2:]
    return w


def token_features(w):
    """Features of a token on its own, as (name, value) strings without position."""
    lw = w.lower()  # only matters for Latin-script tokens
    return [
        "w=" + lw,
        "stem=" + strip_wa_al(lw),
        "p1=" + lw[:1],
        "p2=" + lw[:2],
        "p3=" + lw[:3],
        "s1=" + lw[-1:],
        "s2=" + lw[-2:],
        "s3=" + lw[-3:],
        "digit=" + ("all" if w.isdigit() else "some" if any(ch.isdigit() for ch in w) else "none"),
        "len=" + str(min(len(w), 12)),
    ]


def sent_features(tokens):
    """CRFsuite attribute lists for one sentence."""
    n = len(tokens)
    words = [t.lower() for t in tokens]
    out = []
    for i, tok in enumerate(tokens):
        f = ["bias"]
        f.extend(token_features(tok))
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                f.append(f"w[{off:+d}]={words[j]}")
            elif off == -1:
                f.append("BOS")
            elif off == 1:
                f.append("EOS")
        out.append(f)
    return out


# ---------------------------------------------------------------------------------------------
# Scoring (conlleval, exact spans)


def chunks(tags):
    """Entities of one sentence as (start, end, type), conlleval's reading of IOB tags."""
    out, start, ty = [], None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        t = tag[2:] if tag != "O" else None
        begins = tag.startswith("B-") or (tag.startswith("I-") and t != ty)
        if start is not None and (tag == "O" or begins):
            out.append((start, i, ty))
            start, ty = None, None
        if begins:
            start, ty = i, t
    return out


def prf(correct, pred, gold):
    p = correct / pred if pred else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold_sents, pred_sents):
    correct, npred, ngold = Counter(), Counter(), Counter()
    tok_ok = tok_n = 0
    for g, p in zip(gold_sents, pred_sents, strict=True):
        assert len(g) == len(p)
        tok_n += len(g)
        tok_ok += sum(a == b for a, b in zip(g, p))
        gc, pc = set(chunks(g)), set(chunks(p))
        for c in gc:
            ngold[c[2]] += 1
        for c in pc:
            npred[c[2]] += 1
        for c in gc & pc:
            correct[c[2]] += 1
    res = {"per_type": {}}
    for ty in TYPES:
        p, r, f = prf(correct[ty], npred[ty], ngold[ty])
        res["per_type"][ty] = {"precision": p, "recall": r, "f1": f, "gold": ngold[ty], "predicted": npred[ty], "correct": correct[ty]}
    p, r, f = prf(sum(correct.values()), sum(npred.values()), sum(ngold.values()))
    res["overall"] = {"precision": p, "recall": r, "f1": f, "gold": sum(ngold.values()), "predicted": sum(npred.values()), "correct": sum(correct.values())}
    res["token_accuracy"] = tok_ok / tok_n if tok_n else 0.0
    return res


# ---------------------------------------------------------------------------------------------
# Training and tagging


def train(sents, model_path, c1, c2, max_iter):
    trainer = pycrfsuite.Trainer(verbose=False)
    for s in sents:
        trainer.append(pycrfsuite.ItemSequence(sent_features([t for t, _ in s])), [y for _, y in s])
    trainer.select("lbfgs")
    trainer.set_params({
        "c1": c1,
        "c2": c2,
        "max_iterations": max_iter,
        "feature.possible_transitions": True,
        "feature.possible_states": False,
    })
    t0 = time.perf_counter()
    trainer.train(model_path)
    secs = time.perf_counter() - t0
    last = trainer.logparser.last_iteration or {}
    iters = last.get("num", len(trainer.logparser.iterations))
    return secs, iters


def tag_all(model_path, sents):
    tagger = pycrfsuite.Tagger()
    tagger.open(model_path)
    try:
        return [tagger.tag(pycrfsuite.ItemSequence(sent_features([t for t, _ in s]))) for s in sents]
    finally:
        tagger.close()


def measure_speed(model_path, sents, runs):
    """Median tokens/s over `runs` runs: (tagging only, features + tagging)."""
    ntok = sum(len(s) for s in sents)
    tokens = [[t for t, _ in s] for s in sents]
    tagger = pycrfsuite.Tagger()
    tagger.open(model_path)
    pre = [pycrfsuite.ItemSequence(sent_features(ts)) for ts in tokens]
    tagger.tag(pre[0])  # warm up
    tag_only, end_to_end = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        for xs in pre:
            tagger.tag(xs)
        tag_only.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for ts in tokens:
            tagger.tag(pycrfsuite.ItemSequence(sent_features(ts)))
        end_to_end.append(time.perf_counter() - t0)
    tagger.close()
    return {
        "tokens": ntok,
        "runs": runs,
        "tag_only_seconds": tag_only,
        "features_and_tag_seconds": end_to_end,
        "tag_only_tokens_per_second": ntok / statistics.median(tag_only),
        "features_and_tag_tokens_per_second": ntok / statistics.median(end_to_end),
    }


def grid_search(train_sents, model_dir, max_iter, log):
    """c1/c2 chosen on the last 10% of the train sentences (never on test)."""
    cut = int(len(train_sents) * 0.9)
    fit, dev = train_sents[:cut], train_sents[cut:]
    grid = [(c1, c2) for c1 in (0.0, 0.05, 0.1, 0.2) for c2 in (0.01, 0.1)]
    rows = []
    for c1, c2 in grid:
        path = os.path.join(model_dir, f"grid-c1_{c1}-c2_{c2}.crfsuite")
        secs, _ = train(fit, path, c1, c2, max_iter)
        res = score([[y for _, y in s] for s in dev], tag_all(path, dev))
        f1 = res["overall"]["f1"]
        rows.append({"c1": c1, "c2": c2, "dev_f1": f1, "train_seconds": secs})
        log(f"grid c1={c1} c2={c2}: held-out F1 {f1:.4f} ({secs:.1f}s)")
        os.remove(path)
    best = max(rows, key=lambda r: (r["dev_f1"], -r["c1"], -r["c2"]))  # ties: smaller c1, c2
    return best, rows, {"fit_sentences": len(fit), "heldout_sentences": len(dev), "heldout_tokens": sum(len(s) for s in dev)}


# ---------------------------------------------------------------------------------------------
# rasid


def find_number(d, keys):
    for k in keys:
        v = d.get(k)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return v
    return None


def run_rasid(binary, test_path, model_path_hint):
    """`BINARY eval ner --gold TEST --json`, read into the same shape as our own result."""
    cmd = [binary, "eval", "ner", "--gold", test_path, "--json"]
    out = {"command": cmd}
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)) and "/" in binary:
        out["error"] = f"{binary}: no such executable"
        return out
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    t0 = time.perf_counter()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, env=env)
    except (OSError, subprocess.TimeoutExpired) as e:
        out["error"] = f"could not run: {e}"
        return out
    out["wall_seconds"] = time.perf_counter() - t0
    out["exit_code"] = p.returncode
    data = None
    for cand in [p.stdout] + [ln for ln in reversed(p.stdout.splitlines()) if ln.lstrip().startswith("{")]:
        try:
            data = json.loads(cand)
            break
        except ValueError:
            continue
    if not isinstance(data, dict) or not isinstance(data.get("overall"), dict):
        tail = [ln.strip() for ln in (p.stderr or p.stdout).splitlines() if ln.strip()][-3:]
        out["error"] = f"exit {p.returncode}, no usable JSON" + (f": {' | '.join(tail)}" if tail else "")
        return out
    out["raw"] = data
    ov = data["overall"]
    out["overall"] = {k: ov.get(k) for k in ("precision", "recall", "f1")}
    per = {}
    for name, v in (data.get("per_type") or {}).items():
        ty = TYPE_ALIASES.get(str(name).upper(), str(name).upper())
        if isinstance(v, dict):
            per[ty] = {k: v.get(k) for k in ("precision", "recall", "f1")}
            n = find_number(v, ("gold", "support", "gold_entities"))
            if n is not None:
                per[ty]["gold"] = n
    out["per_type"] = per
    out["tokens"] = data.get("tokens")
    out["tokens_per_second"] = data.get("tokens_per_second")
    size = find_number(data, ("model_bytes", "model_size_bytes", "model_size"))
    if size is None and isinstance(data.get("model"), dict):
        size = find_number(data["model"], ("bytes", "size_bytes", "size"))
    if size is None and model_path_hint:
        size = path_size(model_path_hint)
    out["model_bytes"] = size
    if p.returncode != 0:
        out["note"] = f"exit code {p.returncode} (JSON still read)"
    return out


def path_size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    if os.path.isdir(path):
        return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)
    return None


# ---------------------------------------------------------------------------------------------
# Output


def fmt_size(n):
    if n is None:
        return "n/a"
    if n >= 1 << 20:
        return f"{n / (1 << 20):.1f} MiB"
    if n >= 1024:
        return f"{n / 1024:.0f} KiB"
    return f"{n} B"


def pct(x):
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.2f}"


def rate(x):
    return "–" if x is None else f"{x:,.0f}"


def markdown(report):
    crf = report["crfsuite"]
    ras = report.get("rasid")
    lines = []
    lines.append("| system | P | R | F1 | tokens/s (features + tagging) | tokens/s (tagging only) | model size |")
    lines.append("|---|---|---|---|---|---|---|")
    ov, sp = crf["overall"], crf["speed"]
    name = f"CRFsuite (L-BFGS, c1={crf['c1']}, c2={crf['c2']})"
    lines.append(
        f"| {name} | {pct(ov['precision'])} | {pct(ov['recall'])} | {pct(ov['f1'])} | "
        f"{rate(sp['features_and_tag_tokens_per_second'])} | {rate(sp['tag_only_tokens_per_second'])} | "
        f"{fmt_size(crf['model_bytes'])} |"
    )
    notes = []
    if ras is not None:
        if "error" in ras:
            notes.append(f"rasid not compared: {ras['error']}")
        else:
            ro = ras["overall"]
            lines.append(
                f"| rasid | {pct(ro.get('precision'))} | {pct(ro.get('recall'))} | {pct(ro.get('f1'))} | "
                f"{rate(ras.get('tokens_per_second'))} | – | {fmt_size(ras.get('model_bytes'))} |"
            )
            if ras.get("tokens") not in (None, crf["test_tokens"]):
                notes.append(f"rasid read {ras['tokens']} test tokens, this script {crf['test_tokens']}")
            if ras.get("model_bytes") is None:
                notes.append("rasid's model size is not in its JSON; pass --rasid-model PATH")
            if ras.get("note"):
                notes.append("rasid: " + ras["note"])
    lines.append("")
    systems = [("CRFsuite", crf["per_type"])]
    if ras is not None and "per_type" in ras:
        systems.append(("rasid", ras["per_type"]))
    lines.append("| type | gold entities | " + " | ".join(f"{s} P | {s} R | {s} F1" for s, _ in systems) + " |")
    lines.append("|---|---|" + "---|---|---|" * len(systems))
    for ty in TYPES:
        cells = []
        for _, per in systems:
            v = per.get(ty, {})
            cells += [pct(v.get("precision")), pct(v.get("recall")), pct(v.get("f1"))]
        lines.append(f"| {ty} | {crf['per_type'][ty]['gold']} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(
        f"CRFsuite: trained on {crf['train_sentences']:,} sentences / {crf['train_tokens']:,} tokens in "
        f"{crf['train_seconds']:.1f}s ({crf['iterations']} L-BFGS iterations, max {crf['max_iterations']}); "
        f"test {crf['test_sentences']:,} sentences / {crf['test_tokens']:,} tokens, "
        f"{ov['gold']:,} gold entities, token accuracy {pct(crf['token_accuracy'])}%. "
        f"Speed: median of {sp['runs']} runs, one thread "
        f"(tagging only: {', '.join(f'{t:.3f}' for t in sp['tag_only_seconds'])} s; "
        f"features + tagging: {', '.join(f'{t:.3f}' for t in sp['features_and_tag_seconds'])} s). "
        f"Model {crf['model_bytes']:,} bytes at {crf['model_path']}."
    )
    if crf.get("grid"):
        g = crf["grid"]
        lines.append(
            f"c1/c2 chosen on the last {g['split']['heldout_sentences']} train sentences "
            f"({g['split']['heldout_tokens']:,} tokens) over "
            + ", ".join(f"({r['c1']}, {r['c2']}): {pct(r['dev_f1'])}" for r in g["rows"]) + "."
        )
    for n in notes:
        lines.append("")
        lines.append(f"Note: {n.rstrip('.')}.")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--train", default=os.path.join(DEFAULT_DIR, "train.txt"))
    ap.add_argument("--test", default=os.path.join(DEFAULT_DIR, "test.txt"))
    ap.add_argument("--model", default="/tmp/rasid-crfsuite/anercorp.crfsuite", help="where to write the model (not in the repository)")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--max-iterations", type=int, default=150)
    ap.add_argument("--grid", action="store_true", help="choose c1/c2 on a held-out tail of train (10%%)")
    ap.add_argument("--runs", type=int, default=3, help="speed runs (median reported)")
    ap.add_argument("--rasid", metavar="BINARY", help="also run BINARY eval ner --gold TEST --json")
    ap.add_argument("--rasid-model", metavar="PATH", help="file or folder whose size is rasid's model size, if its JSON has none")
    ap.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    args = ap.parse_args()

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    train_sents, train_odd, train_ex = read_conll(args.train)
    test_sents, test_odd, test_ex = read_conll(args.test)
    data_notes = {}
    for name, sents, odd, ex in (("train", train_sents, train_odd, train_ex), ("test", test_sents, test_odd, test_ex)):
        iob = iob_notes(sents)
        data_notes[name] = {"reading": dict(odd), "examples": ex, "iob": dict(iob)}
        for k, v in list(odd.items()) + list(iob.items()):
            log(f"{name}: {v} × {k}" + (f"  e.g. {ex[k]}" if k in ex else ""))
    ntrain = sum(len(s) for s in train_sents)
    ntest = sum(len(s) for s in test_sents)
    log(f"train: {len(train_sents)} sentences, {ntrain} tokens; test: {len(test_sents)} sentences, {ntest} tokens")

    os.makedirs(os.path.dirname(os.path.abspath(args.model)), exist_ok=True)
    c1, c2, grid = args.c1, args.c2, None
    if args.grid:
        best, rows, split = grid_search(train_sents, os.path.dirname(os.path.abspath(args.model)), args.max_iterations, log)
        c1, c2 = best["c1"], best["c2"]
        grid = {"rows": rows, "split": split, "chosen": {"c1": c1, "c2": c2}}
        log(f"grid: chose c1={c1} c2={c2}")

    log(f"training on all of train (c1={c1}, c2={c2}, max {args.max_iterations} iterations)...")
    train_secs, iters = train(train_sents, args.model, c1, c2, args.max_iterations)
    log(f"trained in {train_secs:.1f}s, {iters} iterations -> {args.model}")

    pred = tag_all(args.model, test_sents)
    res = score([[y for _, y in s] for s in test_sents], pred)
    log(f"test F1 {res['overall']['f1']:.4f}; measuring speed ({args.runs} runs)...")
    speed = measure_speed(args.model, test_sents, args.runs)

    report = {
        "crfsuite": {
            "pycrfsuite": getattr(pycrfsuite, "__version__", None) or _dist_version("python-crfsuite"),
            "python": platform.python_version(),
            "algorithm": "lbfgs",
            "c1": c1,
            "c2": c2,
            "max_iterations": args.max_iterations,
            "iterations": iters,
            "seed": SEED,
            "grid": grid,
            "train_seconds": train_secs,
            "train_sentences": len(train_sents),
            "train_tokens": ntrain,
            "test_sentences": len(test_sents),
            "test_tokens": ntest,
            "model_path": args.model,
            "model_bytes": os.path.getsize(args.model),
            "overall": res["overall"],
            "per_type": res["per_type"],
            "token_accuracy": res["token_accuracy"],
            "speed": speed,
        },
        "data": data_notes,
    }
    if args.rasid:
        log(f"running {args.rasid} eval ner --gold {args.test} --json ...")
        report["rasid"] = run_rasid(args.rasid, args.test, args.rasid_model)
        if "error" in report["rasid"]:
            log("rasid: " + report["rasid"]["error"])

    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(markdown(report))


def _dist_version(name):
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        return None


if __name__ == "__main__":
    main()
