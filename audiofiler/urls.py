from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from classifier.apis.tracks import FirstRenderer

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sends the CSRF token its page carries when it tries a POST. The page
    # is HTML whatever the client accepts (no "406 Not Acceptable" in plain text);
    # OPTIONS would render DRF's metadata through the page's template (a 500).
    path(
        "api/docs/",
        ensure_csrf_cookie(
            SpectacularSwaggerView.as_view(
                url_name="schema",
                content_negotiation_class=FirstRenderer,
                http_method_names=["get", "head"],
            )
        ),
        name="docs",
    ),
    path("api/", include("classifier.urls")),
    path("api/", include("dataset.urls")),
    path(
        "",
        ensure_csrf_cookie(TemplateView.as_view(template_name="index.html")),
        name="index",
    ),
]

# Plain pages (JSON under /api/) without details; see audiofiler/views.py.
handler400 = "audiofiler.views.bad_request"
handler403 = "audiofiler.views.permission_denied"
handler404 = "audiofiler.views.page_not_found"
handler500 = "audiofiler.views.server_error"
