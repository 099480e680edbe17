from django.core.management.base import BaseCommand, CommandError

from classifier.audio.names import EXTRACTOR_VERSION
from dataset.services import paa_genres_import
from dataset.sources.paa_genres import PaaGenresError


class Command(BaseCommand):
    help = (
        "Import the 581 labelled songs' feature vectors that pyAudioAnalysis 0.3.14 "
        "ships in its package (knn_musical_genre_6), read with a restricted unpickler."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            default=None,
            help="Another copy of the knn_musical_genre_6 file (default: the installed "
            "pyAudioAnalysis package's).",
        )

    def handle(self, *args, path, **options):
        try:
            created = paa_genres_import(path=path, extractor_version=EXTRACTOR_VERSION)
        except (PaaGenresError, OSError) as error:
            raise CommandError(f"Cannot read the bundled genre set: {error}") from error
        self.stdout.write(
            self.style.SUCCESS(f"Imported the bundled genre set: {created} new tracks.")
        )
