"""WSGI entry point (gunicorn audiofiler.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "audiofiler.settings.base")
application = get_wsgi_application()
