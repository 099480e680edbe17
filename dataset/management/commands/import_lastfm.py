from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from dataset.management.commands._output import Bars, counts_lines, genre_table
from dataset.services.lastfm import lastfm_import
from dataset.sources.records import SourceError
from dataset.sources.vocabulary import DEFAULT_MARGIN, DEFAULT_MIN_WEIGHT, Vocabulary


class Command(BaseCommand):
    help = (
        "Import each genre's top tracks from Last.fm (tag.getTopTracks) and label "
        "them by their own top tags (track.getTopTags) through the vocabulary. "
        "Needs LASTFM_API_KEY; pylast's rate limiter spaces the calls. Resumable."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--genres",
            nargs="+",
            default=None,
            help="Genres of the vocabulary to fetch (default: all of them).",
        )
        parser.add_argument(
            "--per-genre", type=int, default=100, help="Top tracks per genre."
        )
        parser.add_argument(
            "--vocabulary", help='JSON {"Genre": ["alias", ...]} (default: built in).'
        )
        parser.add_argument(
            "--min-weight",
            type=float,
            default=DEFAULT_MIN_WEIGHT,
            help="Tags weaker than this (0-100) do not count.",
        )
        parser.add_argument(
            "--margin",
            type=float,
            default=DEFAULT_MARGIN,
            help="Drop a track whose two strongest genres are closer than this.",
        )
        parser.add_argument(
            "--restart", action="store_true", help="Start over instead of resuming."
        )

    def handle(self, *args, **options):
        if options["per_genre"] < 1:
            raise CommandError("--per-genre takes a number of tracks, 1 or more.")
        bars = Bars(disable=options["verbosity"] == 0)
        try:
            vocabulary = Vocabulary.load(
                options["vocabulary"],
                only=options["genres"],
                min_weight=options["min_weight"],
                margin=options["margin"],
            )
            run = lastfm_import(
                genres=list(vocabulary.genres),
                per_genre=options["per_genre"],
                vocabulary=vocabulary,
                resume=not options["restart"],
                progress=bars,
            )
        except (SourceError, DatabaseError) as error:
            raise CommandError(f"Last.fm import stopped: {error}") from error
        finally:
            bars.close()
        for line in counts_lines(run.counts):
            self.stdout.write(line)
        for line in genre_table(run.counts.get("genres", {})):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"import_lastfm run #{run.pk} done."))
