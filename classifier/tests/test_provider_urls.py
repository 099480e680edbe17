"""The providers' API roots come from the settings (a mirror, a test's stand-in)."""

from classifier.providers import deezer, itunes
from classifier.services.providers import providers_get


def test_the_public_apis_by_default(settings):
    settings.AUDIOFILER_DEEZER = settings.AUDIOFILER_ITUNES = True
    providers_get.cache_clear()
    try:
        found = providers_get()
        assert found["deezer"].api_url == deezer.API_URL
        assert found["itunes"].api_url == itunes.API_URL
    finally:
        providers_get.cache_clear()


def test_the_settings_name_other_roots(settings):
    settings.AUDIOFILER_DEEZER = settings.AUDIOFILER_ITUNES = True
    settings.AUDIOFILER_DEEZER_API_URL = "http://127.0.0.1:8101/"
    settings.AUDIOFILER_ITUNES_API_URL = "http://127.0.0.1:8102"
    providers_get.cache_clear()
    try:
        found = providers_get()
        assert found["deezer"].api_url == "http://127.0.0.1:8101"
        assert found["itunes"].api_url == "http://127.0.0.1:8102"
    finally:
        providers_get.cache_clear()
