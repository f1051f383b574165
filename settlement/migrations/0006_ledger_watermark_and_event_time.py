from django.db import migrations, models

# Each ledger entry keeps its source event's time, so that a bill's claim reads the ledger alone.
BACKFILL_AT = """
UPDATE settlement_ledgerentry le SET at = e.at FROM orders_orderevent e WHERE e.id = le.event_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_initial"),
        ("settlement", "0005_report_rollups"),
    ]

    operations = [
        migrations.RenameModel(old_name="RollupMark", new_name="Watermark"),
        migrations.AlterModelOptions(
            name="watermark", options={"verbose_name": "watermark", "verbose_name_plural": "watermarks"}
        ),
        migrations.AlterField(
            model_name="watermark",
            name="last_id",
            field=models.BigIntegerField(default=0, verbose_name="last id read"),
        ),
        migrations.AddField(
            model_name="ledgerentry",
            name="at",
            field=models.DateTimeField(null=True, verbose_name="happened at"),
        ),
        migrations.RunSQL(BACKFILL_AT, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="ledgerentry",
            name="at",
            field=models.DateTimeField(verbose_name="happened at"),
        ),
    ]
