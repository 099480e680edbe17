from django.core.management.base import BaseCommand, CommandError

from audiofiler.exceptions import ServiceError
from classifier.ml.errors import ModelError
from classifier.services.clusters import cluster_run_create


class Command(BaseCommand):
    help = (
        "Group the tracks nobody labelled: k-means over the active model's "
        "embeddings (k by silhouette unless --k), a 2-D map by PCA, each cluster "
        "described by its most common labels and tags. GET /api/clusters serves it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--k", type=int, default=None, help="Number of clusters (default: chosen)."
        )
        parser.add_argument(
            "--k-min", type=int, default=2, help="Smallest k tried (default 2)."
        )
        parser.add_argument(
            "--k-max", type=int, default=12, help="Largest k tried (default 12)."
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="k-means and sampling seed."
        )

    def handle(self, *args, k, k_min, k_max, seed, **options):
        if k is None and not 2 <= k_min <= k_max:
            raise CommandError("Need 2 <= --k-min <= --k-max.")
        try:
            run = cluster_run_create(k=k, k_min=k_min, k_max=k_max, seed=seed)
        except (ServiceError, ModelError) as error:
            raise CommandError(str(error)) from error
        for n, score in run.silhouette.items():
            mark = "  <- chosen" if int(n) == run.k else ""
            self.stdout.write(f"k={n:>3}  silhouette {score:.3f}{mark}")
        for cluster in run.clusters:
            named = cluster["labels"] or cluster["predicted"] or cluster["tags"]
            words = ", ".join(f"{c['name']} {c['count']}" for c in named[:3])
            self.stdout.write(
                f"cluster {cluster['id']}: {cluster['size']} tracks ({words})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{run.k} clusters of {sum(c['size'] for c in run.clusters)} tracks "
                f"by model {run.model_version.version}."
            )
        )
