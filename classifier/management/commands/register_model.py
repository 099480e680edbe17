"""``manage.py register_model DIR``: record an artifact trained elsewhere."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audiofiler.exceptions import ServiceError
from classifier.ml.errors import ModelError
from classifier.models import ModelVersion
from classifier.services.models import model_register


class Command(BaseCommand):
    help = (
        "Record a trained artifact (a directory train_model wrote: metadata.json, "
        "weights.npz) and keep its serving files in the database, so every machine "
        "using this database can load it."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="The artifact directory.")
        parser.add_argument(
            "--name",
            default=None,
            help="Name of the model version (default: the directory's name).",
        )
        parser.add_argument(
            "--activate",
            action="store_true",
            help="Make it the model that serves.",
        )

    def handle(self, *args, directory, name, activate, **options):
        directory = Path(directory)
        version = name or directory.resolve().name
        if ModelVersion.objects.filter(version=version).exists():
            raise CommandError(
                f"A model version {version!r} exists already; pick another --name."
            )
        try:
            model_version = model_register(
                directory=directory, version=version, activate=activate
            )
        except (ServiceError, ModelError) as error:
            raise CommandError(str(error)) from error
        state = "active" if model_version.active else "registered, not active"
        self.stdout.write(self.style.SUCCESS(f"Model {version}: {state}."))
