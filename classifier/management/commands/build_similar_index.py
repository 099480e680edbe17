import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from audiofiler.exceptions import ServiceError
from classifier.ml.errors import ModelError
from classifier.models import ModelVersion
from classifier.selectors import model_active_get
from classifier.services.models import no_model_error
from classifier.services.similar import similar_index_build


class Command(BaseCommand):
    help = (
        "Embed every dataset track and earlier result with a model (the active one "
        "by default) and store its similar-tracks index. Activating a model does "
        "this by itself; run it after importing many tracks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--model", default=None, help="Model version (default: the active one)."
        )

    def handle(self, *args, model, **options):
        try:
            model_version = (
                ModelVersion.objects.get(version=model) if model else model_active_get()
            )
            if model_version is None:
                raise no_model_error()
            with tqdm(file=sys.stderr, unit="track", desc="embedding") as bar:
                index = similar_index_build(
                    model_version=model_version,
                    progress=lambda done, total: _advance(bar, done, total),
                )
        except ModelVersion.DoesNotExist:
            raise CommandError(f"No model version {model!r}.") from None
        except (ServiceError, ModelError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Similar index of {model_version.version}: {index.rows} tracks, "
                f"{index.dimensions} dimensions ({index.metric})."
            )
        )


def _advance(bar: tqdm, done: int, total: int) -> None:
    bar.total = total
    bar.update(done - bar.n)
