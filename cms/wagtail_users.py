"""Wagtail's user admin expects first and last names; PeerPath people have one display name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

PERSON_FIELDS = ["email", "display_name", "preferred_language", "is_superuser", "groups"]


class PersonCreationForm(UserCreationForm):
    first_name = None
    last_name = None
    display_name = forms.CharField(label=_("Name"), max_length=150)

    class Meta(UserCreationForm.Meta):
        fields = PERSON_FIELDS


class PersonEditForm(UserEditForm):
    first_name = None
    last_name = None
    display_name = forms.CharField(label=_("Name"), max_length=150)

    class Meta(UserEditForm.Meta):
        fields = [*PERSON_FIELDS, "is_active"]


class PeopleUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return PersonEditForm if for_update else PersonCreationForm
