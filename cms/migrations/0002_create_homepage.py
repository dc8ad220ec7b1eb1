"""Replace Wagtail's placeholder root child with PeerPath's home page and point the site at it."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")

    # Wagtail's own migration creates a "Welcome" page at depth 2; remove it if untouched.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()

    if HomePage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    root = Page.objects.get(depth=1)
    homepage = HomePage.objects.create(
        title="PeerPath",
        draft_title="PeerPath",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale_id=root.locale_id,
        introduction=(
            "Training and credentials for peer recovery specialists, at your own pace, "
            "on your phone or computer."
        ),
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": homepage, "site_name": "PeerPath"},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
