"""Caveats attached to results: English sentences that also carry a code for the UI catalogs.

A :class:`Note` *is* a ``str`` (the English sentence), so ``result.notes`` stays a plain
``tuple[str, ...]``; the UI can translate it with ``t(f"analysis_notes.{note.code}", **note.params)``
(sentences in ``app_pages/i18n/<lang>/analysis_errors.toml`` under ``[analysis_notes]``).
"""

from __future__ import annotations

from typing import Any

TEMPLATES = {
    "fisher_suggested": "An expected cell count is below 5 (smallest {expected:.3g}): the normal "
    "approximation is poor here; use test='fisher'.",
    "zero_control_responders": "No responders in the control group: the relative lift is undefined "
    "(shown as nan); the absolute lift is still measured (Agresti-Caffo is "
    "the safest interval). 0 of {n:,} only says the control rate is below "
    "about {bound:.2g} (rule of three).",
    "zero_treatment_responders": "No responders in the treated group: the relative lift is -100 % and its "
    "interval is undefined.",
    "insufficient_data": "Insufficient data: an arm has fewer than {min_customers} customers or "
    "{min_responders} responders (smallest: {customers:,} customers, {responders:,} "
    "responders); read this result as indicative only.",
    "insufficient_customers": "Insufficient data: an arm has fewer than {min_customers} customers "
    "(smallest: {customers:,}); read this result as indicative only.",
    "nonpositive_level": "The control or treated average is not positive: the relative lift and its "
    "interval are undefined.",
    "zero_denominator": "The denominator «{column}» sums to 0 in an arm: the ratio is undefined.",
    "constant_covariate": "The covariate «{column}» does not vary within the arms: CUPED cannot reduce "
    "the variance (theta = 0).",
    "cuped_adjusted": "«{column}»: the control and treated averages are adjusted for the pre-period "
    "«{covariate}» (CUPED), so their difference is the lift with less noise; the plain averages are "
    "{control:.4g} and {treatment:.4g}.",
    "srm_flagged": "Sample ratio mismatch (p = {pvalue:.2g}): the arm sizes differ from the planned split "
    "beyond chance. Do not trust this readout until the split is explained.",
    "ignored_arms": "{rows:,} customers in other arms ({arms}) were left out: they are neither the "
    "control nor a chosen treatment.",
    "holm_across_arms": "{k} treatment arms are compared with the control: p-values are Holm-adjusted "
    "across the comparisons (pvalue_adjusted).",
    "segment_without_arm": "Segment «{segment}» has no customers in «{missing}»: it is left out of the "
    "segment comparison of «{arm}».",
    "zero_variance": "Every customer in each group has the same value: the standard error is 0, so the "
    "test and the interval are undefined (shown as nan); the difference itself is exact.",
    "permutation_test": "«{column}»: the p-value and the intervals come from a studentized permutation test "
    "({permutations:,} random splits of the customers; exact in an A/A test) instead of the t / normal "
    "distribution. The values are skewed (skewness {skewness:.3g} in a group of {customers:,} customers; "
    "Kohavi's rule asks for 355 × skewness² = {needed:,} customers per group).",
    "skewed_no_permutation": "«{column}» is skewed (skewness {skewness:.3g} in a group of {customers:,} "
    "customers; Kohavi's rule asks for {needed:,}) but its values could not be binned for a permutation "
    "test: the t / normal p-value and intervals may be too optimistic on one side.",
    "capped": "«{column}» is capped per customer at {limits} ({cap}; values beyond are replaced by the "
    "cap): the result is the mean of the capped values, a different quantity from the plain mean; it "
    "understates a lift made of very large purchases and is much less noisy.",
    "heterogeneity_undefined": "The lift could not be compared across segments: fewer than 2 segments "
    "have a usable standard error.",
    # pilot sizing (experiments.design)
    "bonferroni_split": "Alpha {alpha:g} is split across {k} treatment-vs-control comparisons "
    "(Bonferroni): each uses {alpha_each:.4g}.",
    "design_exceeds_base": "The design needs {needed:,} customers but the base has {population:,}; using "
    "the whole base ({n_control:,} control, {n_treatment:,} per treatment) the smallest detectable effect "
    "is {mde:.4g}.",
    "few_expected_responses": "An arm expects only {expected:.1f} responses (or non-responses): the "
    "normal approximation is rough; read the pilot with Fisher's exact test.",
    "z_small_arms": "An arm has fewer than {minimum} customers: the z approximation overstates power; use "
    "method='t'.",
    "no_rate_reaches_power": "No rate between 0 and 1 reaches this power with these arm sizes.",
}


class Note(str):
    """An English caveat with a stable ``code`` and the ``params`` its sentence interpolates.

    Examples:
        >>> note = Note.make("insufficient_customers", min_customers=100, customers=40)
        >>> note.code, note.startswith("Insufficient data")
        ('insufficient_customers', True)
        >>> isinstance(note, str)
        True
    """

    code: str
    params: dict[str, Any]

    @classmethod
    def make(cls, code: str, **params: Any) -> Note:
        """Build the note ``code`` from its English template."""
        note = cls(TEMPLATES[code].format(**params))
        note.code, note.params = code, params
        return note

    def __reduce__(self):  # keep code and params through pickling (Streamlit's cache)
        return (_rebuild, (str(self), self.code, self.params))


def _rebuild(text: str, code: str, params: dict[str, Any]) -> Note:
    note = Note(text)
    note.code, note.params = code, params
    return note
