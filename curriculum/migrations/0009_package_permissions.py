"""Section editors ("Curriculum editors: <section>") may upload and choose packaged activities."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("curriculum")
    app_config.models_module = True  # so the permissions of a model made in this run exist
    create_permissions(app_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="curriculum",
        codename__in=["add_learningpackage", "change_learningpackage", "view_learningpackage"],
    )
    for group in Group.objects.filter(name__startswith="Curriculum editors: "):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0008_learning_package"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
