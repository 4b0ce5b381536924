"""Seeded reading notes in the shape of the embedded notes (docs/notes/iclr2020.md), at any size.

What the embedded notes do, this generator does at about the same rates: `## Topic` headings,
numbered entries whose numbers are sometimes out of order, `*` stars, titles in capitals split
over two lines, `: summary` (or `,` or nothing), lazy continuation lines at column 0, indented
sub-points `    1). ...`, bracketed remarks `    [...]`, inline math `$r \\ge k$`, related links
to arXiv, PMLR and NeurIPS, and now and then a related link to another paper of the same notes.

The same `--papers` and `--seed` always give the same bytes. 10,000 papers are about 5 MB.

    python benchmarks/make_notes.py --papers 10000 --seed 1 -o benchmarks/work/notes-10000.md
"""

from __future__ import annotations

import argparse
import math
import random
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path

SIZES = (100, 1_000, 10_000)
"""The sizes the benchmarks use."""

_AREAS = (
    "Optimization", "Generalization", "Generative models", "Inference methods",
    "Continual learning", "Transfer learning", "Meta learning", "Reinforcement learning",
    "Graph networks", "Adversarial robustness", "Representation learning", "Language models",
    "Vision", "Speech", "Causality", "Fairness", "Compression", "Bayesian deep learning",
    "Theory", "Self-supervision", "Federated learning", "Program synthesis", "Time series",
    "Neural ODEs", "Kernels",
)
_ASPECTS = (
    "", "& Generalization", "in practice", "theory", "benchmarks", "at scale", "for science",
    "with few labels", "under shift", "& uncertainty", "and efficiency", "& interpretability",
)
_TITLE_WORDS = (
    "learning", "neural", "networks", "deep", "gradient", "stochastic", "adaptive", "training",
    "representation", "adversarial", "robustness", "generalization", "variational", "inference",
    "bayesian", "graph", "attention", "transformers", "contrastive", "self-supervised", "sparse",
    "efficient", "scalable", "implicit", "regularization", "optimization", "convergence",
    "kernel", "tangent", "overparametrized", "lottery", "tickets", "pruning", "quantization",
    "distillation", "continual", "meta", "transfer", "multi-task", "domain", "invariant",
    "causal", "disentangled", "latent", "flows", "diffusion", "energy-based", "models",
    "policy", "value", "exploration", "reward", "planning", "world", "uncertainty", "ensembles",
    "calibration", "dropout", "normalization", "batch", "layer-wise", "rates", "estimators",
    "unbiased", "variance", "reduction", "discrete", "random", "variables", "information",
    "bottleneck", "mutual", "compression", "theory", "empirical", "investigation", "towards",
    "understanding", "rethinking", "revisiting", "beyond", "via", "for", "with", "of", "and",
    "on", "the", "a", "in", "through", "without", "large", "batch", "fine-tuning", "features",
)
_SUMMARY_WORDS = (
    "the", "a", "of", "and", "to", "in", "is", "for", "with", "that", "on", "by", "which", "as",
    "model", "models", "method", "loss", "gradient", "gradients", "training", "weights",
    "parameters", "layer", "layers", "dataset", "datasets", "tasks", "task", "features",
    "variance", "bias", "estimator", "distribution", "prior", "posterior", "latent", "variable",
    "shows", "proposes", "uses", "improves", "reduces", "controls", "measures", "learns",
    "better", "smaller", "unbiased", "similar", "different", "shared", "pre-trained",
    "adversarial", "robust", "sparse", "dense", "linear", "non-linear", "local", "global",
    "approximation", "expansion", "objective", "regularizer", "sharpness", "generalization",
    "transfer", "source", "target", "domain", "capacity", "module", "output", "dimension",
    "inter-class", "intra-class", "dispersion", "compactness", "centers", "hyperparameter",
    "momentum", "learning", "rate", "schedule", "batch", "normalization", "ensemble",
)
_MATH = (
    "$r \\ge k$", "$l_2$", "$k$", "$\\mathcal{O}(n \\log n)$", "$p(x \\mid z)$", "$\\lambda$",
    "$\\|W\\|_F$", "$\\epsilon$-greedy", "$L_1$", "$\\beta$-VAE",
)
_REMARKS = (
    "The condition number of the matrix measures the ratio of the maximum relative stretching "
    "to the maximum relative shrinking that matrix does to any non zero vectors.",
    "Similar to natural gradient, but with a diagonal approximation of the Fisher.",
    "Not clear whether the improvement holds beyond small datasets.",
)
_ID_CHARS = string.ascii_letters + string.digits


@dataclass(slots=True)
class _State:
    """What generating one notes file remembers: the random source and papers so far."""

    rng: random.Random
    ids: list[str] = field(default_factory=list)


def topic_count(papers: int) -> int:
    """Topics grow like the square root of the papers: 20 for 100, 63 for 1,000, 200 for 10,000.

    Notes that grow for years get more topics and longer topics; a fixed count would make
    pages huge, a count growing linearly would make the navigation (on every page) grow with it.
    """
    return max(6, round(2 * math.sqrt(papers)))


def _topic_names(count: int) -> list[str]:
    names = [f"{area} {aspect}".strip() for aspect in _ASPECTS for area in _AREAS]
    if count > len(names):
        names += [f"{name} {n}" for n in range(2, count // len(names) + 2) for name in names]
    return names[:count]


def _split_sizes(papers: int, topics: int, rng: random.Random) -> list[int]:
    """Papers per topic: uneven (weights 0.5 to 1.5), at least one each, summing to `papers`."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(topics)]
    total = sum(weights)
    sizes = [max(1, int(papers * w / total)) for w in weights]
    i = 0
    while sum(sizes) != papers:
        step = 1 if sum(sizes) < papers else -1
        if sizes[i % topics] + step >= 1:
            sizes[i % topics] += step
        i += 1
    return sizes


def _paper_id(rng: random.Random) -> str:
    return "".join(rng.choice(_ID_CHARS) for _ in range(10))


def _words(rng: random.Random, pool: tuple[str, ...], low: int, high: int) -> str:
    return " ".join(rng.choice(pool) for _ in range(rng.randint(low, high)))


def _title(rng: random.Random) -> str:
    """A title: an acronym now and then, often in capitals, long ones split over two lines."""
    if rng.random() < 0.1:
        letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.randint(3, 6)))
        return letters + rng.choice(("", "Net", "GAN", "SGD", "-2"))
    words = [rng.choice(_TITLE_WORDS) for _ in range(rng.randint(4, 11))]
    words[0] = words[0].capitalize()
    if rng.random() < 0.5:
        words = [word.upper() for word in words]
    if len(words) >= 6 and rng.random() < 0.35:
        cut = rng.randint(3, len(words) - 2)
        return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
    return " ".join(words)


def _sentence(rng: random.Random, low: int, high: int) -> str:
    text = _words(rng, _SUMMARY_WORDS, low, high)
    if rng.random() < 0.2:
        text += f" where {rng.choice(_MATH)} is " + _words(rng, _SUMMARY_WORDS, 2, 6)
    if rng.random() < 0.05:
        text += " **" + _words(rng, _SUMMARY_WORDS, 2, 3) + "**"
    return text


def _related(state: _State) -> str:
    """A link to another paper: arXiv, PMLR, NeurIPS, or an earlier paper of these notes."""
    rng = state.rng
    text = _words(rng, _TITLE_WORDS, 3, 7).title()
    kind = rng.random()
    if kind < 0.15 and state.ids:
        url = f"https://openreview.net/forum?id={rng.choice(state.ids)}"
    elif kind < 0.5:
        ident = f"{rng.randint(15, 23)}{rng.randint(1, 12):02d}.{rng.randint(10000, 99999)}"
        url = rng.choice((f"https://arxiv.org/abs/{ident}", f"https://arxiv.org/pdf/{ident}.pdf"))
    elif kind < 0.75:
        url = f"http://proceedings.mlr.press/v{rng.randint(28, 202)}/{_paper_id(rng).lower()}.html"
    else:
        slug = text.lower().replace(" ", "-")
        url = f"http://papers.nips.cc/paper/{rng.randint(1000, 9999)}-{slug}.pdf"
    return f"[{text}]({url})"


def _summary(state: _State) -> str:
    """What follows the title's link: a separator, sentences, related links, inline `1)`s."""
    rng = state.rng
    if rng.random() < 0.08:
        return ""
    text = _sentence(rng, 14, 50)
    if rng.random() < 0.25:
        links = ", ".join(_related(state) for _ in range(rng.randint(1, 2)))
        text += f", check related work {links}"
    if rng.random() < 0.08:
        text += ", e.g. " + "; ".join(f"{n}) " + _sentence(rng, 6, 14) for n in (1, 2, 3))
    return rng.choice((": ", ": ", ": ", ": ", ":", ", ", ":  ")) + text + "."


def _body(state: _State) -> list[str]:
    """Lines after the head: a lazy continuation, sub-points, a remark, or nothing."""
    rng = state.rng
    lines: list[str] = []
    if rng.random() < 0.1:
        lines.append("Other related works " + _sentence(rng, 8, 20) + ". ")
    if rng.random() < 0.15:
        for n in range(1, rng.randint(2, 4)):
            if n == 1 or rng.random() < 0.5:
                lines.append(rng.choice(("", "    ", "     ")))
            lines.append(f"    {n}). " + _sentence(rng, 12, 30) + ";")
    if rng.random() < 0.05:
        lines += ["", f"    [{rng.choice(_REMARKS)} {_sentence(rng, 4, 10).capitalize()}.] "]
    return lines


def _entry(number: int, state: _State) -> list[str]:
    rng = state.rng
    ident = _paper_id(rng)
    star = "*" if rng.random() < 0.15 else ""
    host = "http://www.openreview.net" if rng.random() < 0.03 else "https://openreview.net"
    head = f"{number}. {star}[{_title(rng)}]({host}/pdf?id={ident}){_summary(state)}"
    state.ids.append(ident)
    gap = rng.choice(("", "", "", "", "", "\n", "\n", "\n", "   \n", "\n   \n"))
    return [head, *_body(state), *([gap] if gap else [])]


def _number(previous: int, rng: random.Random) -> int:
    """Usually the next number; sometimes a restart or a jump, as in the embedded notes."""
    if rng.random() < 0.05:
        return rng.choice((1, max(1, previous - 2), previous + 2))
    return previous + 1


def make_notes(papers: int, seed: int = 0, topics: int | None = None) -> str:
    """Notes with exactly `papers` entries in `topics` topics (`topic_count` by default, and
    never more topics than papers)."""
    if papers < 1:
        raise ValueError("papers must be at least 1")
    state = _State(random.Random(seed))
    count = min(topics or topic_count(papers), papers)
    lines: list[str] = []
    names = _topic_names(count)
    for name, size in zip(names, _split_sizes(papers, count, state.rng), strict=True):
        lines += [f"## {name}", *([""] if state.rng.random() < 0.3 else [])]
        number = 0
        for _ in range(size):
            number = _number(number, state.rng)
            lines += _entry(number, state)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """`make_notes.py --papers N --seed S -o out.md`; `-o -` writes to standard output."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--topics", type=int, default=None, help="default: 2 * sqrt(papers)")
    parser.add_argument("-o", "--output", default="-")
    args = parser.parse_args(argv)
    text = make_notes(args.papers, args.seed, args.topics)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
