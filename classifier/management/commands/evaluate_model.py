import json

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from audiofiler.exceptions import ServiceError
from classifier.management.commands._training_options import (
    add_training_options,
    training_knobs,
)
from classifier.ml.metrics import format_report
from classifier.services.training import model_evaluate


class Command(BaseCommand):
    help = (
        "K-fold cross-validation of the training recipe on the stored vectors: a "
        "per-genre table and the confusion matrix."
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
        except ServiceError as error:
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


def confusion_table(genres: list[str], matrix: list[list[int]]) -> str:
    width = max(6, *(len(g) for g in genres)) + 1
    lines = [" " * width + "".join(f"{g[: width - 1]:>{width}}" for g in genres)]
    for genre, row in zip(genres, np.asarray(matrix), strict=True):
        lines.append(f"{genre:<{width}}" + "".join(f"{n:>{width}d}" for n in row))
    return "\n".join(lines)
