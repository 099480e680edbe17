from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from dataset.management.commands._output import Bars, counts_lines, genre_table
from dataset.services.msd import CHUNK_SIZE, msd_import
from dataset.sources.records import SourceError
from dataset.sources.vocabulary import DEFAULT_MARGIN, DEFAULT_MIN_WEIGHT, Vocabulary


class Command(BaseCommand):
    help = (
        "Import the Million Song Dataset: Last.fm tags (lastfm_tags.db, or the JSON "
        "form as a folder or zip), genre label files (tagtraum, MAGD), per-track HDF5 "
        "files and track metadata. Tags become genre labels through the vocabulary. "
        "Resumable: a killed import picks up where it stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tags", help="lastfm_tags.db, or a folder or zip of Last.fm JSON files."
        )
        parser.add_argument(
            "--metadata",
            help="track_metadata.db or unique_tracks.txt (fills in "
            "artist, title, album, year of tracks imported from the other sources).",
        )
        parser.add_argument("--h5", help="A folder of MSD HDF5 files (or one file).")
        parser.add_argument(
            "--labels",
            nargs="+",
            default=[],
            metavar="FILE",
            help="Genre label files: TRACKID<TAB>genre[<TAB>minority] a line.",
        )
        parser.add_argument(
            "--genres",
            nargs="+",
            default=None,
            help="Only these genres of the vocabulary (default: all of them).",
        )
        parser.add_argument(
            "--vocabulary",
            help='JSON {"Genre": ["alias", ...]} in place of the default 18 genres.',
        )
        parser.add_argument(
            "--min-weight",
            type=float,
            default=DEFAULT_MIN_WEIGHT,
            help="Tags weaker than this (Last.fm's 0-100) do not count.",
        )
        parser.add_argument(
            "--margin",
            type=float,
            default=DEFAULT_MARGIN,
            help="Drop a track whose two strongest genres are closer than this.",
        )
        parser.add_argument(
            "--limit", type=int, default=None, help="Read at most N tracks per source."
        )
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=CHUNK_SIZE,
            help="Tracks written (and checkpointed) per transaction.",
        )
        parser.add_argument(
            "--restart", action="store_true",
            help="Start over instead of resuming an unfinished import.",
        )  # fmt: skip

    def handle(self, *args, **options):
        sources = [options["tags"], options["metadata"], options["h5"]]
        if not any(sources) and not options["labels"]:
            raise CommandError(
                "Give at least one of --tags, --metadata, --h5, --labels."
            )
        try:
            vocabulary = Vocabulary.load(
                options["vocabulary"],
                only=options["genres"],
                min_weight=options["min_weight"],
                margin=options["margin"],
            )
        except SourceError as error:
            raise CommandError(str(error)) from error
        bars = Bars(disable=options["verbosity"] == 0)
        try:
            runs = msd_import(
                tags=options["tags"],
                metadata=options["metadata"],
                h5=options["h5"],
                labels=options["labels"],
                vocabulary=vocabulary,
                limit=options["limit"],
                resume=not options["restart"],
                chunk_size=options["chunk_size"],
                progress=bars,
            )
        except (SourceError, OSError, DatabaseError) as error:
            raise CommandError(f"Import stopped: {error}") from error
        finally:
            bars.close()
        for step, run in runs.items():
            self.stdout.write(self.style.MIGRATE_HEADING(f"{step} (run #{run.pk})"))
            for line in counts_lines(run.counts):
                self.stdout.write(f"  {line}")
            for line in genre_table(run.counts.get("genres", {})):
                self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS("MSD import done."))
