"""Campaign brief: what we test, on whom, at what cost and margin (``page.py``)."""
