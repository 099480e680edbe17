import pickle

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from classifier.audio.names import EXTRACTOR_VERSION
from dataset.models import FeatureVector, Label, Track
from dataset.sources.paa_genres import load_paa_genres

pytestmark = pytest.mark.django_db


def test_import_stores_the_581_bundled_songs_once():
    call_command("import_paa_genres")
    call_command("import_paa_genres")  # a re-run adds nothing

    bundled = load_paa_genres()
    assert Track.objects.filter(source="bundled").count() == 581
    assert Label.objects.filter(origin="bundled").count() == 581
    counts = {
        name: Label.objects.filter(genre__name=name).count() for name in bundled.genres
    }
    assert counts == bundled.counts()
    vector = FeatureVector.objects.get(
        track__external_id="knn_musical_genre_6:17", extractor_version=EXTRACTOR_VERSION
    )
    np.testing.assert_allclose(vector.values, bundled.X[17], rtol=1e-6, atol=1e-30)


def test_a_tampered_file_is_refused_before_anything_is_stored(tmp_path):
    class Exploit:
        def __reduce__(self):
            return (print, ("pwned",))

    path = tmp_path / "knn_musical_genre_6"
    path.write_bytes(pickle.dumps(Exploit()))

    with pytest.raises(CommandError, match="Cannot read the bundled genre set"):
        call_command("import_paa_genres", path=str(path))
    assert Track.objects.count() == 0
