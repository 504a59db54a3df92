"""Analyse pilot: the readout of a file or of typed counts, and its Bayesian panel (``page.py``)."""
