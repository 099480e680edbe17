"""``classification_cached_get``: one SQL query read with a plain cursor, which must
give what the ORM gives, on PostgreSQL and SQLite alike."""

import uuid
from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone

from classifier.models import Classification, ModelVersion
from classifier.selectors import classification_cached_get

pytestmark = pytest.mark.django_db

KEY = "k" * 64
DIGEST = "d" * 64


@pytest.fixture
def model_version():
    return ModelVersion.objects.create(
        version="v1", path="/nowhere", genres=["Jazz", "Rock"], active=True
    )


def _stored(model_version, **fields) -> Classification:
    values = {
        "source": Classification.Source.PROVIDER,
        "provider": "local",
        "track_id": "a/b.mp3",
        "track_key": KEY,
        "content_sha256": DIGEST,
        "track": {"provider": "local", "id": "a/b.mp3", "title": "Ünïcode ♪"},
        "model_version": model_version,
        "genres": [{"genre": "Jazz", "probability": 0.75}],
        "timeline": [{"start_s": 0.0, "end_s": 10.0, "genre": "Jazz"}],
        "timings_ms": {"decode": 12.5, "total": 40.0},
        "duration_s": 29.9,
        "vector": Classification.pack_vector(np.arange(4, dtype=np.float64)),
    }
    return Classification.objects.create(**{**values, **fields})


def test_every_field_is_what_the_orm_reads(model_version):
    stored = _stored(model_version)

    found = classification_cached_get(track_key=KEY, content_sha256=DIGEST)

    expected = Classification.objects.get(pk=stored.pk)
    for field in Classification._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), (
            field.name
        )
    assert isinstance(found.id, uuid.UUID)
    assert found.created_at.tzinfo is not None
    assert found.track["title"] == "Ünïcode ♪"
    assert bytes(found.vector) == bytes(expected.vector)
    assert found.model_version == model_version
    assert found.model_version.genres == ["Jazz", "Rock"]
    assert found._state.adding is False  # a stored row: save() updates it


def test_the_newest_matching_result_is_found(model_version):
    _stored(model_version)
    newer = _stored(model_version, genres=[{"genre": "Rock", "probability": 0.9}])
    Classification.objects.filter(pk=newer.pk).update(
        created_at=timezone.now() + timedelta(seconds=5)
    )

    assert classification_cached_get(track_key=KEY).pk == newer.pk


@pytest.mark.parametrize(
    "lookup",
    [
        {"track_key": "x" * 64},
        {"track_key": KEY, "content_sha256": "e" * 64},
        {"track_key": KEY, "since": timezone.now() + timedelta(hours=1)},
    ],
    ids=["other track", "other bytes", "too old"],
)
def test_a_result_that_does_not_match_is_not_found(model_version, lookup):
    _stored(model_version)

    assert classification_cached_get(**lookup) is None


def test_results_of_an_inactive_model_or_without_a_vector_are_not_reused(
    model_version,
):
    _stored(model_version, vector=None)
    retired = ModelVersion.objects.create(version="old", path="/nowhere")
    _stored(retired)

    assert classification_cached_get(track_key=KEY) is None
    assert classification_cached_get(track_key=KEY, since=timezone.now()) is None
