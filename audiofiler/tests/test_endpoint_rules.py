"""Every endpoint, today's and tomorrow's: CSRF on unsafe methods, admin-only for
building/training/activating, throttled. The endpoints come from the URL patterns
(``audiofiler.testing.endpoints``), so a new one is checked without being listed."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from audiofiler.testing.endpoints import endpoints, rule_violations

pytestmark = pytest.mark.django_db
#: DRF views allowed to skip the ``anon`` throttle, with the reason.
UNTHROTTLED = {
    "track-audio": "an <audio> element asks for many byte ranges of one local file "
    "while seeking; the bytes are static and cheap",
}


def test_every_endpoint_follows_the_rules():
    assert rule_violations(endpoints(), unthrottled=frozenset(UNTHROTTLED)) == []


def test_the_rules_catch_what_breaks_them():
    broken = rule_violations(endpoints("audiofiler.tests.rules_urls"))

    assert broken == [
        "api/no-csrf: accepts unsafe methods without CSRF",
        "api/models/<int:pk>/train: builds/trains/activates, not admin-only",
        "api/unthrottled: not throttled",
        "form: accepts unsafe methods without CSRF",
    ]


def _unsafe_requests():
    """Each unsafe method of each endpoint (POST only on the admin site, whose
    views all sit behind Django's CSRF middleware alike)."""
    for endpoint in endpoints():
        if endpoint.sample_path is None:
            continue
        methods = ("post",) if endpoint.is_admin_site else endpoint.unsafe_methods
        for method in methods:
            yield pytest.param(endpoint, method, id=f"{method} {endpoint.route}")


def _csrf_client() -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.get("/")  # the page sets the csrftoken cookie
    return client, client.cookies["csrftoken"].value


@pytest.mark.parametrize(("endpoint", "method"), list(_unsafe_requests()))
def test_unsafe_requests_without_the_token_are_refused(endpoint, method):
    client = Client(enforce_csrf_checks=True)

    response = getattr(client, method)(endpoint.sample_path)

    assert response.status_code == 403, response.content[:300]
    if endpoint.sample_path.startswith("/api/"):
        assert response.json()["error"] == "csrf_failed"


@pytest.mark.parametrize(("endpoint", "method"), list(_unsafe_requests()))
def test_the_token_lets_them_through_the_csrf_check(endpoint, method):
    client, token = _csrf_client()

    response = getattr(client, method)(endpoint.sample_path, HTTP_X_CSRFTOKEN=token)

    assert response.status_code != 403, response.content[:300]


def test_an_anonymous_post_to_the_api_needs_the_token(active_model, library):
    """The page's flow: GET / sets the cookie, the POST sends it back."""
    body = {"provider": "local", "track_id": "Nobody - Nothing.mp3"}
    bare = Client(enforce_csrf_checks=True).post(
        "/api/classifications", body, content_type="application/json"
    )
    client, token = _csrf_client()
    with_token = client.post(
        "/api/classifications",
        body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )

    assert bare.status_code == 403
    assert bare.json() == {
        "error": "csrf_failed",
        "message": "This request lacks the page's security token. Reload the page "
        "and try again. (API clients: GET / first, then send the csrftoken cookie "
        "back in the X-CSRFToken header.)",
    }
    assert with_token.status_code == 404  # past the check: the track is unknown
    assert with_token.json()["error"] == "track_not_found"


def test_a_logged_in_users_post_needs_the_token_too(active_model, library):
    user = User.objects.create_user("someone", password="pw-123456789")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(
        "/api/classifications",
        {"provider": "local", "track_id": "x.mp3"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["error"] == "csrf_failed"


@pytest.mark.parametrize(
    ("user", "status"), [(None, 403), ("visitor", 403), ("staff", 200)]
)
def test_admin_only_endpoints_refuse_everyone_but_staff(settings, user, status):
    settings.ROOT_URLCONF = "audiofiler.tests.rules_urls"
    client = Client()
    if user is not None:
        account = User.objects.create_user(user, password="pw-123456789")
        account.is_staff = user == "staff"
        account.save()
        client.force_login(account)

    response = client.post("/api/datasets/build")

    assert response.status_code == status


def test_the_admin_site_wants_staff():
    visitor = User.objects.create_user("visitor", password="pw-123456789")
    client = Client()
    client.force_login(visitor)

    response = client.get("/admin/classifier/modelversion/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
