"""Sessions opened with a staff-issued sign-in code: a trainee's pages only.

A code proves only that someone holds what staff handed out, so until the person sets a
password through allauth's password-set page, the session

- counts only the trainee role (``access.roles_of``), whatever else the account holds by then;
- cannot open the supervisor, staff, admin and API areas or the access-token pages
  (``lms.middleware.CodeSessionLimitMiddleware``).

Setting or changing the password lifts the limit; where two-factor sign-in is required for a
role, ``RequireMFAForPrivilegedRolesMiddleware`` then asks for it as for anyone else. Signing
in any other way starts a session without the limit.
"""

from django.contrib.auth import login

from lms.access import TRAINEE_ONLY_FLAG, act_as_trainee_only

SESSION_KEY = "peerpath_signed_in_with_code"


def code_session_start(*, request, user) -> None:
    """Sign the person in and mark the session as opened with a code."""
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_KEY] = True
    act_as_trainee_only(user)


def is_code_session(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return bool(request.session.get(SESSION_KEY))


def code_session_lift(sender, request=None, user=None, **kwargs) -> None:
    """Receiver: a password was set or changed, or the person signed in another way."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)
    if user is not None:
        user.__dict__.pop(TRAINEE_ONLY_FLAG, None)


def connect_receivers() -> None:
    from django.contrib.auth.signals import user_logged_in

    from allauth.account.signals import password_changed, password_set

    password_set.connect(code_session_lift, dispatch_uid="lms.code_session_lift.password_set")
    password_changed.connect(
        code_session_lift, dispatch_uid="lms.code_session_lift.password_changed"
    )
    user_logged_in.connect(code_session_lift, dispatch_uid="lms.code_session_lift.logged_in")
