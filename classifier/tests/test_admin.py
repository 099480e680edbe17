"""The admin changes which model serves only through ``model_activate``."""

import shutil

import pytest
from django.contrib.auth.models import User

from classifier.models import ModelVersion
from classifier.services.models import model_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def two_models(model_artifact, tmp_path):
    first = model_register(directory=model_artifact, version="first", activate=True)
    broken_dir = tmp_path / "broken"
    shutil.copytree(model_artifact, broken_dir)
    second = model_register(directory=broken_dir, version="second", activate=False)
    return first, second, broken_dir


def test_active_cannot_be_ticked_in_the_change_form(admin_client, two_models):
    _, second, _ = two_models
    url = f"/admin/classifier/modelversion/{second.pk}/change/"

    page = admin_client.get(url)
    admin_client.post(url, {"active": "on", "version": "second"})

    assert page.status_code == 200
    assert 'name="active"' not in page.content.decode()
    assert not ModelVersion.objects.get(pk=second.pk).active


def test_the_activate_action_goes_through_the_service(admin_client, two_models):
    _, second, _ = two_models

    response = admin_client.post(
        "/admin/classifier/modelversion/",
        {"action": "activate", "_selected_action": [second.pk]},
        follow=True,
    )

    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["Model second now serves."]
    assert list(ModelVersion.objects.filter(active=True)) == [second]


def test_the_activate_action_refuses_a_broken_artifact(admin_client, two_models):
    first, second, broken_dir = two_models
    (broken_dir / "weights.npz").write_bytes(b"not weights")

    response = admin_client.post(
        "/admin/classifier/modelversion/",
        {"action": "activate", "_selected_action": [second.pk]},
        follow=True,
    )

    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 1
    assert shown[0].startswith("cannot read")
    assert list(ModelVersion.objects.filter(active=True)) == [first]
