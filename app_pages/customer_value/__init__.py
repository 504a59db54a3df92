"""Customer value: CLV, lifetime, churn conversion, flows and the bathtub (``page.py``)."""
