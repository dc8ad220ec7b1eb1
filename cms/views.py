from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language_info
from django.views import csrf
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.kept_pages import CSRF_PLACEHOLDER


@never_cache
def healthz(request):
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def csrf_token(request):
    """This visitor's CSRF token (and its cookie), for a page a CDN kept with the placeholder
    where the token goes (cms/frontend_cache.py). Never kept by anyone: private, no-store."""
    return JsonResponse({"token": get_token(request)})


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW. A form sent with the placeholder came from a page a CDN kept, before
    its script could fill in the visitor's token (no JavaScript, or no answer). That is no
    attack, so the answer is kind: the language switch is offered again with a real token (one
    more click), anything else is asked for again. Every other failure: Django's own page."""
    if request.POST.get("csrfmiddlewaretoken") != CSRF_PLACEHOLDER:
        return csrf.csrf_failure(request, reason=reason)
    language = request.POST.get("language", "")
    chosen = None
    if request.path == reverse("lms:language_set") and language in dict(settings.LANGUAGES):
        chosen = get_language_info(language)
    return render(
        request,
        "cms/form_from_kept_page.html",
        {"chosen_language": chosen, "next_url": request.POST.get("next", "")},
        status=403,
    )
