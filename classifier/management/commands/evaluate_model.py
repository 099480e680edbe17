import json

from django.core.management.base import BaseCommand, CommandError

from audiofiler.exceptions import ServiceError
from classifier.management.commands._training_options import (
    add_training_options,
    training_knobs,
)
from classifier.ml.errors import ModelError
from classifier.ml.reports import confusion_table, format_calibration, format_report
from classifier.services.training import model_evaluate


class Command(BaseCommand):
    help = (
        "K-fold cross-validation of the training recipe on the stored vectors: a "
        "per-genre table, the confusion matrix, and the out-of-fold calibration "
        "(expected calibration error and reliability table, before and after "
        "temperature scaling)."
    )

    def add_arguments(self, parser):
        add_training_options(parser)
        parser.add_argument("--folds", type=int, default=5, help="Number of folds.")
        parser.add_argument(
            "--json", action="store_true", help="Print the report as JSON."
        )

    def handle(self, *args, **options):
        try:
            report = model_evaluate(
                genres=options["genres"],
                min_tracks=options["min_tracks"],
                folds=options["folds"],
                **training_knobs(options),
            )
        except (ServiceError, ModelError) as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(report))
            return
        self.stdout.write(
            f"{report['folds']}-fold cross-validation, accuracy "
            f"{report['accuracy_mean']:.3f} ± {report['accuracy_std']:.3f}"
        )
        self.stdout.write(format_report(report))
        self.stdout.write("Confusion matrix (rows: true genre, columns: predicted):")
        self.stdout.write(
            confusion_table(list(report["per_genre"]), report["confusion_matrix"])
        )
        self.stdout.write("Calibration, out of fold:")
        self.stdout.write(format_calibration(report["calibration"]))
