"""A locked coupon names what holds it as a pair, the kind of unpaid order (store order or trade) and its number,
instead of a number that could be either (decision 0015). Coupons locked before are given their kind by the
number's prefix, the one time a prefix is read: trade numbers start with T, store order numbers with S."""

from django.db import migrations, models


def name_the_holders(apps, schema_editor):
    UserCoupon = apps.get_model("coupons", "UserCoupon")
    locked = UserCoupon.objects.filter(status="locked")
    locked.filter(locked_by__startswith="T").update(locked_by_kind="trade")
    locked.exclude(locked_by__startswith="T").update(locked_by_kind="store_order")


class Migration(migrations.Migration):
    dependencies = [
        ("coupons", "0004_goods_scope_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="usercoupon",
            name="locked_by_kind",
            field=models.CharField(
                blank=True,
                choices=[("store_order", "Store order"), ("trade", "Trade")],
                max_length=12,
                verbose_name="locked by",
            ),
        ),
        migrations.AlterField(
            model_name="usercoupon",
            name="locked_by",
            field=models.CharField(blank=True, max_length=32, verbose_name="locked by number"),
        ),
        migrations.RunPython(name_the_holders, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="usercoupon", name="user_coupon_locked_names_order"),
        migrations.AddConstraint(
            model_name="usercoupon",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("locked_by_kind__in", ["store_order", "trade"]),
                        ("status", "locked"),
                        models.Q(("locked_by", ""), _negated=True),
                    ),
                    models.Q(
                        ("locked_by", ""),
                        ("locked_by_kind", ""),
                        models.Q(("status", "locked"), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="user_coupon_locked_names_holder",
            ),
        ),
        migrations.RemoveIndex(model_name="usercoupon", name="coupon_locked_by_order"),
        migrations.AddIndex(
            model_name="usercoupon",
            index=models.Index(
                condition=models.Q(("status", "locked")),
                fields=["locked_by", "locked_by_kind"],
                name="coupon_locked_by_holder",
            ),
        ),
    ]
