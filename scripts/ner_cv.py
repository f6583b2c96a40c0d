#!/usr/bin/env python3
"""5-fold cross-validation of rasid's NER training recipe over ANERcorp train (never test).

Folds are contiguous fifths of the training file (documents stay together). For each fold the
model is trained on the other four with `rasid train ner` and scored with `rasid eval ner`; the
counts are summed into one micro F1. Extra arguments go to `rasid train ner`, e.g.
`--one-pass` or `--lexicon-articles 10000`.

    python3 scripts/ner_cv.py target/release/rasid [train options...]

The model folders get the committed clusters and gazetteer (models/ner; RASID_CV_CLUSTERS and
RASID_CV_GAZETTEER name other files to try; RASID_CV_PREDICTIONS names a folder for each fold's
`token GOLD PREDICTED` file), and no lexicon unless `--lexicon-articles` asks
`rasid train ner` to build one. Figures quoted in ARCHITECTURE.md and
the closing notes of issue 3 come from this script.
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = pathlib.Path(os.environ.get("RASID_CORPUS", ROOT.parent / "shared" / "corpus"))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    rasid, extra = sys.argv[1], sys.argv[2:]
    sents = (CORPUS / "ner/anercorp/train.txt").read_text(encoding="utf-8").strip("\n").split("\n\n")
    k = 5
    tot = {"gold": 0, "predicted": 0, "correct": 0}
    keep = os.environ.get("RASID_CV_PREDICTIONS")  # a folder: each fold's `token GOLD PREDICTED` file
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for i in range(k):
            a, b = len(sents) * i // k, len(sents) * (i + 1) // k
            (tmp / f"dev{i}.txt").write_text("\n\n".join(sents[a:b]) + "\n", encoding="utf-8")
            (tmp / f"train{i}.txt").write_text("\n\n".join(sents[:a] + sents[b:]) + "\n", encoding="utf-8")
            m = tmp / f"m{i}"
            m.mkdir()
            for f in ("clusters.tsv.gz", "gazetteer.tsv.gz"):
                src = os.environ.get("RASID_CV_" + f.split(".")[0].upper(), ROOT / "models/ner" / f)
                shutil.copy(src, m / f)
            subprocess.run([rasid, "train", "ner", str(tmp / f"train{i}.txt"), "--resources", str(m),
                            "--out", str(m / "ner.model.gz"), *extra], check=True, capture_output=True)
            pred = ["--predictions", str(pathlib.Path(keep) / f"fold{i}.txt")] if keep else []
            out = subprocess.run([rasid, "eval", "ner", "--gold", str(tmp / f"dev{i}.txt"), "--model", str(m), "--json",
                                  *pred], check=True, capture_output=True, text=True).stdout
            o = json.loads(out)["overall"]
            print(f"fold {i}: F1 {o['f1']:.4f} ({o['gold']} gold entities)")
            for key in tot:
                tot[key] += o[key]
    p = tot["correct"] / max(tot["predicted"], 1)
    r = tot["correct"] / max(tot["gold"], 1)
    f = 2 * p * r / (p + r) if p + r else 0.0
    print(f"5-fold CV over ANERcorp train: P {p:.4f} R {r:.4f} F1 {f:.4f}")


if __name__ == "__main__":
    main()
