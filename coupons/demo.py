"""Demo coupons (manage.py seed_demo): platform coupons of every kind (a new-member coupon, one bought with
points, a brand coupon), a coupon of each kind in the stores, some already in the demo shoppers' wallets.
Running it again changes nothing: a template is found by its name and owner, a shopper claims only once."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from catalog.models import BackendCategory, Brand
from coupons import services
from coupons.exceptions import CouponUnavailable
from coupons.models import CouponTemplate, UserCoupon
from promotions.pricing import GoodsScope

EVERYTHING = GoodsScope(all=True)
ZERO = Decimal("0.00")


def seed(demo: dict) -> None:
    operator = demo["operator"]
    now = timezone.now()
    window = {"valid_from": now - timedelta(days=1), "valid_to": now + timedelta(days=90)}
    electronics = BackendCategory.objects.filter(level=0).order_by("id").first()
    huawei = Brand.objects.filter(name__contains="华为").first()

    platform = [
        _template(
            operator,
            None,
            name="新人专享 10 元无门槛券",
            kind="cash",
            value=Decimal("10.00"),
            threshold=ZERO,
            total=100_000,
            valid_days=15,
            issue_mode="distribute",
            public=False,
            issue_on_register=True,
            refund_policy="proportional",
        ),
        _template(
            operator,
            None,
            name="平台满 299 减 30",
            kind="threshold",
            value=Decimal("30.00"),
            threshold=Decimal("299.00"),
            total=5000,
            per_user_per_day=1,
            refund_policy="full_only",
            **window,
        ),
        _template(
            operator,
            None,
            name="积分兑换 9 折券 (最多减 50)",
            kind="percent",
            value=Decimal("90.00"),
            threshold=ZERO,
            max_discount=Decimal("50.00"),
            total=1000,
            points_cost=200,
            channels=["app", "h5"],
            valid_days=30,
        ),
    ]
    if huawei is not None:
        platform.append(
            _template(
                operator,
                None,
                name="华为品牌日满 1000 减 100",
                kind="threshold",
                value=Decimal("100.00"),
                threshold=Decimal("1000.00"),
                total=500,
                goods=GoodsScope(brands=frozenset({huawei.pk})),
                **window,
            )
        )

    stores = []
    for store in demo["stores"].values():
        owner = store.memberships.get(role="owner").user
        stores += [
            _template(
                owner,
                store,
                name=f"{store.name} 满 100 减 10",
                kind="threshold",
                value=Decimal("10.00"),
                threshold=Decimal("100.00"),
                total=1000,
                **window,
            ),
            _template(
                owner,
                store,
                name=f"{store.name} 5 元无门槛券",
                kind="cash",
                value=Decimal("5.00"),
                threshold=ZERO,
                total=300,
                per_user=2,
                valid_days=7,
            ),
            _template(
                owner,
                store,
                name=f"{store.name} 全场 8.8 折 (满 200, 最多减 60)",
                kind="percent",
                value=Decimal("88.00"),
                threshold=Decimal("200.00"),
                max_discount=Decimal("60.00"),
                total=200,
                goods=GoodsScope(categories=frozenset({electronics.pk})) if electronics else EVERYTHING,
                **window,
            ),
        ]

    # Each shopper already holds a platform coupon and two store coupons; carol keeps her wallet for claiming.
    for shopper in demo["shoppers"][:2]:
        for template in [platform[1], *stores[:2]]:
            if not UserCoupon.objects.filter(user=shopper, template=template).exists():
                try:
                    services.coupon_claim(template=template, user=shopper)
                except CouponUnavailable:
                    continue
    demo["coupons"] = {"platform": platform, "stores": stores}


def _template(by, store, *, name: str, goods: GoodsScope = EVERYTHING, **terms) -> CouponTemplate:
    existing = CouponTemplate.objects.filter(store=store, name=name).first()
    if existing:
        return existing
    return services.coupon_template_create(by=by, store=store, name=name, goods=goods, **terms)
