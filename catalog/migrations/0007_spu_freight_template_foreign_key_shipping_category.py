"""Spu.freight_template becomes a foreign key to logistics.FreightTemplate on the same column, keeping the ids
that name a template (an id naming none cannot stay under a foreign key and is cleared), and Spu gains its
shipping category."""

import django.db.models.deletion
from django.db import migrations, models

CLEAR_DANGLING_IDS = """
UPDATE catalog_spu SET freight_template_id = NULL
WHERE freight_template_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM logistics_freighttemplate t WHERE t.id = catalog_spu.freight_template_id)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_image_uploaded_at"),
        ("logistics", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(CLEAR_DANGLING_IDS, migrations.RunSQL.noop),
        # Renamed in the state first, so that the AlterField below changes the column's type and constraints
        # in place (the foreign key's column is `freight_template_id`, the name the integer had).
        migrations.RenameField(model_name="spu", old_name="freight_template_id", new_name="freight_template"),
        migrations.AlterField(
            model_name="spu",
            name="freight_template",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="spus",
                to="logistics.freighttemplate",
                verbose_name="freight template",
            ),
        ),
        migrations.AddField(
            model_name="spu",
            name="shipping_category",
            field=models.CharField(
                choices=[("normal", "Normal"), ("fragile", "Fragile"), ("oversize", "Oversize")],
                default="normal",
                max_length=10,
                verbose_name="shipping category",
            ),
        ),
        migrations.AddConstraint(
            model_name="spu",
            constraint=models.CheckConstraint(
                condition=models.Q(("shipping_category__in", ["normal", "fragile", "oversize"])),
                name="spu_shipping_category_valid",
            ),
        ),
    ]
