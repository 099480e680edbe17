"""import_lastfm against recorded Last.fm XML answers at the transport layer.

pylast posts to ``https://ws.audioscrobbler.com/2.0/`` through httpx; the network's
transport (``network.proxy``, which pylast mounts on its client) is an
``httpx.MockTransport`` serving the files in ``tests/data/lastfm``.
"""

from pathlib import Path
from urllib.parse import parse_qs

import httpx2 as httpx
import pylast
import pytest
from django.core.management import CommandError, call_command

from dataset.models import BuildRun, Label, Track, TrackTag
from dataset.services.lastfm import lastfm_import, track_key
from dataset.sources.vocabulary import Vocabulary

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[1] / "data" / "lastfm"
TAGS_OF = {
    "Queen": "track_gettoptags_queen.xml",
    "The Beatles": "track_gettoptags_beatles.xml",
    "Led Zeppelin": "track_gettoptags_zeppelin.xml",
    "Miles Davis": "track_gettoptags_miles.xml",
    "Nobody In Particular": "error_track_not_found.xml",
}


@pytest.fixture
def network():
    """A pylast network whose HTTP transport answers from the recorded files."""
    calls = []

    def answer(request: httpx.Request) -> httpx.Response:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        calls.append(form)
        assert request.url == "https://ws.audioscrobbler.com/2.0/"
        assert form["api_key"] == "test-key"
        if form["method"] == "tag.getTopTracks":
            name = f"tag_gettoptracks_{form['tag']}.xml"
        elif form["method"] == "track.getTopTags":
            zeppelin = [c for c in calls if c.get("artist") == "Led Zeppelin"]
            if form["artist"] == "Led Zeppelin" and len(zeppelin) == 1:
                name = "error_rate_limit.xml"  # the first time only
            else:
                name = TAGS_OF[form["artist"]]
        else:
            raise AssertionError(form)
        return httpx.Response(200, content=(DATA / name).read_bytes())

    net = pylast.LastFMNetwork(api_key="test-key")
    net.proxy = {"all://": httpx.MockTransport(answer)}
    net.calls = calls
    return net


def test_top_tracks_per_genre_become_labelled_tracks(network):
    sleeps = []
    run = lastfm_import(
        genres=["Rock", "Jazz"],
        per_genre=3,
        vocabulary=Vocabulary.load(only=["Rock", "Jazz", "Pop"]),
        network=network,
        sleep=sleeps.append,
    )

    assert Track.objects.filter(source="lastfm").count() == 4  # Queen once
    queen = Track.objects.get(external_id=track_key("Queen", "Bohemian Rhapsody"))
    assert (queen.artist, queen.title) == ("Queen", "Bohemian Rhapsody")
    assert sorted(queen.tags.values_list("tag", "weight")) == [
        ("70s", 30.0),
        ("classic rock", 100.0),
        ("epic", 34.0),
        ("opera", 12.0),
        ("rock", 88.0),
    ]
    assert sorted(Label.objects.values_list("track__artist", "genre__name")) == [
        ("Led Zeppelin", "Rock"),
        ("Miles Davis", "Jazz"),
        ("Queen", "Rock"),
    ]
    assert run.counts["genres"]["Rock"] == {"kept": 2, "conflict": 1}
    assert run.counts["skipped"] == {"no tags from last.fm": 1}
    assert run.failures[0]["where"] == "Nobody In Particular - Unheard Tune"
    assert sleeps == [30.0]  # error 29, then the same call again
    assert run.status == "done"

    before = TrackTag.objects.count(), Label.objects.count()
    lastfm_import(
        genres=["Rock", "Jazz"],
        per_genre=3,
        vocabulary=Vocabulary.load(only=["Rock", "Jazz", "Pop"]),
        network=network,
        sleep=sleeps.append,
    )
    assert (TrackTag.objects.count(), Label.objects.count()) == before
    assert Track.objects.count() == 4


def test_without_an_api_key_the_command_says_so(settings):
    settings.LASTFM_API_KEY = ""
    with pytest.raises(CommandError, match="set LASTFM_API_KEY"):
        call_command("import_lastfm", "--genres", "Rock", verbosity=0)
    assert not BuildRun.objects.exists()
