"""The AudioFiler Django project."""
