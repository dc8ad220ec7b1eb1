"""The admin's "Statewide curriculum": RCO editors read the statewide modules and copy one into
a program of their own section to adapt it. Thin: the rules are in curriculum/editorial.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from curriculum import editorial
from curriculum.input_limits import id_fits
from curriculum.models import ModulePage, ProgramPage

REPORT_LIMIT = 200


def _render(request, *, status=200, error=""):
    query = request.GET.get("q", "").strip()[:200]
    context = {
        "modules": editorial.statewide_modules(query=query).select_related("owner")[:200],
        "destinations": editorial.copy_destinations(request.user),
        "query": query,
        "error": error,
    }
    return render(request, "curriculum/admin/statewide_modules.html", context, status=status)


@require_http_methods(["GET", "POST"])
def statewide_modules(request):
    if not editorial.may_view_statewide(request.user):
        raise PermissionDenied
    if request.method == "GET":
        return _render(request)
    module_id = request.POST.get("module", "")
    destination_id = request.POST.get("destination", "")
    if not (module_id.isdigit() and destination_id.isdigit()):
        return _render(request, status=400, error=_("Choose a module and a program to copy it to."))
    if not (id_fits(module_id) and id_fits(destination_id)):
        return _render(request, status=400, error=_("Choose a module and a program to copy it to."))
    module = ModulePage.objects.filter(pk=module_id).first()
    destination = ProgramPage.objects.filter(pk=destination_id).first()
    if module is None or destination is None:
        return _render(request, status=400, error=_("Choose a module and a program to copy it to."))
    try:
        copy = editorial.statewide_module_copy(
            module=module, destination=destination, user=request.user
        )
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if hasattr(error, "messages") else str(error)
        return _render(request, status=400, error=text)
    messages.success(
        request,
        _(
            "“%(title)s” was copied into “%(program)s” as a draft. Adapt it, then submit it for "
            "review; the statewide original stays as it is."
        )
        % {"title": copy.title, "program": destination.title},
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=[copy.pk]))


def translations_out_of_date(request):
    """Translated pages whose English page changed since (only those the editor may edit)."""
    from curriculum.translation import out_of_date_translations

    rows = [
        {"page": page, "status": status}
        for page, status in out_of_date_translations()
        if page.permissions_for_user(request.user).can_edit()
    ][:REPORT_LIMIT]
    return render(request, "curriculum/admin/translations_out_of_date.html", {"rows": rows})
