from django.core.management.base import BaseCommand, CommandError

from audiofiler.exceptions import ServiceError
from classifier.management.commands._training_options import (
    add_training_options,
    training_knobs,
)
from classifier.ml.errors import ModelError
from classifier.ml.reports import format_calibration, format_report
from classifier.services.training import model_train


class Command(BaseCommand):
    help = "Train the genre network on the stored feature vectors and register it."

    def add_arguments(self, parser):
        add_training_options(parser)
        parser.add_argument(
            "--cv-folds",
            type=int,
            default=0,
            help="Cross-validate with this many folds first and store the result.",
        )
        parser.add_argument(
            "--activate", action="store_true", help="Serve the new model right away."
        )
        parser.add_argument(
            "--name",
            dest="model_name",
            default=None,
            help="Version name (default: time).",
        )

    def handle(self, *args, **options):
        try:
            model_version = model_train(
                genres=options["genres"],
                min_tracks=options["min_tracks"],
                cv_folds=options["cv_folds"],
                activate=options["activate"],
                version=options["model_name"],
                verbose=2 if options["verbosity"] > 1 else 0,
                **training_knobs(options),
            )
        except (ServiceError, ModelError) as error:
            raise CommandError(str(error)) from error
        metrics = model_version.metrics
        self.stdout.write(f"Model {model_version.version} in {model_version.path}")
        if "cross_validation" in metrics:
            self.stdout.write(
                f"{metrics['cross_validation']['folds']}-fold cross-validation:"
            )
            self.stdout.write(format_report(metrics["cross_validation"]))
        self.stdout.write("Held-out validation split:")
        self.stdout.write(format_report(metrics))
        self.stdout.write("Calibration:")
        self.stdout.write(format_calibration(metrics["calibration"]))
        state = "active" if model_version.active else "not active (activate_model)"
        self.stdout.write(
            self.style.SUCCESS(f"Model {model_version.version} is {state}.")
        )
