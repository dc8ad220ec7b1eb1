"""Guards in front of views the project does not own (Wagtail's admin)."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404

from wagtail.admin.views.generic.chooser import ChosenMultipleViewMixin, ChosenViewMixin
from wagtail.coreutils import resolve_model_string

from curriculum.input_limits import id_fits


def _is_possible_id(model, value: str) -> bool:
    """Whether `value` could be the primary key of one of `model`'s rows."""
    if "\x00" in value:
        return False
    try:
        model._meta.pk.to_python(value)
    except ValidationError:
        return False
    return id_fits(value)


class ChooserIdGuardMiddleware:
    """An id that cannot be a record's id answers 404 on Wagtail's chooser views.

    Wagtail's "chosen" views (snippets, documents, images: ``…/chosen/<str:pk>/`` and
    ``…/chosen-multiple/?id=…``) hand the id from the address straight to the database and
    turn only "no such record" into 404; an id such as a NUL byte or letters for a numeric key
    raises ValueError there, a 500. Until Wagtail checks the id itself, it is checked here,
    before the view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "view_class", None)
        if view_class is None:
            return None
        if issubclass(view_class, ChosenViewMixin) and "pk" in view_kwargs:
            values = [unquote(str(view_kwargs["pk"]))]
        elif issubclass(view_class, ChosenMultipleViewMixin):
            values = request.GET.getlist("id")
        else:
            return None
        model = view_func.view_initkwargs.get("model") or view_class.model
        if model is None:
            return None
        model = resolve_model_string(model)
        if not all(_is_possible_id(model, value) for value in values):
            raise Http404
        return None
