from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from dataset.management.commands._output import Bars, counts_lines, genre_table
from dataset.services.folder import folder_import
from dataset.sources.records import SourceError


class Command(BaseCommand):
    help = (
        "Import a labelled folder ROOT/<genre>/<audio files> (GTZAN's layout): each "
        "file becomes a track labelled with its folder's name. Then run "
        "build_features and train_model."
    )

    def add_arguments(self, parser):
        parser.add_argument("root", help="The folder holding one folder per genre.")
        parser.add_argument(
            "--restart",
            action="store_true",
            help="Start over instead of resuming an unfinished import of ROOT.",
        )

    def handle(self, *args, root, restart, **options):
        bars = Bars(unit="file", disable=options["verbosity"] == 0)
        try:
            run = folder_import(root=root, resume=not restart, progress=bars)
        except (SourceError, OSError, DatabaseError) as error:
            raise CommandError(f"Cannot import {root}: {error}") from error
        finally:
            bars.close()
        for line in counts_lines(run.counts):
            self.stdout.write(line)
        for line in genre_table(run.counts.get("genres", {})):
            self.stdout.write(line)
        genres = len(run.counts.get("genres", {}))
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {run.counts.get('files', 0)} files in {genres} genres. "
                "Next: manage.py build_features"
            )
        )
