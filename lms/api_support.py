"""What every API endpoint shares: permissions by role, id lists, calling a service."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import (
    OpenApiParameter,
)
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError

from curriculum.input_limits import MAX_ID
from lms import access
from lms.accounts.models import Role
from lms.service_errors import error_messages_by_field

# Ids in a request body: at most this many, so one request stays one bounded query.
MAX_IDS_PER_REQUEST = 200


# Ids in paths: the URL pattern matches digits only, so a negative id never reaches a view.
ID_PATH_PARAMETER = OpenApiParameter(
    "id",
    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    OpenApiParameter.PATH,
    description=_("The record's id."),
)


# ------------------------------------------------------------------------------
# Shared pieces
# ------------------------------------------------------------------------------
def service_call(function, /, **kwargs):
    """Call a service; its ValidationError becomes the API's error format (field → messages).

    PermissionDenied passes through: DRF answers it with 403 and its message.
    """
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        raise as_api_error(error) from error


def as_api_error(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error_messages_by_field(error, general="non_field_errors"))


class RolePermission(permissions.BasePermission):
    """Only people holding one of `roles` (or superusers), as lms.decorators.role_required."""

    roles: tuple[str, ...] = ()
    message = _("This is for another role than yours.")

    def has_permission(self, request, view):
        return access.may_act_as(request.user, *self.roles)


class IsTrainee(RolePermission):
    roles = (Role.TRAINEE,)
    message = _("This is for trainees.")


class IsSupervisor(RolePermission):
    roles = (Role.SUPERVISOR,)
    message = _("This is for supervisors.")


class IdListField(serializers.ListField):
    """A list of record ids, bounded so that a request stays one query."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.IntegerField(min_value=1, max_value=MAX_ID))
        kwargs.setdefault("max_length", MAX_IDS_PER_REQUEST)
        super().__init__(**kwargs)


def resolve_ids(queryset, ids, *, message):
    """The records of `queryset` with these ids, or a ValidationError if any is missing (one
    message whether it does not exist or is not the caller's to use)."""
    wanted = set(ids)
    found = list(queryset.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise serializers.ValidationError(message)
    return found
