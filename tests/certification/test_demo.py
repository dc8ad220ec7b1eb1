from certification.demo import seed_supervision
from certification.supervision.models import EntryStatus, PracticeLogEntry, SupervisionAgreement
from lms.demo import seed_people


def test_demo_supervisor_has_a_signed_agreement_and_entries_to_review(db):
    seed_people()
    agreement = seed_supervision()
    assert agreement.is_fully_signed
    assert PracticeLogEntry.objects.filter(status=EntryStatus.SUBMITTED).count() == 3


def test_seeding_the_demo_twice_changes_nothing(db):
    seed_people()
    seed_supervision()
    seed_people()
    seed_supervision()
    assert SupervisionAgreement.objects.count() == 1
    assert PracticeLogEntry.objects.count() == 4
