"""Notices: the email goes out after the notice is committed, never while its row is locked,
and a failed send is tried again."""

import threading

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError, connection, transaction

import pytest

from certification.models import Notice
from certification.notices import notice_deliver


def _row_is_free(pk: int) -> bool:
    """Whether another connection can lock the notice's row right now (without waiting)."""
    outcome = {}

    def probe():
        try:
            with transaction.atomic():
                Notice.objects.select_for_update(nowait=True).get(pk=pk)
            outcome["free"] = True
        except DatabaseError:
            outcome["free"] = False
        finally:
            connection.close()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return outcome["free"]


class ProbingBackend(BaseEmailBackend):
    """Records, for each email, whether its notice's row was free while it was being sent."""

    row_free: list[bool] = []
    fail = False

    def send_messages(self, messages):
        if ProbingBackend.fail:
            raise OSError("The mail server is not answering.")
        notice = Notice.objects.order_by("-pk").first()
        ProbingBackend.row_free.append(_row_is_free(notice.pk))
        return len(messages)


@pytest.fixture
def probing_backend(settings):
    settings.EMAIL_BACKEND = f"{__name__}.ProbingBackend"
    ProbingBackend.row_free = []
    ProbingBackend.fail = False
    return ProbingBackend


@pytest.mark.django_db(transaction=True)
def test_the_email_is_sent_while_no_row_lock_is_held(trainee, probing_backend):
    notice = notice_deliver(
        recipient=trainee, key="test:lock", subject="Hello", body="A notice.", link="/practice/"
    )
    assert probing_backend.row_free == [True]
    notice.refresh_from_db()
    assert notice.emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_failed_email_is_sent_on_the_next_try_and_only_once(trainee, probing_backend):
    probing_backend.fail = True
    with pytest.raises(OSError):
        notice_deliver(recipient=trainee, key="test:retry", subject="Hello", body="A notice.")
    assert Notice.objects.get(key="test:retry").emailed_at is None
    probing_backend.fail = False
    notice_deliver(recipient=trainee, key="test:retry", subject="Hello", body="A notice.")
    notice_deliver(recipient=trainee, key="test:retry", subject="Hello", body="A notice.")
    assert probing_backend.row_free == [True]
    assert Notice.objects.get(key="test:retry").emailed_at is not None


@pytest.mark.django_db
def test_the_email_reads_as_the_notice_with_its_link(trainee):
    notice_deliver(
        recipient=trainee,
        key="test:text",
        subject="Your organisation's note",
        body="Jamie's hours & notes are saved.",
        link="/practice/",
    )
    [message] = mail.outbox
    assert message.subject == "Your organisation's note"
    assert message.body.startswith("Jamie's hours & notes are saved.\n\nhttp")
    assert message.body.endswith("/practice/")
