from django.core.management.base import BaseCommand, CommandError

from classifier.providers.errors import UnknownProvider
from dataset.management.commands._output import Bars
from dataset.selectors import run_tracks
from dataset.services.fanout import BrokerUnavailable
from dataset.services.features import features_build


class Command(BaseCommand):
    help = (
        "Fetch a preview (or read the local file) of every labelled track without a "
        "feature vector, decode it, extract the 138 features and store them, with a "
        "status per track (done, no_preview, failed + reason). Resumable: a killed "
        "run's stored tracks are not redone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--provider",
            default=None,
            help="Comma-separated providers to ask, in order: local (a labelled "
            "folder's own files or the library), deezer, itunes, spotify (default: "
            "every configured one).",
        )
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Extract in N processes on this machine (one per core).",
        )
        group.add_argument(
            "--celery",
            action="store_true",
            help="Send the work to `celery -A audiofiler worker` processes (on any "
            "machine that reaches the same REDIS_URL and database).",
        )
        parser.add_argument(
            "--limit", type=int, default=None, help="Do at most N tracks."
        )
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="Also try the tracks that failed before.",
        )
        parser.add_argument(
            "--retry-no-preview",
            action="store_true",
            help="Also try the tracks that had no preview before.",
        )
        parser.add_argument(
            "--wait",
            type=float,
            default=900.0,
            help="With --celery: stop waiting when the workers finish no track for "
            "this many seconds.",
        )

    def handle(self, *args, **options):
        if options["workers"] < 1:
            raise CommandError("--workers takes a number of processes, 1 or more.")
        names = options["provider"].split(",") if options["provider"] else None
        bars = Bars(disable=options["verbosity"] == 0)
        try:
            run = features_build(
                providers=[n.strip() for n in names if n.strip()] if names else None,
                workers=options["workers"],
                celery=options["celery"],
                limit=options["limit"],
                retry_failed=options["retry_failed"],
                retry_no_preview=options["retry_no_preview"],
                wait_s=options["wait"],
                progress=lambda run_id, total: bars(f"run #{run_id}", total),
            )
        except (UnknownProvider, BrokerUnavailable) as error:
            raise CommandError(str(error)) from error
        finally:
            bars.close()
        self._summary(run, verbosity=options["verbosity"])
        if run.status == "failed":
            raise CommandError(run.message)

    def _summary(self, run, *, verbosity):
        if verbosity >= 2:  # every clip, with the windows it gave
            version = run.arguments["extractor_version"]
            for row in run_tracks(run.pk, extractor_version=version):
                detail = (
                    f"{row['windows']} windows"
                    if row["status"] == "done"
                    else f"{row['status']}: {row['reason']}"
                )
                self.stdout.write(f"  {row['track']}: {detail}")
        statuses = run.counts.get("status", {})
        self.stdout.write(
            f"{run.total} tracks: "
            + ", ".join(f"{n} {status}" for status, n in sorted(statuses.items()))
            if run.total
            else "Every labelled track already has a feature vector."
        )
        for reason, n in run.counts.get("reasons", {}).items():
            self.stdout.write(f"  {n} x {reason}")
        windows = run.counts.get("windows", {})
        if windows:
            self.stdout.write(
                "1 s windows per clip: "
                + ", ".join(f"{w} ({n} clips)" for w, n in windows.items())
            )
            short = sum(n for w, n in windows.items() if int(w) < 3)
            if short:
                self.stdout.write(
                    f"  {short} clips gave fewer than 3 windows: their vectors "
                    "average very little audio."
                )
        self.stdout.write(self.style.SUCCESS(f"build_features run #{run.pk} done."))
