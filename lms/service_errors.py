"""How a service's refusal reaches a person: one sentence for a message, errors on a form's
fields, or the API's field → messages map. Every view, form and API view uses these."""

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError


def error_text(error: Exception) -> str:
    """The messages of a ValidationError or PermissionDenied as one sentence for a flash message."""
    return " ".join(getattr(error, "messages", None) or [str(error)])


def apply_service_errors(
    form: forms.Form, error: ValidationError, *, field_names: dict[str, str] | None = None
) -> None:
    """Put a service's ValidationError on the matching fields (or the form as a whole).

    ``field_names`` maps a service's argument name to the form's field where they differ."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            field = (field_names or {}).get(field, field)
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


def error_messages_by_field(error: ValidationError, *, general: str) -> dict[str, list[str]]:
    """Field → messages; errors of no field (or of the whole form) under `general`."""
    if hasattr(error, "error_dict"):
        return {
            (general if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    return {general: error.messages}


def form_service_call(request, form: forms.Form, call, *, success: str) -> bool:
    """Validate the form and call the service with its cleaned data (`call(cleaned_data)`).

    A refusal (ValidationError or PermissionDenied) goes on the form, so the page shows it beside
    what the person typed; on success the message is added. Returns whether it was done.
    """
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        apply_service_errors(form, error)
        return False
    except PermissionDenied as error:
        form.add_error(None, error_text(error))
        return False
    messages.success(request, success)
    return True
