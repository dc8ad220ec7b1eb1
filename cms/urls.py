from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("healthz/", views.healthz, name="healthz"),
    path("csrf-token/", views.csrf_token, name="csrf_token"),
    path("", include("cms.api")),
    path("", include("lms.urls")),
    path("", include("certification.urls")),
]

if settings.DEBUG:
    # Public media only (curriculum images and documents). Private uploads are stored outside
    # MEDIA_ROOT and only views that check who is asking serve them (lms/private_files.py).
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything else, so it goes last.
urlpatterns += [path("", include(wagtail_urls))]
