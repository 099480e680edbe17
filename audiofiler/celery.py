"""The Celery app: workers that extract features when one machine is not enough."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "audiofiler.settings.base")

app = Celery("audiofiler")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
