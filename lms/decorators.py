from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from lms.access import has_network_access, may_act_as, roles_of


def role_required(*roles: str):
    """Let a view through only for people holding one of the roles (or superusers)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not (request.user.is_superuser or roles_of(request.user)):
                if has_network_access(request.user):
                    # A network reader sees figures only: no page about people exists for them.
                    raise Http404
                # Signed up on their own and not yet part of anything: show the way in.
                return redirect("lms:get_started")
            if not may_act_as(request.user, *roles):
                raise PermissionDenied(_("This page is for another role than yours."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
