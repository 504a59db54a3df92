"""Split the list: stratified, reproducible assignment with balance checks (``page.py``, url ``assign``)."""
