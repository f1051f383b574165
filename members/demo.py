"""Demo accounts of the platform roles and shoppers (manage.py seed_demo)."""

from decimal import Decimal

from django.contrib.auth.models import Group

from marketplace.models import Region
from members import services
from members.models import MemberLevel, PointsRule, Role, User

DEMO_PASSWORD = "demo-pass-2026"


def demo_user(username: str, *, phone: str = "", **flags) -> User:
    """Get or create a demo account with the demo password; running the seed again changes nothing."""
    user, created = User.objects.get_or_create(username=username, defaults={"phone": phone, **flags})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed(demo: dict) -> None:
    demo["password"] = DEMO_PASSWORD
    admin = demo_user("admin", is_staff=True, is_superuser=True)
    operator = demo_user("operator", is_staff=True)
    operator.groups.add(Group.objects.get(name=Role.OPERATOR))
    finance = demo_user("finance", is_staff=True)
    finance.groups.add(Group.objects.get(name=Role.FINANCE))
    demo["operator"] = operator
    demo["accounts"] += [
        ("superuser", admin.username, "/admin/"),
        ("platform operator", operator.username, "/admin/, /api/v1/platform/"),
        ("finance", finance.username, "/admin/ (settlement)"),
    ]
    seed_levels_and_points_rule()
    demo["shoppers"] = []
    for index, (username, growth, region) in enumerate(DEMO_SHOPPERS):
        shopper = demo_user(username, phone=f"1380000000{index + 1}")
        if not shopper.addresses.exists():
            services.address_create(
                user=shopper,
                name=username.title(),
                phone=shopper.phone,
                region=Region.objects.get(code=region),
                detail="幸福路 8 号",
            )
            services.growth_add(user=shopper, growth=growth)
            services.points_earn(user=shopper, points=growth + 500, reference="welcome")
        demo["shoppers"].append(shopper)
        demo["accounts"].append(("shopper", shopper.username, "/ and /api/v1/"))


# (username, growth value, region of the default address)
DEMO_SHOPPERS = [("alice", 6000, "310104"), ("bob", 1200, "330106"), ("carol", 0, "440304")]
DEMO_LEVELS = [("普通会员", 0, "100"), ("银卡会员", 1000, "98"), ("金卡会员", 5000, "95"), ("钻石会员", 20000, "90")]


def seed_levels_and_points_rule() -> None:
    for name, threshold, percent in DEMO_LEVELS:
        MemberLevel.objects.get_or_create(
            name=name, defaults={"growth_threshold": threshold, "price_percent": Decimal(percent)}
        )
    if not PointsRule.objects.exists():
        PointsRule.objects.create(points_per_yuan=1, points_per_yuan_off=100, max_order_share_percent=50)
