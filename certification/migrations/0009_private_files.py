"""Packets and certificates move to the private storage under random names (issue 22).

Files uploaded before this migration sit in the public storage (the media folder, or the
bucket's root) under guessable names. Each one is copied to the private storage under a new
random name and its record updated; the old copy is deleted only once the migration has
committed, so a failed run leaves every record pointing at a file that exists. A record whose
file is already missing keeps its name (its page answers 404, as before).
"""

from django.db import migrations, models, transaction

import lms.private_files
import django.core.validators

PRIVATE_FIELDS = [
    ("CredentialApplication", "packet", "credential-packets"),
    ("ExternalTraining", "certificate", "external-training"),
]


def move_existing_files_to_private_storage(apps, schema_editor):
    from django.core.files.storage import storages

    public, private = storages["default"], storages["private"]
    for model_name, field_name, folder in PRIVATE_FIELDS:
        model = apps.get_model("certification", model_name)
        new_name = lms.private_files.UnguessableName(folder)
        rows = model.objects.exclude(**{field_name: ""}).values_list("pk", field_name)
        for pk, old_name in rows.iterator():
            if private.exists(old_name) or not public.exists(old_name):
                continue
            with public.open(old_name, "rb") as content:
                saved = private.save(new_name(None, old_name), content)
            model.objects.filter(pk=pk).update(**{field_name: saved})
            transaction.on_commit(lambda name=old_name: public.delete(name))


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0008_perf_roster"),
    ]

    operations = [
        migrations.AlterField(
            model_name="credentialapplication",
            name="packet",
            field=models.FileField(
                blank=True,
                help_text="Built by a background task; downloaded through PeerPath, never linked.",
                storage=lms.private_files.private_storage_select,
                upload_to=lms.private_files.UnguessableName("credential-packets"),
                verbose_name="application packet (PDF)",
            ),
        ),
        migrations.AlterField(
            model_name="externaltraining",
            name="certificate",
            field=models.FileField(
                help_text="A PDF or a photo of the certificate, up to 10 MB.",
                storage=lms.private_files.private_storage_select,
                upload_to=lms.private_files.UnguessableName("external-training"),
                validators=[
                    django.core.validators.FileExtensionValidator(
                        ["pdf", "jpg", "jpeg", "png", "webp", "heic"]
                    )
                ],
                verbose_name="certificate",
            ),
        ),
        migrations.RunPython(
            move_existing_files_to_private_storage, migrations.RunPython.noop, elidable=True
        ),
    ]
