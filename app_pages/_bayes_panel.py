"""Bayesian readout panel shown on the Analyse and Roll-out pages (placeholder until built)."""


def render(readout: dict) -> None:
    return None
