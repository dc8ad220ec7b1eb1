"""How a service's refusal reaches a person: one sentence for a message, errors on a form's
fields, or the API's field → messages map. Every view, form and API view uses these."""

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

STORAGE_UNAVAILABLE = _(
    "Your file could not be stored just now, so nothing was saved. Everything else you typed "
    "is still here: please attach the file again and send the form once more in a few minutes."
)


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


def storage_errors() -> tuple[type[BaseException], ...]:
    """What the file storage raises when it cannot be reached or refuses (S3 down, a missing
    bucket). The local file system's errors are a fault of the server, not of the moment."""
    from botocore.exceptions import BotoCoreError, ClientError

    return (BotoCoreError, ClientError)


def service_attempt(form: forms.Form, call) -> bool:
    """Call the service with the form's cleaned data (`call(cleaned_data)`). A refusal
    (ValidationError or PermissionDenied), or file storage that cannot be reached, goes on the
    form, so the page shows it beside what the person typed. Returns whether it was done."""
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        apply_service_errors(form, error)
        return False
    except PermissionDenied as error:
        form.add_error(None, error_text(error))
        return False
    except storage_errors():
        # The service's transaction rolled back: no record points at a file that is not there.
        logger.exception("file storage unavailable; the form was shown again")
        form.add_error(None, STORAGE_UNAVAILABLE)
        return False
    return True


def form_service_call(request, form: forms.Form, call, *, success: str) -> bool:
    """Validate the form and call the service with its cleaned data (see ``service_attempt``);
    on success the message is added. Returns whether it was done."""
    if not form.is_valid() or not service_attempt(form, call):
        return False
    messages.success(request, success)
    return True
