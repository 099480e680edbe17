"""Reads of the cluster maps ``cluster_tracks`` stores."""

from audiofiler.exceptions import ServiceError
from classifier.models import ClusterRun


def no_clusters_error() -> ServiceError:
    return ServiceError(
        "No cluster map has been made yet. Run `manage.py cluster_tracks` on the "
        "server (`make demo` does it for the demo data), then try again.",
        code="no_clusters",
        status_code=404,
    )


def cluster_map_latest() -> dict:
    """The newest run's map, as ``GET /api/clusters`` answers it.

    Raises
    ------
    ServiceError
        404 ``no_clusters`` when no run is stored.
    """
    run = ClusterRun.objects.select_related("model_version").first()
    if run is None:
        raise no_clusters_error()
    return {
        "model": run.model_version.version,
        "k": run.k,
        "seed": run.seed,
        "silhouette": run.silhouette,
        "explained_variance": run.explained_variance,
        "created_at": run.created_at,
        "clusters": run.clusters,
        "points": run.points,
    }
