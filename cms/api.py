"""The /api/ URLs: API v1, its OpenAPI schema and interactive docs."""

from django.urls import include, path, re_path

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from cms.api_support import api_not_found

urlpatterns = [
    path("api/v1/", include("lms.api_urls")),
    path("api/v1/", include("certification.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api_schema", template_name="cms/swagger_ui.html"
        ),
        name="api_docs",
    ),
    # Anything else under /api/ (an unknown address, an id that is not a number) answers the
    # API's JSON 404, never the site's HTML page.
    re_path(r"^api/", api_not_found, name="api_not_found"),
]
