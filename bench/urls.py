from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The floor: a Django view that does nothing. Pages are reported as multiples of it."""
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("cms.urls"))]
