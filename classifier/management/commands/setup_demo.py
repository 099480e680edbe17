"""What `make demo` runs after migrate: the offline catalogue and the default model."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from classifier.ml.errors import ArtifactError
from classifier.models import ClusterRun
from classifier.selectors import model_active_get
from classifier.services.library import library_classify
from classifier.services.models import predictor_get
from dataset.models import Track

DEFAULT_CV_FOLDS = 5


class Command(BaseCommand):
    help = (
        "Prepare the offline app: import pyAudioAnalysis's bundled genre set, "
        "train and "
        "activate the default model when none is active, synthesise and classify the "
        "demo songs, cluster the tracks. "
        "Each step is skipped when its result exists."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-catalogue", action="store_true", help="Skip the demo songs."
        )
        parser.add_argument(
            "--cv-folds",
            type=int,
            default=DEFAULT_CV_FOLDS,
            help="Cross-validation folds for the default model's accuracy and "
            "calibration (0: none; the validation split calibrates instead).",
        )

    def handle(self, *args, no_catalogue, cv_folds, **options):
        if not Track.objects.filter(source=Track.Source.BUNDLED).exists():
            self.stdout.write("Importing pyAudioAnalysis's bundled genre set…")
            call_command("import_paa_genres", stdout=self.stdout)
        active = model_active_get()
        if active is None:
            how = (
                f"{cv_folds}-fold cross-validation first, whose out-of-fold "
                "predictions calibrate it"
                if cv_folds
                else "no cross-validation: its validation split calibrates it"
            )
            self.stdout.write(f"Training the default model ({how})…")
            call_command(
                "train_model", activate=True, cv_folds=cv_folds, stdout=self.stdout
            )
        else:
            self.stdout.write(f"Model {active.version} is active; not retraining.")
            if not _has_profiles(active):
                self.stdout.write(
                    "It was trained before genre profiles were recorded: feature "
                    "pictures show no genre comparison until a model trained now "
                    f"is active (`manage.py train_model --cv-folds {cv_folds} "
                    "--activate`)."
                )
        if not no_catalogue:
            self.stdout.write("Synthesising the demo catalogue…")
            call_command("make_demo_catalogue", stdout=self.stdout)
            self.stdout.write("Classifying the demo songs (for similar tracks)…")
            counts = library_classify()
            self.stdout.write(", ".join(f"{n} {what}" for what, n in counts.items()))
        active = model_active_get()
        if not ClusterRun.objects.filter(model_version=active).exists():
            self.stdout.write("Clustering the tracks (the map at #/clusters)…")
            call_command("cluster_tracks", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo ready."))


def _has_profiles(model_version) -> bool:
    try:
        return bool(predictor_get(model_version).metadata.get("genre_profiles"))
    except ArtifactError:
        return True  # nothing to advise: loading it fails anyway, and says why
