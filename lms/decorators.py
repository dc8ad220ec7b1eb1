from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from lms.access import has_role


def role_required(*roles: str):
    """Let a view through only for people holding one of the roles (or superusers)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not (request.user.is_superuser or has_role(request.user, *roles)):
                raise PermissionDenied(_("This page is for another role than yours."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
