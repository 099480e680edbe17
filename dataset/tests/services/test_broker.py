"""build_features --celery with no broker to reach: said at once, nothing written;
a broker lost while sending: the run is failed with what to do."""

import pytest
from django.core.management import CommandError, call_command
from kombu.exceptions import OperationalError as BrokerError

from audiofiler.celery import app
from dataset.models import BuildRun, Extraction
from dataset.services import fanout
from dataset.services.fanout import BrokerUnavailable, broker_check
from dataset.tests.conftest import write_clip_folder

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_broker():
    """The Celery app as in production: tasks go through a broker, not eagerly."""
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}

    def use(url):
        app.conf.update(task_always_eager=False, broker_url=url)

    yield use
    app.conf.update(saved)


@pytest.fixture
def labelled(tmp_path):
    root = tmp_path / "music"
    write_clip_folder(root, {"Rock": [2.0, 2.0], "Jazz": [2.0]})
    call_command("import_folder", str(root), verbosity=0)
    return root


def test_a_broker_that_refuses_is_said_before_anything_is_written(
    real_broker, labelled
):
    real_broker("redis://127.0.0.1:1/0")  # nothing listens on port 1

    with pytest.raises(CommandError) as raised:
        call_command("build_features", "--celery", verbosity=0)

    message = str(raised.value)
    assert message.startswith("The Celery broker at redis://127.0.0.1:1/0 is down or ")
    assert "Nothing was sent and nothing changed" in message
    assert not BuildRun.objects.filter(kind="build_features").exists()
    assert not Extraction.objects.exists()


def test_the_password_of_the_broker_is_not_shown(real_broker):
    real_broker("redis://:hunter2@127.0.0.1:1/0")

    with pytest.raises(BrokerUnavailable) as raised:
        broker_check()

    assert "hunter2" not in str(raised.value)


def test_the_in_memory_broker_is_no_broker_for_workers(real_broker):
    real_broker("memory://")

    with pytest.raises(BrokerUnavailable, match="set REDIS_URL"):
        broker_check()


def test_a_broker_lost_while_sending_fails_the_run_with_what_to_do(
    real_broker, labelled, monkeypatch
):
    real_broker("memory://")
    monkeypatch.setattr(fanout, "TASK_TRACKS", 1)
    monkeypatch.setattr("dataset.services.features.broker_check", lambda: None)
    sent = []

    def delay(*args, **kwargs):
        if sent:
            raise BrokerError("Error 111 connecting to 127.0.0.1:6379.")
        sent.append(args)

    monkeypatch.setattr("dataset.tasks.extract_tracks.delay", delay)

    with pytest.raises(CommandError) as raised:
        call_command("build_features", "--celery", verbosity=0)

    assert str(raised.value).startswith(
        "The Celery broker went away after 1 of 3 tasks were sent"
    )
    run = BuildRun.objects.get(kind="build_features")
    assert run.status == "failed"
    assert "went away after 1 of 3 tasks" in run.message
