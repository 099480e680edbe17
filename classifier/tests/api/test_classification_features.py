"""``GET /api/classifications/<id>/features``: pictures and the genre profile."""

import io
import json
import shutil
import uuid

import numpy as np
import pytest
from rest_framework.test import APIClient

from classifier.audio import decode_audio, extract_features
from classifier.audio.names import FEATURE_NAMES
from classifier.audio.pictures import clip_pictures
from classifier.models import Classification, FeaturePictures
from classifier.services.models import model_register
from dataset.sources.paa_genres import load_paa_genres

pytestmark = pytest.mark.django_db
RATE = 22_050
#: (trait, feature, factor to the shown unit) as the page shows them.
SHOWN = (
    ("brightness", "Brightness", "spectral_centroid_mean", RATE / 2, "Hz"),
    ("noisiness", "Noisiness", "zcr_mean", RATE, "crossings/s"),
    ("beat_strength", "Beat strength", "ratio", 100.0, "%"),
    ("tempo", "Tempo", "bpm", 1.0, "BPM"),
    ("loudness_variation", "Loudness variation", "energy_std", 1.0, ""),
)
MEANINGS = {
    "brightness": "the spectrum's centre of mass: high for cymbals and distortion, "
    "low for bass",
    "noisiness": "how often the wave crosses zero: high for hiss, snares and "
    "distortion",
    "beat_strength": "how many of the sound's pulses fall on the one main beat",
    "tempo": "the most common gap between pulses, in beats per minute",
    "loudness_variation": "how much the loudness moves within each second",
}


@pytest.fixture
def client():
    return APIClient()


def _sig4(value: float) -> float:
    return float(f"{value:.4g}")


def test_features_of_a_classified_demo_song(client, library, demo_songs, active_model):
    song = next(p for p in demo_songs if p.suffix == ".wav")
    payload = {"provider": "local", "track_id": song.name}
    result = client.post("/api/classifications", payload, format="json").json()

    response = client.get(f"/api/classifications/{result['id']}/features")

    assert response.status_code == 200, response.json()
    body = response.json()
    # The pictures are those of the very samples and features the result came from.
    signal, rate = decode_audio(song.read_bytes(), max_seconds=600)
    features = extract_features(signal, rate)
    pictures = json.loads(
        json.dumps(clip_pictures(signal, rate, features.short_term).to_dict())
    )
    # The profile: the clip's values against the means and spreads of the 581
    # bundled songs the test model learned from, worked out here with NumPy.
    bundled = load_paa_genres()
    order = [entry["genre"] for entry in result["genres"]]
    vector = features.vector.astype(np.float32)
    traits = []
    for key, label, feature, factor, unit in SHOWN:
        column = bundled.X[:, FEATURE_NAMES.index(feature)]
        value = float(vector[FEATURE_NAMES.index(feature)])
        rows = []
        for genre in order:
            values = column[np.asarray(bundled.labels) == bundled.genres.index(genre)]
            mean, std = values.mean(), values.std()
            rows.append(
                {
                    "genre": genre,
                    "mean": _sig4(mean * factor),
                    "std": _sig4(std * factor),
                    "z": round((value - mean) / std, 2),
                }
            )
        traits.append(
            {
                "trait": key,
                "label": label,
                "meaning": MEANINGS[key],
                "feature": feature,
                "unit": unit,
                "value": _sig4(value * factor),
                "genres": rows,
                "words": body["profile"]["traits"][len(traits)]["words"],
            }
        )
    stored = FeaturePictures.objects.get(classification_id=result["id"])
    assert body == {
        "id": result["id"],
        "model_version": "test-model",
        "pictures": pictures,
        "timings_ms": {"pictures": stored.compute_ms},
        "profile": {
            "genre": order[0],
            "traits": traits,
            "summary": body["profile"]["summary"],
        },
        "profile_unavailable": None,
    }
    assert stored.compute_ms > 0
    for trait in body["profile"]["traits"]:
        z = trait["genres"][0]["z"]
        if abs(z) < 0.5:
            assert trait["words"] == f"close to typical {order[0]}"
        else:
            assert trait["words"].endswith(f"than typical {order[0]}")
    assert body["profile"]["summary"]
    assert all(s.endswith(".") for s in body["profile"]["summary"])


@pytest.fixture
def profiled_model(db, model_artifact, tmp_path):
    """The test model with hand-written genre profiles (Rock and Jazz only)."""
    directory = tmp_path / "profiled"
    shutil.copytree(model_artifact, directory)
    metadata = json.loads((directory / "metadata.json").read_text())
    features = ["spectral_centroid_mean", "zcr_mean", "ratio", "bpm", "energy_std"]

    def profile(tracks, mean, std):
        return {
            "tracks": tracks,
            "mean": dict(zip(features, mean, strict=True)),
            "std": dict(zip(features, std, strict=True)),
        }

    metadata["genre_profiles"] = {
        "format": 1,
        "features": features,
        "per_genre": {
            "Rock": profile(
                10, [0.2, 0.1, 0.3, 120, 0.01], [0.04, 0.02, 0.1, 10, 0.005]
            ),
            "Jazz": profile(12, [0.12, 0.06, 0.2, 100, 0.01], [0.03, 0.01, 0.1, 20, 0]),
        },
    }
    (directory / "metadata.json").write_text(json.dumps(metadata))
    return model_register(directory=directory, version="profiled", activate=False)


def _stored(model_version, *, vector=None, pictures=True) -> Classification:
    """A classification row as the services store one (Rock, then Jazz, ...)."""
    genres = ["Rock", "Jazz", "Blues", "Classical", "Electronic", "Rap"]
    classification = Classification.objects.create(
        source=Classification.Source.UPLOAD,
        provider="upload",
        track_id="abc",
        track_key="k",
        track={"provider": "upload", "id": "abc", "title": "x.wav", "artist": ""},
        model_version=model_version,
        genres=[
            {"genre": g, "probability": p}
            for g, p in zip(genres, [0.5, 0.3, 0.1, 0.05, 0.03, 0.02], strict=True)
        ],
        vector=None if vector is None else Classification.pack_vector(vector),
    )
    if pictures:
        FeaturePictures.objects.create(
            classification=classification,
            data={"format": 1, "sample_rate": RATE, "duration_s": 1.0},
            compute_ms=1.5,
        )
    return classification


def _vector(**values) -> np.ndarray:
    vector = np.zeros(len(FEATURE_NAMES))
    for name, value in values.items():
        vector[FEATURE_NAMES.index(name)] = value
    return vector


def test_the_profile_in_words_against_hand_made_genre_profiles(client, profiled_model):
    vector = _vector(
        spectral_centroid_mean=0.21,
        zcr_mean=0.16,
        ratio=0.36,
        bpm=121,
        energy_std=0.012,
    )
    classification = _stored(profiled_model, vector=vector)

    response = client.get(f"/api/classifications/{classification.pk}/features")

    assert response.status_code == 200
    trait = {
        "brightness": ("Brightness", "spectral_centroid_mean", "Hz"),
        "noisiness": ("Noisiness", "zcr_mean", "crossings/s"),
        "beat_strength": ("Beat strength", "ratio", "%"),
        "tempo": ("Tempo", "bpm", "BPM"),
        "loudness_variation": ("Loudness variation", "energy_std", ""),
    }

    def row(key, value, rock, jazz, words):
        label, feature, unit = trait[key]
        return {
            "trait": key,
            "label": label,
            "meaning": MEANINGS[key],
            "feature": feature,
            "unit": unit,
            "value": value,
            "genres": [
                {"genre": "Rock", "mean": rock[0], "std": rock[1], "z": rock[2]},
                {"genre": "Jazz", "mean": jazz[0], "std": jazz[1], "z": jazz[2]},
            ],
            "words": words,
        }

    # 0.21 of the 11,025 Hz Nyquist frequency is 2315 Hz; Rock's 0.2 ± 0.04 is
    # 2205 ± 441 Hz (z = 0.25), Jazz's 0.12 ± 0.03 is 1323 ± 330.8 Hz (z = 3).
    assert response.json() == {
        "id": str(classification.pk),
        "model_version": "profiled",
        "pictures": {"format": 1, "sample_rate": RATE, "duration_s": 1.0},
        "timings_ms": {"pictures": 1.5},
        "profile": {
            "genre": "Rock",
            "traits": [
                row(
                    "brightness",
                    2315.0,
                    (2205.0, 441.0, 0.25),
                    (1323.0, 330.8, 3.0),
                    "close to typical Rock",
                ),
                row(
                    "noisiness",
                    3528.0,
                    (2205.0, 441.0, 3.0),
                    (1323.0, 220.5, 10.0),
                    "much noisier than typical Rock",
                ),
                row(
                    "beat_strength",
                    36.0,
                    (30.0, 10.0, 0.6),
                    (20.0, 10.0, 1.6),
                    "a little more beat-driven than typical Rock",
                ),
                row(
                    "tempo",
                    121.0,
                    (120.0, 10.0, 0.1),
                    (100.0, 20.0, 1.05),
                    "close to typical Rock",
                ),
                row(
                    "loudness_variation",
                    0.012,
                    (0.01, 0.005, 0.4),
                    (0.01, 0.0, None),
                    "close to typical Rock",
                ),
            ],
            "summary": [
                "Close to typical Rock in brightness, beat strength, tempo and "
                "loudness variation.",
                "But much noisier than typical Rock.",
                "Much noisier and much brighter than typical Jazz.",
            ],
        },
        "profile_unavailable": None,
    }


def test_a_model_without_genre_profiles_still_serves_the_pictures(
    client, model_artifact, tmp_path
):
    directory = tmp_path / "old"
    shutil.copytree(model_artifact, directory)
    metadata = json.loads((directory / "metadata.json").read_text())
    del metadata["genre_profiles"]
    (directory / "metadata.json").write_text(json.dumps(metadata))
    old = model_register(directory=directory, version="old", activate=False)
    classification = _stored(old, vector=_vector(bpm=100))

    response = client.get(f"/api/classifications/{classification.pk}/features")

    assert response.status_code == 200
    assert response.json() == {
        "id": str(classification.pk),
        "model_version": "old",
        "pictures": {"format": 1, "sample_rate": RATE, "duration_s": 1.0},
        "timings_ms": {"pictures": 1.5},
        "profile": None,
        "profile_unavailable": "Model old was trained before genres' typical values "
        "were recorded, so there is nothing to compare the clip with. A model "
        "trained now (`manage.py train_model --activate`) records them.",
    }


def test_a_result_stored_without_its_vector_has_no_profile(client, profiled_model):
    classification = _stored(profiled_model, vector=None)

    body = client.get(f"/api/classifications/{classification.pk}/features").json()

    assert body["profile"] is None
    assert body["profile_unavailable"] == (
        "This result was stored without the clip's feature values, so it cannot be "
        "compared with the genres."
    )


def test_a_result_stored_before_pictures_answers_409(client, profiled_model):
    classification = _stored(profiled_model, vector=_vector(), pictures=False)

    response = client.get(f"/api/classifications/{classification.pk}/features")

    assert response.status_code == 409
    assert response.json() == {
        "error": "no_pictures",
        "message": "This result was stored before feature pictures were drawn, so "
        "there are none to show. A new classification of the song (by a newer "
        "model, or once this stored result expires) will have them.",
    }


def test_an_unknown_classification_answers_404(client, db):
    response = client.get(f"/api/classifications/{uuid.uuid4()}/features")

    assert response.status_code == 404
    assert response.json() == {
        "error": "classification_not_found",
        "message": "There is no such classification: it may have been made on "
        "another server, or removed. Classify the song again to see its pictures.",
    }


def test_a_second_uploader_of_the_same_bytes_gets_the_pictures_too(
    client, demo_songs, active_model
):
    data = next(p for p in demo_songs if p.suffix == ".wav").read_bytes()
    ids = []
    for name in ("first.wav", "second.wav"):
        upload = io.BytesIO(data)
        upload.name = name
        response = client.post(
            "/api/classifications", {"file": upload}, format="multipart"
        )
        ids.append(response.json()["id"])

    first, second = (
        client.get(f"/api/classifications/{i}/features").json() for i in ids
    )

    assert ids[0] != ids[1]
    assert second["pictures"] == first["pictures"]
    assert second["profile"] == first["profile"]
