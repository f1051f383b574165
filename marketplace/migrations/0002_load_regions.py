from django.db import migrations


def load(apps, schema_editor):
    from marketplace.regions import load_regions

    load_regions(apps.get_model("marketplace", "Region"))


def unload(apps, schema_editor):
    apps.get_model("marketplace", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_region")]

    operations = [migrations.RunPython(load, unload)]
