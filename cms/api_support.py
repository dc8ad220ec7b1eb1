"""What every API endpoint shares: the error format and pagination."""

from django.http import Http404, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from rest_framework import exceptions, pagination, status
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler

NOT_FOUND_MESSAGE = gettext_lazy("Nothing was found with this address, or it is not yours to see.")

# Never echo these back, even when the request that carried them failed validation.
SECRET_FIELDS = frozenset({"password", "password1", "password2", "token", "secret", "code"})


def api_exception_handler(exc, context):
    """One error format for validation errors: field → messages, with the input echoed back.

    {"errors": {"hours": ["Use quarter hours, e.g. 1.25."]}, "input": {"hours": "1.3"}}
    Too many requests (429) use the same shape, and so does a body that cannot be read
    (malformed JSON: 400). Other errors keep DRF's {"detail": "..."}; a missing or someone
    else's object says only that nothing was found (never the model's name).
    """
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND_MESSAGE)
    response = exception_handler(exc, context)
    if response is None:
        return response
    if isinstance(exc, exceptions.Throttled):
        # Too many requests (or wrong tokens): the errors shape, so clients read one format;
        # the status stays 429 and Retry-After says when to come back.
        response.data = {
            "errors": {"non_field_errors": [response.data["detail"]]},
            "input": _echoed_input(context.get("request")),
        }
        return response
    if isinstance(exc, exceptions.ParseError):
        problem = _("The request body could not be read: %(problem)s") % {"problem": exc.detail}
        response.data = {"errors": {"non_field_errors": [problem]}, "input": {}}
        return response
    if not isinstance(exc, ValidationError):
        return response
    detail = response.data
    errors = detail if isinstance(detail, dict) else {"non_field_errors": detail}
    response.data = {"errors": errors, "input": _echoed_input(context.get("request"))}
    response.status_code = status.HTTP_400_BAD_REQUEST
    return response


def _echoed_input(request) -> dict:
    """What the request sent, without secrets: a list's filters, or the body's fields."""
    if request is None:
        return {}
    if request.method in ("GET", "HEAD"):
        data = request.query_params  # a list's filters are its input
    else:
        try:
            data = request.data
        except exceptions.APIException:  # a body that cannot be read has nothing to echo
            data = None
    if not hasattr(data, "items"):
        return {}
    return {key: value for key, value in data.items() if key.lower() not in SECRET_FIELDS}


@csrf_exempt  # answers 404 to every method; nothing to protect, and API clients send no token
def api_not_found(request, *args, **kwargs):
    """The JSON 404 for any address under /api/ that no endpoint answers."""
    message = str(NOT_FOUND_MESSAGE)
    if not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "api_not_found":
            message = _("Nothing was found here. API addresses end with a slash: %(path)s") % {
                "path": request.path + "/"
            }
    # Rendered as DRF renders its own 404s (compact, UTF-8), so both read alike.
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    return JsonResponse({"detail": message}, status=404, json_dumps_params=compact)


class PagePagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = gettext_lazy("That page does not exist.")
