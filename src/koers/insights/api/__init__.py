"""The insights API (django-ninja): its router in `insights.py`."""
