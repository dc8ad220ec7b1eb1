"""PeerPath as an app on a phone's home screen (issue 18): the web app manifest, the service
worker and the page shown when there is neither a signal nor a saved copy.

The service worker is rendered from a template so it names the static files as they are
served (hashed names in production); it lives at the site's root so it may look after every
page (its scope). The manifest's start address is the home of the person's role.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.access import roles_of
from lms.accounts.models import STAFF_ROLES, Role

THEME_COLOR = "#1d4f6e"
BACKGROUND_COLOR = "#ffffff"


@require_GET
@never_cache
def service_worker(request):
    response = render(
        request, "pwa/service-worker.js", content_type="application/javascript; charset=utf-8"
    )
    response["Service-Worker-Allowed"] = "/"
    return response


def _start_url(user) -> str:
    if not user.is_authenticated:
        return "/"
    roles = roles_of(user)
    if Role.TRAINEE in roles:
        return reverse("lms:learn_home")
    if Role.SUPERVISOR in roles:
        return reverse("certification:supervise_home")
    if roles & STAFF_ROLES:
        return reverse("lms:staff_home")
    return "/"


@require_GET
def manifest(request):
    icons = [
        {"src": static(f"img/app-icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    icons.append(
        {
            "src": static("img/app-icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        }
    )
    response = JsonResponse(
        {
            "name": settings.PEERPATH_SITE_NAME,
            "short_name": settings.PEERPATH_SITE_NAME,
            "description": _("Training and credentials for peer recovery specialists."),
            "lang": request.LANGUAGE_CODE,
            "start_url": _start_url(request.user),
            "scope": "/",
            "display": "standalone",
            "theme_color": THEME_COLOR,
            "background_color": BACKGROUND_COLOR,
            "icons": icons,
        },
        content_type="application/manifest+json",
    )
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
def offline(request):
    return render(request, "pwa/offline.html")


def clear_site_data_on_sign_out(get_response):
    """Middleware: the answer to signing out tells the browser to delete this site's caches and
    storage (the saved pages and anything waiting to send), so nothing personal stays on a
    shared device. static/js/offline.js clears them too, before the form is sent."""

    def middleware(request):
        response = get_response(request)
        if (
            request.method == "POST"
            and request.path == reverse("account_logout")
            and response.status_code in (200, 302)
        ):
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response

    return middleware


def offline_texts() -> dict:
    """What static/js/offline.js says, in the page's language."""
    return {
        "kept": _(
            "No signal: your entry is saved on this phone and will be sent when you are "
            "back online."
        ),
        "actionKept": _(
            "No signal: this is saved on this phone and will be sent when you are back online."
        ),
        "waiting": _("Waiting to send"),
        "refused": _("Not accepted. Put it back in the form to fix it; nothing you typed is lost."),
        "putBack": _("Put it back in the form"),
        "putBackDone": _("Your entry is back in the form, as you typed it."),
        "sent": _("%(count)s saved entries were sent."),
        "someRefused": _("Some entries were not accepted: see why under Waiting to send."),
        "countOne": _("%(count)s waiting to send"),
        "countMany": _("%(count)s waiting to send"),
        "action": _("A step you completed"),
        "savedCopy": _(
            "You are seeing a saved copy from %(time)s. It may be out of date until you are "
            "back online."
        ),
        "signOutWaiting": _(
            "%(count)s items are still waiting to send. Signing out deletes them from this "
            "phone. Sign out anyway?"
        ),
    }


def pwa_context(request):
    """Context processor: the texts offline.js shows, for every page."""
    return {"offline_texts": offline_texts}
