"""Roll-out decision: money, risk, recommendation, memo and approval (``page.py``, url ``rollout``)."""
