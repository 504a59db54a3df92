"""Generate the example NPS / ISN survey: 0–10 and 1–7 answers with channel and value segment.

A customer-satisfaction wave of a Chilean retailer: every respondent answered the NPS question
("¿Qué tan probable es que recomiende … a un amigo o colega?", 0–10) and most graded the service on
the 1–7 school scale used for the ISN (Índice de Satisfacción Neta); an empty grade is "no sabe / no
responde". Scores differ by channel and value segment, so the Satisfaction page has something to
break down.

The file is small enough to commit (1 000 rows) and is fully determined by the seed: the generator uses
only ``random.Random.random()`` (a stream Python keeps stable across versions) and writes integers, so
``python examples/data/make_survey.py`` reproduces ``encuesta_nps_isn.csv`` byte for byte.

Usage::

    python examples/data/make_survey.py            # rewrites examples/data/encuesta_nps_isn.csv
    python examples/data/make_survey.py OUT.csv    # writes elsewhere
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from pathlib import Path

SEED = 20250301
ROWS = 1_000
OUT = Path(__file__).resolve().parent / "encuesta_nps_isn.csv"
COLUMNS = ("id", "fecha", "canal", "segmento", "nps_0_10", "nota_1_7")
START = dt.date(2025, 3, 1)
CHANNELS = (("sucursal", 0.35), ("web", 0.25), ("app", 0.25), ("call center", 0.15))
SEGMENTS = (("alto", 0.20), ("medio", 0.30), ("bajo", 0.45), ("estratégico", 0.05))
# Share of detractors (0-6) and promoters (9-10) by channel; passives (7-8) get the rest.
CHANNEL_MIX = {
    "sucursal": (0.18, 0.50),
    "web": (0.22, 0.42),
    "app": (0.15, 0.55),
    "call center": (0.38, 0.30),
}
SEGMENT_SHIFT = {"alto": 0.05, "medio": 0.0, "bajo": -0.04, "estratégico": 0.08}
NO_ANSWER = 0.03  # "no sabe / no responde" on the 1-7 grade


def pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    """One label drawn with the given weights (inverse CDF on a single uniform draw)."""
    u, total = rng.random(), 0.0
    for label, weight in weighted:
        total += weight
        if u < total:
            return label
    return weighted[-1][0]


def nps_score(rng: random.Random, channel: str, segment: str) -> int:
    """A 0–10 answer: detractor, passive or promoter by channel and segment, then a score inside."""
    detractors, promoters = CHANNEL_MIX[channel]
    shift = SEGMENT_SHIFT[segment]
    detractors, promoters = max(0.02, detractors - shift), min(0.95, promoters + shift)
    u = rng.random()
    if u < detractors:
        return min(6, int(rng.random() ** 0.6 * 7))  # detractors lean towards 5-6
    if u < 1 - promoters:
        return 7 + int(rng.random() * 2)
    return 9 + int(rng.random() * 2)


def grade(rng: random.Random, score: int) -> int | None:
    """A 1–7 grade that agrees with the NPS answer most of the time; ``None`` = no answer."""
    if rng.random() < NO_ANSWER:
        return None
    centre = 1 + score * 0.6  # 0 → 1, 10 → 7
    value = round(centre + (rng.random() - 0.5) * 2.2)
    return max(1, min(7, value))


def rows(seed: int = SEED, n: int = ROWS) -> list[tuple]:
    """The survey rows, in answer order."""
    rng = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        channel, segment = pick(rng, CHANNELS), pick(rng, SEGMENTS)
        score = nps_score(rng, channel, segment)
        day = START + dt.timedelta(days=int(rng.random() * 31))
        note = grade(rng, score)
        out.append((i, day.isoformat(), channel, segment, score, "" if note is None else note))
    return out


def write(path: Path = OUT, seed: int = SEED, n: int = ROWS) -> Path:
    """Write the survey CSV (UTF-8, comma-separated, ``\\n`` line ends) and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows(seed, n))
    return path


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
