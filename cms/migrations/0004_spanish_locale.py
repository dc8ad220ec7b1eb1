"""The Spanish content locale beside English: curriculum pages can be translated (issue 14)."""

from django.db import migrations


def add_spanish(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="es")


def remove_spanish(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.filter(language_code="es", page__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_home_page_story"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(add_spanish, remove_spanish)]
