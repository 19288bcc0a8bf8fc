"""``presslens train techniques`` and ``presslens evaluate techniques``.

``evaluate`` scores the shipped model (or ``--model DIR``), or any system's
output given with ``--predictions FILE``, on the held-out PTC-2020 dev split
(75 articles never used for training) with the shared tasks' metrics:

* SI P/R/F1 on the PTC-2020 texts (technique-agnostic spans, merged),
* TC micro/macro-F1 over the 14 PTC-2020 techniques given the gold spans,
* SemEval-2023 paragraph-level micro/macro-F1 (23 techniques) on the
  SemEval-2023 versions of the same 75 articles,

and a per-technique table. See docs/techniques.md, section "Evaluation".
The two text versions differ (joined lines, a few moved newlines), so
predictions are carried between them with :func:`data.offset_map`.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..datapath import data_root
from ..errors import DataError, UsageError
from ..registry import Task, task
from .data import (
    Doc,
    GoldSpan,
    _rows,
    load_paragraph_labels,
    load_ptc2020,
    load_ptc_si,
    load_semeval2023,
    map_span,
    offset_map,
)
from .metrics import (
    LabelScores,
    paragraph_scores,
    si_scores,
    spans_to_paragraphs,
    tc_scores,
)
from .taxonomy import PTC2020, SEMEVAL2023, TO_PTC2020

__all__ = [
    "Predicted",
    "add_train_options",
    "evaluate_main",
    "evaluate_predictions",
    "read_predictions",
    "tc_labels_from_scores",
    "tc_labels_from_spans",
]

log = logging.getLogger(__name__)

#: (start, end, label, score); label a SemEval-2023 or PTC-2020 technique name.
Pred = tuple[int, int, str, float]
PTC_ONLY = set(PTC2020) - set(SEMEVAL2023)
SEM_ONLY = set(SEMEVAL2023) - set(PTC2020)


@dataclass
class Predicted:
    """One system's spans per article, with the text their offsets refer to.

    ``texts[id]`` is None when the offsets refer to the stored version named by
    ``version`` ("ptc2020" or "semeval2023"); JSONL output carries its own text.
    ``taxonomy`` says which names the labels use.
    """

    spans: dict[str, list[Pred]]
    taxonomy: str  # "semeval2023" | "ptc2020"
    version: str  # text version when texts[id] is None
    texts: dict[str, str] = field(default_factory=dict)


# ----------------------------------------------------------------- reading files


def _norm_id(raw: str) -> str:
    """``article123.txt`` / ``article123`` / ``123`` -> ``123`` (the data set ids)."""
    s = raw.strip()
    if s.endswith(".txt"):
        s = s[:-4]
    if s.startswith("article") and s[7:].isdigit():
        s = s[7:]
    return s


def _taxonomy_of(names: set[str], where: str) -> str:
    unknown = names - set(SEMEVAL2023) - set(PTC2020)
    if unknown:
        raise DataError(f"{where}: unknown technique(s) {', '.join(sorted(unknown))}; "
                        "use SemEval-2023 or PTC-2020 names")
    if names & PTC_ONLY and names & SEM_ONLY:
        raise DataError(f"{where}: mixes PTC-2020 names ({sorted(names & PTC_ONLY)[0]}) and "
                        f"SemEval-2023 names ({sorted(names & SEM_ONLY)[0]}); use one taxonomy")
    return "ptc2020" if names & PTC_ONLY else "semeval2023"


def _read_tsv(path: Path, texts_version: str | None) -> Predicted:
    spans: dict[str, list[Pred]] = defaultdict(list)
    layout = "ID<TAB>technique<TAB>start<TAB>end[<TAB>score]"
    for lineno, cols in _rows(path, (4, 5), layout):
        line = "\t".join(cols)
        try:
            start, end = int(cols[2]), int(cols[3])
            score = float(cols[4]) if len(cols) == 5 else 1.0
        except ValueError as exc:
            raise DataError(f"{path}:{lineno}: bad number in {line!r}") from exc
        if not 0 <= start < end:
            raise DataError(f"{path}:{lineno}: span {start}-{end} is empty or negative")
        spans[_norm_id(cols[0])].append((start, end, cols[1], score))
    names = {p[2] for ps in spans.values() for p in ps}
    taxonomy = _taxonomy_of(names, str(path))
    version = texts_version or taxonomy
    return Predicted(dict(spans), taxonomy, version)


def _read_jsonl(path: Path) -> Predicted:
    spans: dict[str, list[Pred]] = {}
    texts: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                aid, text = _norm_id(str(rec["id"])), rec["text"]
                out: list[Pred] = []
                for t in rec.get("techniques") or []:
                    name = t.get("semeval2023") or t["technique"]
                    start, end = int(t["start"]), int(t["end"])
                    if not 0 <= start < end <= len(text):
                        raise DataError(f"{path}:{lineno}: span {start}-{end} outside the text")
                    out.append((start, end, name, float(t.get("score", 1.0))))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise DataError(f"{path}:{lineno}: not a presslens JSON record with id, text "
                                f"and techniques ({exc})") from exc
            spans[aid], texts[aid] = out, text
    names = {p[2] for ps in spans.values() for p in ps}
    taxonomy = _taxonomy_of(names, str(path))
    return Predicted(spans, taxonomy, "jsonl", texts)


def read_predictions(path: Path, texts_version: str | None = None) -> Predicted:
    """A predictions file: TC-labels TSV or ``presslens analyze --format jsonl`` output.

    TSV offsets refer to the stored article texts: the PTC-2020 version when the
    names are PTC-2020 ones, else the SemEval-2023 version, unless
    ``texts_version`` says which. JSONL records carry their own text.
    """
    if not path.is_file():
        raise UsageError(f"predictions file {str(path)!r} not found")
    with open(path, encoding="utf-8") as f:
        head = f.read(4096).lstrip()
    if head.startswith("{"):
        return _read_jsonl(path)
    return _read_tsv(path, texts_version)


# ------------------------------------------------------------------ TC helpers


def _pair(gold: Sequence[str], ranked: Sequence[str]) -> list[str | None]:
    """Assign k predicted labels to the k gold rows of one span, matching equal labels first."""
    pool = list(ranked[: len(gold)])
    out: list[str | None] = [None] * len(gold)
    for i, g in enumerate(gold):
        if g in pool:
            out[i] = g
            pool.remove(g)
    for i in range(len(gold)):
        if out[i] is None and pool:
            out[i] = pool.pop(0)
    return out


def _groups(spans: Sequence[GoldSpan]) -> dict[tuple[int, int], list[int]]:
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, s in enumerate(spans):
        groups[(s.start, s.end)].append(i)
    return groups


def tc_labels_from_scores(
    spans: Sequence[GoldSpan], scores: Mapping[tuple[int, int], Mapping[str, float]]
) -> list[str | None]:
    """One PTC-2020 label per gold span from 23-technique scores of each distinct span.

    Each PTC label scores the max over the SemEval-2023 techniques mapping to
    it. A span annotated k times (with k techniques) gets the top k labels.
    """
    out: list[str | None] = [None] * len(spans)
    for key, idx in _groups(spans).items():
        ptc: dict[str, float] = {}
        for tech, p in scores.get(key, {}).items():
            name = TO_PTC2020.get(tech, tech if tech in PTC2020 else None)
            if name is not None:
                ptc[name] = max(p, ptc.get(name, float("-inf")))
        ranked = sorted(ptc, key=lambda n: (-ptc[n], n))
        for i, lab in zip(idx, _pair([spans[i].technique for i in idx], ranked), strict=True):
            out[i] = lab
    return out


def tc_labels_from_spans(
    spans: Sequence[GoldSpan], preds: Iterable[tuple[int, int, str, float]]
) -> tuple[list[str | None], int]:
    """PTC labels for gold spans from a system's labelled spans (same text, PTC names).

    A prediction with the gold span's exact offsets gives its label; a gold span
    without one takes the labels of the predicted spans overlapping it, most
    shared characters first (then higher score). Returns the labels and how
    many gold spans had an exact-offset prediction.
    """
    preds = list(preds)
    exact: dict[tuple[int, int], list[tuple[float, str]]] = defaultdict(list)
    for s, e, lab, sc in preds:
        exact[(s, e)].append((sc, lab))
    out: list[str | None] = [None] * len(spans)
    n_exact = 0
    for (gs, ge), idx in _groups(spans).items():
        if (gs, ge) in exact:
            n_exact += len(idx)
            by_rank = [lab for _, lab in sorted(exact[(gs, ge)], key=lambda x: (-x[0], x[1]))]
        else:
            overlapping = sorted(
                ((min(e, ge) - max(s, gs), sc, lab) for s, e, lab, sc in preds
                 if min(e, ge) > max(s, gs)),
                key=lambda x: (-x[0], -x[1], x[2]),
            )
            by_rank = [lab for _, _, lab in overlapping]
        ranked: list[str] = []
        for name in by_rank:
            if name not in ranked:
                ranked.append(name)
        chosen = _pair([spans[i].technique for i in idx], ranked)
        for i, choice in zip(idx, chosen, strict=True):
            out[i] = choice
    return out, n_exact


# --------------------------------------------------------------------- scoring


def _to_ptc(preds: Iterable[Pred], taxonomy: str) -> list[Pred]:
    if taxonomy == "ptc2020":
        return list(preds)
    out = []
    for s, e, lab, sc in preds:
        name = TO_PTC2020.get(lab)
        if name is not None:
            out.append((s, e, name, sc))
    return out


def _carry(preds: list[Pred], src: str, dst: str) -> list[Pred]:
    """Spans on ``src`` carried to the other text version ``dst``."""
    if src == dst:
        return preds
    mapping = offset_map(src, dst)
    out = []
    for s, e, lab, sc in preds:
        if e > len(src):
            raise DataError(f"span {s}-{e} does not fit the article ({len(src)} characters)")
        m = map_span(mapping, s, e)
        if m is not None:
            out.append((m[0], m[1], lab, sc))
    return out


@dataclass
class Corpus:
    """The evaluation data of one split: PTC docs, SI gold, SemEval texts, paragraph gold.

    ``paragraphs`` is False for a split whose articles have no SemEval-2023
    version (e.g. a ``test`` split labelled in the PTC-2020 format only):
    SI and TC are scored, the paragraph level is not, and ``sem_text`` holds
    the PTC-2020 texts.
    """

    ptc: list[Doc]
    si_gold: dict[str, list[tuple[int, int]]]
    sem_text: dict[str, str]
    para_gold: dict[str, dict[int, set[str]]]
    paragraphs: bool = True

    @classmethod
    def load(cls, root: Path, split: str, limit: int = 0) -> Corpus:
        ptc = load_ptc2020(root, split)
        if limit:
            ptc = ptc[:limit]
        ids = {d.id for d in ptc}
        si = {k: v for k, v in load_ptc_si(root, split).items() if k in ids}
        has_semeval = (Path(root) / "semeval2023-en").is_dir()
        # (a malformed semeval2023-en folder still raises: only a missing one is skipped)
        sem = {d.id: d.text for d in load_semeval2023(root) if d.id in ids} if has_semeval else {}
        if not sem:
            log.warning("no SemEval-2023 version of the %s articles: paragraph level not scored",
                        split)
            return cls(ptc, si, {d.id: d.text for d in ptc}, {}, paragraphs=False)
        para = {k: v for k, v in load_paragraph_labels(root).items() if k in ids}
        missing = ids - set(sem)
        if missing:
            raise DataError(f"{len(missing)} PTC-2020 {split} articles lack a SemEval-2023 "
                            f"version (e.g. {sorted(missing)[0]}); is the data complete?")
        return cls(ptc, si, sem, para)


def _scores_dict(s: LabelScores) -> dict[str, Any]:
    return s.as_dict()


def evaluate_predictions(
    corpus: Corpus,
    on_ptc: Mapping[str, list[Pred]],
    on_sem: Mapping[str, list[Pred]] | None,
    taxonomy: str,
    tc: Mapping[str, list[str | None]],
    tc_exact: int | None = None,
) -> dict[str, Any]:
    """All metrics from predictions already placed on each text version.

    ``on_ptc``: spans on the PTC-2020 texts (for SI); ``on_sem``: spans on
    the SemEval-2023 texts with SemEval-2023 names (paragraph level; None
    when the system uses PTC-2020 names); ``tc``: one PTC label per gold TC
    span, per article.
    """
    ids = [d.id for d in corpus.ptc]
    si = si_scores(
        {a: [(s, e) for s, e, _, _ in _to_ptc(on_ptc.get(a, []), taxonomy)] for a in ids},
        corpus.si_gold,
    )
    gold_tc = [s.technique for d in corpus.ptc for s in d.spans]
    pred_tc = [lab for d in corpus.ptc for lab in tc.get(d.id, [None] * len(d.spans))]
    tcs = tc_scores(gold_tc, pred_tc)
    result: dict[str, Any] = {
        "articles": len(ids),
        "si": si.as_dict(),
        "tc": _scores_dict(tcs),
    }
    if tc_exact is not None:
        result["tc"]["exact_span_predictions"] = tc_exact
    if on_sem is not None and corpus.paragraphs:
        para_pred = {
            a: spans_to_paragraphs(
                corpus.sem_text[a], [(s, e, t) for s, e, t, _ in on_sem.get(a, [])]
            )
            for a in ids
        }
        result["paragraphs"] = _scores_dict(paragraph_scores(corpus.para_gold, para_pred))
    else:
        result["paragraphs"] = None
        if not corpus.paragraphs:
            result["paragraphs_note"] = "no SemEval-2023 version of these articles"
    return result


def _from_file(corpus: Corpus, pred: Predicted) -> dict[str, Any]:
    ids = [d.id for d in corpus.ptc]
    extra = set(pred.spans) - set(ids)
    if extra:
        log.info("%d articles in the predictions are not in this split; ignored", len(extra))
    absent = [a for a in ids if a not in pred.spans]
    if absent:  # normal in TSV (articles without spans have no rows); suspicious in JSONL
        level = logging.WARNING if pred.version == "jsonl" else logging.INFO
        log.log(level, "%d of %d articles have no predictions (scored as empty), e.g. %s",
                len(absent), len(ids), absent[0])
    ptc_text = {d.id: d.text for d in corpus.ptc}
    on_ptc: dict[str, list[Pred]] = {}
    on_sem: dict[str, list[Pred]] = {}
    for a in ids:
        spans = pred.spans.get(a, [])
        if pred.version == "jsonl":
            src = pred.texts.get(a, ptc_text[a])
        else:
            src = ptc_text[a] if pred.version == "ptc2020" else corpus.sem_text[a]
        bad = [p for p in spans if p[1] > len(src)]
        if bad:
            raise DataError(f"article {a}: predicted span {bad[0][0]}-{bad[0][1]} does not fit "
                            f"its {pred.version} text ({len(src)} characters); wrong --texts?")
        on_ptc[a] = _carry(spans, src, ptc_text[a])
        on_sem[a] = _carry(spans, src, corpus.sem_text[a])
    tc: dict[str, list[str | None]] = {}
    n_exact = 0
    for d in corpus.ptc:
        labels, k = tc_labels_from_spans(d.spans, _to_ptc(on_ptc[d.id], pred.taxonomy))
        tc[d.id] = labels
        n_exact += k
    return evaluate_predictions(
        corpus, on_ptc, on_sem if pred.taxonomy == "semeval2023" else None, pred.taxonomy, tc,
        n_exact,
    )


def _from_model(corpus: Corpus, model_dir: Path | None) -> dict[str, Any]:
    from .model import TechniqueModel  # lazy: loads onnxruntime

    model = TechniqueModel.load(model_dir)
    on_ptc: dict[str, list[Pred]] = {}
    on_sem: dict[str, list[Pred]] = {}
    tc: dict[str, list[str | None]] = {}
    for d in corpus.ptc:
        on_ptc[d.id] = [tuple(p) for p in model.predict(d.text)]  # type: ignore[misc]
        sem = corpus.sem_text[d.id]
        on_sem[d.id] = on_ptc[d.id] if sem == d.text else [
            tuple(p) for p in model.predict(sem)  # type: ignore[misc]
        ]
        keys = sorted({(s.start, s.end) for s in d.spans})
        dicts = model.classify_spans(d.text, keys) if keys else []
        tc[d.id] = tc_labels_from_scores(d.spans, dict(zip(keys, dicts, strict=True)))
    result = evaluate_predictions(corpus, on_ptc, on_sem, "semeval2023", tc)
    info = getattr(model, "info", None)
    if callable(info):
        info = info()
    if isinstance(info, dict):
        result["model"] = info
    return result


# ----------------------------------------------------------------------- output


def _print_report(result: dict[str, Any], out: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table

    stream = out or sys.stdout
    console = Console(file=stream, highlight=False,
                      width=None if stream.isatty() else 110)
    src = result.get("system", "")
    console.print(f"[bold]Techniques[/bold] — {src}; split {result['split']}: "
                  f"{result['articles']} articles"
                  + ("" if result["split"].endswith("train") else " (held out from training)"))
    summary = Table(title="Summary", title_justify="left")
    for col in ("task", "P", "R", "F1", "macro-F1", "gold", "predicted"):
        summary.add_column(col, justify="left" if col == "task" else "right")
    si = result["si"]
    summary.add_row("SI (PTC-2020 texts)", f"{si['precision']:.3f}", f"{si['recall']:.3f}",
                    f"{si['f1']:.3f}", "", str(si["support"]), str(si["predicted"]))
    tc = result["tc"]
    m = tc["micro"]
    summary.add_row("TC 14 classes, gold spans", f"{m['precision']:.3f}", f"{m['recall']:.3f}",
                    f"{m['f1']:.3f}", f"{tc['macro_f1']:.3f}", str(m["support"]),
                    str(m["predicted"]))
    para = result.get("paragraphs")
    if para:
        m = para["micro"]
        summary.add_row("Paragraphs 23 classes", f"{m['precision']:.3f}", f"{m['recall']:.3f}",
                        f"{m['f1']:.3f}", f"{para['macro_f1']:.3f}", str(m["support"]),
                        str(m["predicted"]))
    console.print(summary)
    if "exact_span_predictions" in tc:
        console.print(f"TC: {tc['exact_span_predictions']} of {tc['micro']['support']} gold "
                      "spans had a prediction with the same offsets; the others took the "
                      "label of the most-overlapping predicted span")
    for title, block in (("TC per technique (PTC-2020)", tc),
                         ("Paragraph level per technique (SemEval-2023)", para)):
        if not block:
            continue
        table = Table(title=title, title_justify="left")
        for col in ("technique", "P", "R", "F1", "gold", "predicted"):
            table.add_column(col, justify="left" if col == "technique" else "right")
        rows = sorted(block["per_label"].items(), key=lambda kv: (-kv[1]["support"], kv[0]))
        for name, v in rows:
            table.add_row(name, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}",
                          str(v["support"]), str(v["predicted"]))
        console.print(table)
    if not para:
        console.print("Paragraph level: not scored (" + result.get(
            "paragraphs_note", "the predictions use PTC-2020 names, which cannot be mapped to "
            "the 23 SemEval-2023 techniques") + ")")


def evaluate_main(args: argparse.Namespace) -> int:
    """``presslens evaluate techniques``."""
    root = data_root(getattr(args, "data", None))
    split = getattr(args, "split", "dev")
    if split == "train":
        log.warning("split 'train' is not held out: the shipped model was trained on it")
    corpus = Corpus.load(root, split, getattr(args, "limit", 0) or 0)
    if getattr(args, "predictions", None):
        path = Path(args.predictions)
        result = _from_file(corpus, read_predictions(path, getattr(args, "texts", None)))
        result["system"] = f"predictions {path}"
    else:
        model_dir = Path(args.model) if getattr(args, "model", None) else None
        result = _from_model(corpus, model_dir)
        result["system"] = f"model {model_dir}" if model_dir else "shipped model"
    result["split"] = f"ptc2020 {split}"
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(result, indent=2, sort_keys=True) + "\n")
    else:
        _print_report(result)
    return 0


def fit_after_tagger(folder: Path, root: Path, limit: int = 0) -> dict[str, Any]:
    """The CPU steps after tagger training, on the exported network.

    Thresholds first (the calibration is fitted on the spans they give), then
    the span classifier and the score calibration.
    """
    from . import calibration, spanclf, thresholds

    return {
        "thresholds": thresholds.retune_into(folder, root, limit=limit),
        "span_classifier": spanclf.train_into(folder, root, limit=limit),
        "calibration": calibration.train_into(folder, root, limit=limit),
    }


def train_cmd(args: argparse.Namespace) -> int:
    """``presslens train techniques``: the tagger needs the [train] extra (torch).

    ``--skip-tagger`` keeps the tagger already in ``--out`` and re-tunes only
    what comes after it: thresholds, span classifier, calibration (CPU, no
    torch, a few minutes).
    """
    if getattr(args, "skip_tagger", False):
        if not args.out:
            raise UsageError("--skip-tagger needs --out DIR, the model folder to refit")
        scores = fit_after_tagger(Path(args.out), data_root(args.data), args.limit or 0)
        sys.stdout.write(json.dumps(scores, indent=2) + "\n")
        return 0
    try:
        from .train import train_main
    except ModuleNotFoundError as exc:
        raise UsageError(f"training needs the [train] extra (torch, transformers, onnx): "
                         f"pip install 'presslens[train]' ({exc.name} missing)") from exc
    return int(train_main(args))


# ----------------------------------------------------------------------- options


def add_train_options(parser: argparse.ArgumentParser) -> None:
    """Training options, defined here so that building the CLI never imports torch."""
    parser.add_argument("--epochs", type=int, default=None, help="epochs (default 20)")
    parser.add_argument("--lr", type=float, default=None, help="encoder learning rate")
    parser.add_argument("--encoder", default=None,
                        help="BERT folder to start from (default: all-MiniLM-L6-v2)")
    parser.add_argument("--window", type=int, default=None,
                        help="tokens per window incl. [CLS]/[SEP] (default 256)")
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--max-steps", type=int, default=None,
                        help="stop after N steps (smoke tests)")
    parser.add_argument("--limit", type=int, default=None,
                        help="use only the first N training articles (smoke tests)")
    parser.add_argument("--sweep", action="store_true",
                        help="train several configurations, keep the best on validation")
    parser.add_argument("--time-budget", type=float, default=None,
                        help="seconds; no new sweep configuration starts after it")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda if available)")
    parser.add_argument("--no-quantize", action="store_true",
                        help="ship fp32 ONNX instead of int8")
    parser.add_argument("--state-only", action="store_true",
                        help="save the fp16 state dict instead of ONNX")
    parser.add_argument("--skip-tagger", action="store_true",
                        help="keep the tagger in --out; re-tune only its thresholds, the "
                             "span classifier and the score calibration (CPU, no torch)")


def add_arguments(parser: argparse.ArgumentParser, verb: str) -> None:
    parser.add_argument("--data", metavar="DIR",
                        help="folder holding ptc2020/ and semeval2023-en/ "
                             "(default: $PRESSLENS_DATA or ../shared/data)")
    if verb == "train":
        parser.add_argument("--out", metavar="DIR", help="where to write the model folder")
        add_train_options(parser)
        return
    parser.add_argument("--split", choices=("dev", "test", "train"), default="dev",
                        help="PTC-2020 split to score: dev (held out from training), test "
                             "(ptc2020/test-articles and test-TC.labels, if you have them) "
                             "or train")
    parser.add_argument("--model", metavar="DIR", help="model folder (default: the shipped one)")
    parser.add_argument("--predictions", metavar="FILE",
                        help="score this system output instead of a model: TC-labels TSV "
                             "(ID, technique, start, end[, score]) or presslens JSONL")
    parser.add_argument("--texts", choices=("ptc2020", "semeval2023"),
                        help="text version a TSV's offsets refer to (default: ptc2020 for "
                             "PTC-2020 names, else semeval2023)")
    parser.add_argument("--limit", type=int, default=0, metavar="N",
                        help="only the first N articles of the split (quick checks)")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON")


_evaluate: Callable[[argparse.Namespace], int] = evaluate_main

task(Task(
    "techniques",
    "persuasion-technique spans (SemEval-2020/2023)",
    add_arguments,
    train_cmd,
    _evaluate,
))
