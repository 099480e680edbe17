from django.core.management.base import BaseCommand

from classifier.ml.reports import calibration_headline, format_report
from classifier.selectors import model_list


class Command(BaseCommand):
    help = "List trained model versions with their accuracy and per-genre table."

    def add_arguments(self, parser):
        parser.add_argument(
            "--brief", action="store_true", help="One line per model, no genre tables."
        )

    def handle(self, *args, brief, **options):
        versions = list(model_list())
        if not versions:
            self.stdout.write("No models yet: run `manage.py train_model --activate`.")
            return
        for model_version in versions:
            metrics = model_version.headline_metrics
            measured = (
                "cv" if "cross_validation" in model_version.metrics else "held-out"
            )
            marker = "*" if model_version.active else " "
            self.stdout.write(
                f"{marker} {model_version.version}  "
                f"{len(model_version.genres)} genres  "
                f"{measured} accuracy {_pct(metrics.get('accuracy'))}  "
                f"macro-F1 {_pct(metrics.get('macro_f1'))}  "
                f"ECE {_ece(model_version.metrics)}  "
                f"{model_version.extractor_version}  "
                f"{model_version.created_at:%Y-%m-%d %H:%M}"
            )
            if brief:
                continue
            if calibration := model_version.metrics.get("calibration"):
                headline = calibration_headline(calibration)
                self.stdout.write(f"    calibration: {headline}")
            for title, report in _reports(model_version.metrics):
                self.stdout.write(f"    {title}:")
                self.stdout.write(_indent(format_report(report)))


def _reports(metrics: dict) -> list[tuple[str, dict]]:
    """The cross-validated report first (when there is one), then the held-out one."""
    found = []
    if "cross_validation" in metrics:
        folds = metrics["cross_validation"].get("folds", "?")
        found.append((f"{folds}-fold cross-validation", metrics["cross_validation"]))
    if "per_genre" in metrics:
        found.append(("held-out validation split", metrics))
    return found


def _indent(text: str) -> str:
    return "\n".join("      " + line for line in text.splitlines())


def _ece(metrics: dict) -> str:
    """Expected calibration error after temperature scaling ("-": uncalibrated)."""
    calibration = metrics.get("calibration")
    return "-" if not calibration else f"{calibration['after']['ece']:.3f}"


def _pct(value) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"
