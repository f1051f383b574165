"""The bill line is the claim (decision 0018): each bill line records the highest ledger entry of its (order, line)
it summed, BilledEntry goes (its rows become those watermarks), and the bill line's keys lose their deferred
database checks."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0009_refund_arbitrate_permission"),
        ("settlement", "0003_reconciliation"),
    ]

    operations = [
        migrations.AddField(
            model_name="billline",
            name="through_entry",
            field=models.BigIntegerField(default=0, verbose_name="billed through ledger entry"),
        ),
        # The greatest entry each bill line took of its (order, line), from the rows BilledEntry kept.
        migrations.RunSQL(
            """
            UPDATE settlement_billline bl SET through_entry = taken.through
            FROM (SELECT b.bill_id, le.order_id, COALESCE(le.line_id, 0) AS line_id, MAX(le.id) AS through
                  FROM settlement_billedentry b JOIN settlement_ledgerentry le ON le.id = b.entry_id
                  GROUP BY b.bill_id, le.order_id, COALESCE(le.line_id, 0)) taken
            WHERE taken.bill_id = bl.bill_id AND taken.order_id = bl.order_id
              AND taken.line_id = COALESCE(bl.line_id, 0)
            """,
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="billline",
            name="bill",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="lines",
                to="settlement.bill",
                verbose_name="bill",
            ),
        ),
        migrations.AlterField(
            model_name="billline",
            name="line",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orders.orderline",
                verbose_name="line",
            ),
        ),
        migrations.AlterField(
            model_name="billline",
            name="order",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="orders.storeorder",
                verbose_name="store order",
            ),
        ),
        migrations.DeleteModel(
            name="BilledEntry",
        ),
    ]
