"""Size the pilot: power-based sizing and the profit-maximising (Test & Roll) tab (``page.py``)."""
