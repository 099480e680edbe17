from django.core.management.base import BaseCommand, CommandError

from audiofiler.exceptions import ServiceError
from classifier.ml.errors import ModelError
from classifier.services.models import model_activate


class Command(BaseCommand):
    help = "Make a trained model version the one that serves."

    def add_arguments(self, parser):
        parser.add_argument(
            "version", help="The version to activate (see list_models)."
        )

    def handle(self, *args, version, **options):
        try:
            model_activate(version=version)
        except (ServiceError, ModelError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Model {version} is active."))
