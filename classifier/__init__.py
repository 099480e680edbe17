"""Serving: audio in, genres out."""
