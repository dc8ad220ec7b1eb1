"""What every API endpoint shares: the error format and pagination."""

from django.utils.translation import gettext as _

from rest_framework import pagination, status
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler

# Never echo these back, even when the request that carried them failed validation.
SECRET_FIELDS = frozenset({"password", "password1", "password2", "token", "secret", "code"})


def api_exception_handler(exc, context):
    """One error format for validation errors: field → messages, with the input echoed back.

    {"errors": {"hours": ["Use quarter hours, e.g. 1.25."]}, "input": {"hours": "1.3"}}
    Other errors keep DRF's {"detail": "..."}.
    """
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, ValidationError):
        return response
    detail = response.data
    errors = detail if isinstance(detail, dict) else {"non_field_errors": detail}
    request = context.get("request")
    data = getattr(request, "data", None)
    if request is not None and request.method in ("GET", "HEAD"):
        data = request.query_params  # a list's filters are its input
    echoed = {}
    if hasattr(data, "items"):
        echoed = {key: value for key, value in data.items() if key.lower() not in SECRET_FIELDS}
    response.data = {"errors": errors, "input": echoed}
    response.status_code = status.HTTP_400_BAD_REQUEST
    return response


class PagePagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = _("That page does not exist.")
