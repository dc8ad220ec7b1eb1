"""Load the real reference sets (values, pathways, competency domains, topics)."""

from django.db import migrations


def load(apps, schema_editor):
    from curriculum.taxonomy import seed_taxonomy

    seed_taxonomy(
        core_value=apps.get_model("curriculum", "CoreValue"),
        recovery_pathway=apps.get_model("curriculum", "RecoveryPathway"),
        competency_domain=apps.get_model("curriculum", "CompetencyDomain"),
        topic=apps.get_model("curriculum", "Topic"),
    )


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
