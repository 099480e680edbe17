"""Database backends of AudioFiler (Django's, with small changes)."""
