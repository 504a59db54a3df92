"""Shared pieces of the validation studies: rates with Monte Carlo errors, bands, seeded parallel runs.

Every study is a function ``study(scale) -> StudyResult``. A rate is ``hits / trials`` over seeded,
independent simulated pilots; its Monte Carlo standard error is ``sqrt(p (1 - p) / trials)``. Pilot ``i``
of a study draws from ``numpy.random.SeedSequence(seed).spawn(trials)[i]``, so the figures do not depend
on how many processes share the work: the same versions give the same report, byte for byte.
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

WORKERS = int(os.environ.get("VALIDATION_WORKERS", min(2, os.cpu_count() or 1)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Figure:
    """A simulated rate with its Monte Carlo standard error and (optionally) the band it must stay in."""

    regime: str
    name: str
    hits: int
    trials: int
    band: tuple[float, float] | None = None

    @property
    def rate(self) -> float:
        return self.hits / self.trials if self.trials else math.nan

    @property
    def se(self) -> float:
        p = self.rate
        return math.sqrt(p * (1 - p) / self.trials) if self.trials else math.nan

    def within(self, slack_se: float = 0.0) -> bool:
        """Inside the band, widened by ``slack_se`` Monte Carlo errors of the target (quick runs)."""
        if self.band is None or not self.trials:
            return True
        low, high = self.band
        centre = min(max(self.rate, low), high)
        slack = slack_se * math.sqrt(max(centre * (1 - centre), 1e-4) / self.trials)
        return low - slack <= self.rate <= high + slack


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    """A deterministic cross-check: our figure against an oracle's, with a tolerance."""

    name: str
    ours: float
    oracle: float
    tolerance: float
    source: str

    @property
    def ok(self) -> bool:
        return abs(self.ours - self.oracle) <= self.tolerance * max(1.0, abs(self.oracle))


@dataclass(frozen=True, slots=True, kw_only=True)
class StudyResult:
    """What a study measured: rates (``figures``), cross-checks and free-text context for the report."""

    key: str
    title: str
    method: str
    seed: int
    figures: tuple[Figure, ...] = ()
    checks: tuple[Check, ...] = ()
    notes: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def failures(self, slack_se: float = 0.0) -> list[str]:
        """Figures outside their band and failed checks, as sentences."""
        out = [
            f"{f.regime}: {f.name} = {100 * f.rate:.2f} % outside [{100 * f.band[0]:.2f}, {100 * f.band[1]:.2f}] %"
            for f in self.figures
            if f.band is not None and not f.within(slack_se)
        ]
        return out + [f"{c.name}: {c.ours!r} vs {c.oracle!r}" for c in self.checks if not c.ok]


def rngs(seed: int, trials: int) -> list[np.random.SeedSequence]:
    """One independent seed sequence per simulated pilot."""
    return np.random.SeedSequence(seed).spawn(trials)


def _call(args: tuple[Callable[..., Any], np.random.SeedSequence, tuple[Any, ...]]) -> Any:
    fn, seq, extra = args
    return fn(np.random.default_rng(seq), *extra)


def run_pilots(fn: Callable[..., Any], seed: int, trials: int, *extra: Any) -> list[Any]:
    """``fn(rng, *extra)`` for every pilot, in order, spread over :data:`WORKERS` processes."""
    jobs = [(fn, seq, extra) for seq in rngs(seed, trials)]
    if WORKERS <= 1 or trials < 50:
        return [_call(job) for job in jobs]
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        return pool.map(_call, jobs, chunksize=max(1, trials // (8 * WORKERS)))


def count(outcomes: Sequence[dict[str, bool]], key: str) -> tuple[int, int]:
    """(hits, trials) of one outcome over pilots where it is defined (``None`` = undefined)."""
    values = [o[key] for o in outcomes if o.get(key) is not None]
    return sum(bool(v) for v in values), len(values)


FPR_TWO_SIDED = (0.0445, 0.0557)
FPR_ONE_SIDED = (0.040, 0.060)
COVERAGE = (0.940, 1.0)
