"""Writes of the classifier app: where settings, the database and the pure core meet."""
