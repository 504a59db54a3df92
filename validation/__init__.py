"""Campaign Planner's published validation: seeded simulation studies and cross-checks.

``python -m validation --out docs/validation.md`` (``make validate``) runs every study at full scale and
writes the report; ``--quick`` runs the reduced version ``make test`` checks. Each study is a plain
function returning a :class:`~validation._common.StudyResult`, registered in :data:`STUDIES` with its
full and quick sizes, so new studies (e.g. sequential monitoring) are one function and one entry away.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True, slots=True)
class Study:
    """A registered study: ``module:function`` and its keyword arguments at full and quick scale."""

    target: str
    full: dict[str, Any]
    quick: dict[str, Any]

    def function(self) -> Callable[..., Any]:
        module, name = self.target.split(":")
        return getattr(import_module(module), name)

    def run(self, *, quick: bool = False) -> Any:
        return self.function()(**(self.quick if quick else self.full))


STUDIES: dict[str, Study] = {
    "revenue": Study(
        "validation.revenue:study_revenue",
        {"pilots": 10_000, "lift_pilots": 5_000},
        {
            "pilots": 100,
            "lift_pilots": 0,
            "regime_pilots": {
                "20,000 control + 2,000 treated": 400,
                "2,000 control + 20,000 treated": 400,
                "200 control + 200 treated": 200,
            },
        },
    ),
    "revenue_end_to_end": Study(
        "validation.revenue:study_revenue_end_to_end", {"pilots": 1_000}, {"pilots": 12}
    ),
    "alternatives": Study("validation.alternatives:study_alternatives", {"pilots": 2_000}, {"pilots": 40}),
    "ratio": Study("validation.ratio:study_ratio", {"pilots": 5_000}, {"pilots": 60}),
    "proportions": Study("validation.standard:study_proportions", {"pilots": 10_000}, {"pilots": 2_000}),
    "power": Study("validation.standard:study_power", {"pilots": 10_000}, {"pilots": 2_000}),
    "srm": Study("validation.standard:study_srm", {"pilots": 20_000}, {"pilots": 4_000}),
    "bayes": Study(
        "validation.bayes:study_bayes",
        {"pilots": 2_000, "mean_pilots": 10_000},
        {"pilots": 150, "mean_pilots": 2_000},
    ),
    "crosscheck": Study(
        "validation.crosscheck:study_crosscheck", {"resamples": 50_000}, {"resamples": 5_000}
    ),
}

__all__ = ["STUDIES", "Study"]
