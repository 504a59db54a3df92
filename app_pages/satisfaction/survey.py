"""The "how many surveys to send" tab: answers for a margin of error (with FPC) and invitations."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from app_pages.components.cards import cards
from app_pages.components.feedback import how_computed, sentence, show_field_error
from app_pages.components.inputs import count_input, number_input, option_labels, percent_input, show_fix
from app_pages.components.tables import download_table
from app_pages.i18n import fmt_int, fmt_number, fmt_pct, t
from app_pages.satisfaction.inputs import DEFAULT_RATES
from economics import survey_invitations, survey_sample_size, wave_variance
from planner_common import InputError

VARIANCE_MODES = ("worst", "typed", "measured")
AUDIENCES = ("b2c", "b2b")
KINDS = ("relational", "transactional")
SURVEY_KEYS = (
    "satisfaction.margin_target", "satisfaction.variance", "satisfaction.population",
    *(f"satisfaction.rate_{a}_{k}" for a in AUDIENCES for k in KINDS),
)  # fmt: skip


def rate_inputs() -> dict[tuple[str, str], float | None]:
    """The four editable response-rate defaults ("referencia del blog")."""
    with st.expander(t("satisfaction.rates_title"), icon=":material/tune:"):
        st.caption(t("satisfaction.rates_note"))
        cols = st.columns(4)
        return {
            (a, k): percent_input(
                t(f"satisfaction.rate_{a}_{k}"), f"satisfaction.rate_{a}_{k}", container=col, digits=1
            )
            for col, (a, k) in zip(cols, [(a, k) for a in AUDIENCES for k in KINDS], strict=True)
        }


def render(confidence: float, measured) -> None:
    """Inputs, cards, sentence and download of the survey-size tab (``measured``: last NPS/ISN or None)."""
    inputs, answer = st.columns([1, 2], gap="large")
    with inputs:
        labels = {
            "margin_of_error": t("satisfaction.margin_target"),
            "variance": t("satisfaction.variance"),
            "population": t("satisfaction.population"),
            "response_rate": t("satisfaction.rate_used"),
        }
        margin = number_input(
            labels["margin_of_error"], "satisfaction.margin_target", digits=1,
            help=t("satisfaction.margin_target_help"),
        )  # fmt: skip
        slots = {"margin_of_error": st.empty()}
        mode = st.radio(
            t("satisfaction.variance_mode"),
            VARIANCE_MODES,
            key="satisfaction.variance_mode",
            format_func=option_labels("satisfaction.variance_"),
        )
        typed = number_input(
            labels["variance"], "satisfaction.variance", digits=2, disabled=mode != "typed",
            help=t("satisfaction.variance_help"),
        )  # fmt: skip
        slots["variance"] = slots["positive_share"] = slots["negative_share"] = st.empty()
        population = count_input(
            labels["population"], "satisfaction.population", minimum=None, unit=t("app.unit_customers"),
            help=t("satisfaction.population_help"),
        )  # fmt: skip
        slots["population"] = st.empty()
        audience = st.selectbox(
            t("satisfaction.audience"),
            AUDIENCES,
            key="satisfaction.audience",
            format_func=option_labels("satisfaction.audience_"),
        )
        kind = st.selectbox(
            t("satisfaction.survey_kind"),
            KINDS,
            key="satisfaction.survey_kind",
            format_func=option_labels("satisfaction.kind_"),
        )
    rates = rate_inputs()
    with answer:
        if show_fix(SURVEY_KEYS):
            return
        if margin is None or None in rates.values():
            st.info(t("satisfaction.plan_empty"), icon=":material/edit_note:")
            return
        if mode == "measured" and measured is None:
            slots["variance"].info(t("satisfaction.no_measured"), icon=":material/info:")
            return
        try:
            # "worst": the engine's own worst case; "measured": the variance of the last wave
            given = wave_variance(measured) if mode == "measured" else typed if mode == "typed" else None
            extra = {} if given is None else {"variance": given}
            size = survey_sample_size(margin, **extra, confidence_level=confidence, population=population)
            invites = survey_invitations(size.n, audience=audience, survey=kind, defaults=dict(rates))
            variance = size.variance
        except InputError as exc:
            field_labels = {
                **labels,
                "positive_share": labels["variance"],
                "negative_share": labels["variance"],
                "responses_needed": labels["margin_of_error"],
                "response_rate": f"{t(f'satisfaction.rate_{audience}_{kind}')} (%)",
            }
            show_field_error(exc, slots, field_labels, st, percent_fields=("response_rate",))
            return
        is_default = abs(rates[(audience, kind)] - DEFAULT_RATES[(audience, kind)]) < 1e-12
        source = t("satisfaction.source_blog" if is_default else "satisfaction.source_own")
        cards(
            [
                (t("satisfaction.metric_answers"), fmt_int(size.n), t("satisfaction.answers_help")),
                (
                    t("satisfaction.metric_infinite"),
                    fmt_int(math.ceil(size.n_infinite - 1e-9)),
                    t("satisfaction.infinite_help"),
                ),
                (
                    t("satisfaction.metric_invitations"),
                    fmt_int(invites.invitations),
                    t("satisfaction.invitations_help", rate=fmt_pct(invites.response_rate), source=source),
                ),
            ]
        )
        sentence(
            t(
                "satisfaction.plan_sentence",
                margin=fmt_number(margin, digits=1),
                level=fmt_int(confidence * 100),
                variance=fmt_number(variance, digits=2),
                n=fmt_int(size.n),
                invitations=fmt_int(invites.invitations),
                rate=fmt_pct(invites.response_rate),
                audience=audience.upper(),
                kind=t(f"satisfaction.kind_{kind}"),
                source=source,
            )
        )
        st.caption(t("satisfaction.nonresponse"))
        table = pd.DataFrame(
            {
                t("satisfaction.table_item"): [
                    labels["margin_of_error"],
                    labels["variance"],
                    labels["population"],
                    t("satisfaction.metric_infinite"),
                    t("satisfaction.metric_answers"),
                    labels["response_rate"],
                    t("satisfaction.metric_invitations"),
                ],
                t("satisfaction.table_value"): [
                    margin,
                    variance,
                    population,
                    size.n_infinite,
                    size.n,
                    invites.response_rate,
                    invites.invitations,
                ],
            }
        )
        download_table(table, t("satisfaction.plan_file"), "satisfaction.plan_table")
    how_computed(t("satisfaction.plan_how"))
