from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm before any table: the product title index uses its gin_trgm_ops operator class."""

    initial = True
    dependencies = []
    operations = [TrigramExtension()]
