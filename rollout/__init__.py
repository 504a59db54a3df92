"""The campaign record and the roll-out decision (may import experiments and economics, never streamlit)."""

from rollout.decision import DECISIONS, DecisionResult, PilotReadout, recommend_rollout

__all__ = ["DECISIONS", "DecisionResult", "PilotReadout", "recommend_rollout"]
