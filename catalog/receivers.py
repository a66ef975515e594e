"""Signal receivers of the catalogue: they only enqueue work (see catalog/search/tasks.py)."""
