"""A trainee with something of each kind, and a second trainee with the same supervisor."""

import io
import json
import zipfile

import pytest

from certification.notices import notice_deliver
from lms.learning.models import ReflectionDraft
from tests.certification.credential_builders import make_completion

OWN_DESCRIPTION = "Went with a peer to a housing appointment and waited with them."
OTHER_DESCRIPTION = "Casey's own entry: a recovery café shift, nobody else's business."


@pytest.fixture
def lived_in(trainee, other_trainee, agreement, other_agreement, make_entry, supervisor):
    """Records for both trainees (same supervisor, same organisation)."""
    from certification.supervision import services

    entry = make_entry(trainee=trainee, description=OWN_DESCRIPTION)
    services.practice_entry_approve(
        entry=entry, supervisor=supervisor, signature="Sam Supervisor", attested=True
    )
    draft = make_entry(trainee=trainee, submit=False, description="A draft never sent.")
    other = make_entry(trainee=other_trainee, description=OTHER_DESCRIPTION)
    services.practice_entry_approve(
        entry=other, supervisor=supervisor, signature="Sam Supervisor", attested=True
    )
    make_completion(trainee, hours=6, domains={"advocacy": 6})
    make_completion(other_trainee, hours=3, domains={"advocacy": 3}, title="Casey's module")
    from curriculum.editorial import statewide_section_ensure
    from curriculum.models import LessonPage
    from tests.lms.builders import build_module, build_program

    program = build_program(statewide_section_ensure().section, title="Privacy basics")
    module = build_module(program, title="Hope", lessons=1)
    lesson = LessonPage.objects.child_of(module).get()
    reflection = ReflectionDraft.objects.create(
        user=trainee, lesson=lesson, block_id="b1", text="What hope means to me today."
    )
    ReflectionDraft.objects.create(
        user=other_trainee, lesson=lesson, block_id="b1", text="Casey's private reflection."
    )
    notice_deliver(recipient=trainee, key=f"test-{trainee.pk}", subject="Hello", body="A notice.")
    return {"entry": entry, "draft": draft, "other_entry": other, "reflection": reflection}


def read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def json_files(files: dict[str, bytes]) -> dict[str, object]:
    return {name: json.loads(body) for name, body in files.items() if name.endswith(".json")}
