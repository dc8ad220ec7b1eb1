from django.db import connection
from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The floor: a Django view that runs one query and renders nothing. Pages are reported as
    multiples of it, measured through the same server, middleware and database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("cms.urls"))]
