"""The ``build_features --workers N`` process pool's side (spawned processes).

Kept apart from ``dataset.services`` and free of Django imports at module level: a
spawned process imports this module before Django is set up.
"""

import os
import sys


def worker_init(settings_module: str, path: list[str]) -> None:
    """Set up Django in a fresh process; one extraction thread per process."""
    os.environ["AUDIOFILER_EXTRACT_THREADS"] = "1"  # the pool is the parallelism
    if settings_module:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    sys.path[:] = path
    import django

    django.setup()


def jobs_run(jobs, names, policy):
    """Run ``jobs`` here (no database writes; the parent stores the outcomes)."""
    import time

    from dataset.services.tracks import run_job

    return [run_job(job, names, None, policy, time.sleep) for job in jobs]
