#!/usr/bin/env python3
"""Learner against features: rasid's averaged perceptron and a CRF (CRFsuite, L-BFGS with
elastic-net regularisation) trained on the *same* first-pass features, in 5-fold
cross-validation over ANERcorp train (the folds of scripts/ner_cv.py; never test).

The features come from `dump_features` (crates/ner/examples), which writes each token's feature
hashes exactly as the tagger computes them; the perceptron is `rasid train ner --one-pass`, so
neither side has the document pass or the corpus lexicon. Needs python-crfsuite (see
scripts/ner_crfsuite_baseline.py for the venv):

    cargo build --release -p rasid-ner --examples
    /tmp/crfvenv/bin/python scripts/ner_learners.py target/release/rasid [--c1 0.05 --c2 0.05] [--bilou]
        [--algorithm lbfgs|l2sgd]

`--bilou` trains the CRF on BILOU labels (Ratinov & Roth 2009) and reads its output back as IOB2.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import tempfile

import pycrfsuite
from ner_common import read_dump, spans

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = pathlib.Path(os.environ.get("RASID_CORPUS", ROOT.parent / "shared" / "corpus"))


def to_bilou(labels):
    out = []
    for i, lab in enumerate(labels):
        nxt = labels[i + 1] if i + 1 < len(labels) else "O"
        if lab == "O":
            out.append(lab)
            continue
        cont = nxt.startswith("I-") and nxt[2:] == lab[2:]
        head = ("B-" if cont else "U-") if lab.startswith("B-") else ("I-" if cont else "L-")
        out.append(head + lab[2:])
    return out


def from_bilou(labels):
    return ["B-" + t[2:] if t.startswith("U-") else "I-" + t[2:] if t.startswith("L-") else t for t in labels]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rasid")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--bilou", action="store_true")
    ap.add_argument("--algorithm", default="lbfgs", choices=["lbfgs", "l2sgd"])
    a = ap.parse_args()
    dump = pathlib.Path(a.rasid).parent / "examples" / "dump_features"
    sents = (CORPUS / "ner/anercorp/train.txt").read_text(encoding="utf-8").strip("\n").split("\n\n")
    k = 5
    tot = {"crf": [0, 0, 0], "perceptron": [0, 0, 0]}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        m = tmp / "m"
        m.mkdir()
        for f in ("clusters.tsv.gz", "gazetteer.tsv.gz"):
            shutil.copy(ROOT / "models/ner" / f, m / f)
        for i in range(k):
            lo, hi = len(sents) * i // k, len(sents) * (i + 1) // k
            (tmp / "dev.txt").write_text("\n\n".join(sents[lo:hi]) + "\n", encoding="utf-8")
            (tmp / "train.txt").write_text("\n\n".join(sents[:lo] + sents[hi:]) + "\n", encoding="utf-8")
            for part in ("train", "dev"):
                subprocess.run([dump, tmp / f"{part}.txt", tmp / f"{part}.crf", m], check=True)
            xt, yt = read_dump(tmp / "train.crf")
            xd, yd = read_dump(tmp / "dev.crf")
            tr = pycrfsuite.Trainer(algorithm=a.algorithm, verbose=False)
            for x, y in zip(xt, yt):
                tr.append(x, to_bilou(y) if a.bilou else y)
            if a.algorithm == "lbfgs":
                tr.set_params({"c1": a.c1, "c2": a.c2, "max_iterations": 200, "feature.possible_transitions": True})
            else:
                tr.set_params({"c2": a.c2, "max_iterations": 30, "feature.possible_transitions": True})
            tr.train(str(tmp / "crf.model"))
            tagger = pycrfsuite.Tagger()
            tagger.open(str(tmp / "crf.model"))
            preds = {"crf": [from_bilou(tagger.tag(x)) if a.bilou else tagger.tag(x) for x in xd]}
            subprocess.run([a.rasid, "train", "ner", tmp / "train.txt", "--one-pass", "--resources", m,
                            "--out", m / "ner.model.gz"], check=True, capture_output=True)
            subprocess.run([a.rasid, "eval", "ner", "--gold", tmp / "dev.txt", "--model", m,
                            "--predictions", tmp / "pred.txt"], check=True, capture_output=True)
            pp = [[line.split(" ")[2] for line in b.split("\n") if line]
                  for b in (tmp / "pred.txt").read_text().strip("\n").split("\n\n")]
            preds["perceptron"] = pp
            line = [f"fold {i}:"]
            for name, pr in preds.items():
                c = g = p = 0
                for gold, pred in zip(yd, pr):
                    gs, ps = spans(gold), spans(pred)
                    c, g, p = c + len(gs & ps), g + len(gs), p + len(ps)
                for j, v in enumerate((c, g, p)):
                    tot[name][j] += v
                line.append(f"{name} F1 {2 * c / (g + p):.4f}")
            print("  ".join(line), flush=True)
    for name, (c, g, p) in tot.items():
        pr, r = c / p, c / g
        print(f"{name:<11} P {pr:.4f} R {r:.4f} F1 {2 * pr * r / (pr + r):.4f}")


if __name__ == "__main__":
    main()
