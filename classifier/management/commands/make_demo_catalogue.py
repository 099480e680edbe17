import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from classifier.demo.catalogue import SONGS, build_catalogue


class Command(BaseCommand):
    help = (
        "Synthesise the offline demo songs (30 s each, mp3/ogg/m4a/wav, tagged) that "
        "the local provider serves when no AUDIOFILER_LIBRARY is set. "
        "Not training data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help="Folder to write to (default: AUDIOFILER_DEMO_DIR).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Rewrite songs that already exist."
        )
        parser.add_argument(
            "--limit", type=int, default=None, help="Only the first N songs."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes that synthesise and encode in parallel (default: cores).",
        )

    def handle(self, *args, out, force, limit, workers, **options):
        out_dir = out or Path(settings.AUDIOFILER_DEMO_DIR)
        songs = SONGS[:limit] if limit else SONGS
        with tqdm(total=len(songs), file=sys.stderr, unit="song") as bar:
            paths = build_catalogue(
                out_dir,
                songs=songs,
                force=force,
                workers=workers,
                progress=lambda i, n, path: (
                    bar.set_postfix_str(path.name),
                    bar.update(),
                ),
            )
        self.stdout.write(f"{len(paths)} demo songs in {out_dir}")
