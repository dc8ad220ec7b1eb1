from django.shortcuts import render

from lms.decorators import role_required
from lms.models import Role


@role_required(Role.SUPERVISOR)
def supervise_home(request):
    """The supervisor's home. The sign-off queue arrives with supervised practice."""
    return render(request, "certification/supervise_home.html")
