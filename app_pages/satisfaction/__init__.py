"""Satisfaction: NPS and ISN with their margin of error, and survey planning (``page.py``)."""
