"""A database connection lost mid-import (a PostgreSQL restart) is reported and the
import goes on. The server is shared, so the restart is played by terminating this
test's own backend with pg_terminate_backend, between two chunks."""

import logging

import psycopg
import pytest
from django.db import connection

from dataset.models import BuildRun, Label, Track, TrackTag
from dataset.services import imports, runs
from dataset.services.msd import LASTFM_TAGS, _tag_writer
from dataset.sources.msd_sqlite import read_lastfm_tags_db
from dataset.sources.vocabulary import Vocabulary
from dataset.tests.msd_files import msd_id, write_lastfm_tags_db

pytestmark = pytest.mark.django_db(transaction=True)


def terminate(pid: int) -> None:
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_an_import_survives_its_connection_being_terminated(
    tmp_path, caplog, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("plays a PostgreSQL restart")
    monkeypatch.setattr(runs, "RECONNECT_BASE_S", 0.05)
    tracks = {msd_id(n): [("rock", 100), (f"t{n}", 5)] for n in range(1, 31)}
    path = write_lastfm_tags_db(tmp_path / "lastfm_tags.db", tracks)
    killed = []
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid  # the importing connection

    def reader(source, *, start):
        for record in read_lastfm_tags_db(source, start=start):
            if record.position == 12 and not killed:
                killed.append(pid)
                terminate(pid)
            yield record

    with caplog.at_level(logging.WARNING, logger="dataset.services.runs"):
        run = imports.run_source(
            "import_msd:tags",
            path,
            reader,
            _tag_writer(Vocabulary(), LASTFM_TAGS),
            arguments={},
            chunk_size=5,
        )

    assert killed
    assert "database connection lost" in caplog.text
    assert "terminating connection due to administrator command" in caplog.text
    run = BuildRun.objects.get(pk=run.pk)
    assert run.status == "done"
    assert run.counts["reconnects"] == 1
    assert run.counts["tracks"] == 30
    assert Track.objects.count() == 30
    assert TrackTag.objects.count() == 60
    assert Label.objects.count() == 30
