"""A coupon template's goods are a goods scope with the columns a promotion's has (promotions.goods_scope,
decision 0015): the goods_* columns are renamed, their data kept, and the not-empty check reads the new names."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coupons", "0003_verbose_names"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="coupontemplate", name="coupon_goods_not_empty"),
        migrations.RenameField(model_name="coupontemplate", old_name="goods_all", new_name="scope_all"),
        migrations.RenameField(model_name="coupontemplate", old_name="goods_skus", new_name="scope_skus"),
        migrations.RenameField(model_name="coupontemplate", old_name="goods_categories", new_name="scope_categories"),
        migrations.RenameField(model_name="coupontemplate", old_name="goods_brands", new_name="scope_brands"),
        migrations.AddConstraint(
            model_name="coupontemplate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("scope_all", True),
                    models.Q(("scope_skus", []), _negated=True),
                    models.Q(("scope_categories", []), _negated=True),
                    models.Q(("scope_brands", []), _negated=True),
                    _connector="OR",
                ),
                name="coupon_goods_not_empty",
            ),
        ),
    ]
