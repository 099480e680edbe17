"""A classification keeps the clip's feature vector (what feedback learns from)."""

import numpy as np
import pytest
from rest_framework.test import APIClient

from classifier.audio import decode_audio, extract_features
from classifier.models import Classification

pytestmark = pytest.mark.django_db


def test_the_stored_vector_is_the_clips_features(library, demo_songs, active_model):
    song = next(p for p in demo_songs if p.suffix == ".wav")
    client = APIClient()
    payload = {"provider": "local", "track_id": song.name}

    first = client.post("/api/classifications", payload, format="json").json()
    again = client.post("/api/classifications", payload, format="json").json()

    signal, rate = decode_audio(song.read_bytes(), max_seconds=600)
    expected = extract_features(signal, rate).vector
    stored = Classification.objects.get(pk=first["id"]).vector_values
    assert stored.dtype == np.dtype("<f4")
    np.testing.assert_allclose(stored, expected.astype(np.float32), rtol=0, atol=0)
    assert again["cached"] is True
    assert again["id"] == first["id"]
    # The response does not carry it: it is for training, not for the page.
    assert "vector" not in first


def test_a_result_stored_without_its_vector_is_classified_afresh(
    library, demo_songs, active_model
):
    song = next(p for p in demo_songs if p.suffix == ".ogg")
    client = APIClient()
    payload = {"provider": "local", "track_id": song.name}
    old = client.post("/api/classifications", payload, format="json").json()
    Classification.objects.filter(pk=old["id"]).update(vector=None)  # an old row

    again = client.post("/api/classifications", payload, format="json").json()

    assert again["cached"] is False
    assert again["id"] != old["id"]
    assert Classification.objects.get(pk=again["id"]).vector_values.shape == (138,)
