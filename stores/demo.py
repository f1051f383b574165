"""Demo stores of every type, each with an owner, a manager, a clerk and a warehouse (manage.py seed_demo)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from members.demo import demo_user
from stores.invitations import invitation_code_for, member_source_record
from stores.models import MemberSource, StaffRole, Store, StoreMembership, StoreStatus, StoreType, Warehouse

# Members who registered through the physical stores' QR codes (seed 004): (store key, through the clerk's code or
# the counter's, days ago), so the seller page "会员二维码" has figures per clerk and per day.
DEMO_SCANNED_MEMBERS = [
    ("sh", True, 1),
    ("sh", True, 3),
    ("sh", True, 12),
    ("sh", False, 3),
    ("hz", True, 2),
    ("hz", False, 40),
]

# (key, name, type, region, address, latitude, longitude)
DEMO_STORES = [
    (
        "hq",
        "HQ 自营旗舰店",
        StoreType.SELF_OPERATED,
        "310101",
        "上海市黄浦区南京东路 100 号",
        "31.235929",
        "121.480539",
    ),
    (
        "sh",
        "静安直营店",
        StoreType.DIRECT,
        "310106",
        "上海市静安区南京西路 1266 号",
        "31.229700",
        "121.452400",
    ),
    (
        "hz",
        "西湖加盟店",
        StoreType.FRANCHISE,
        "330106",
        "杭州市西湖区文三路 478 号",
        "30.277900",
        "120.131500",
    ),
    (
        "sz",
        "华强数码专营店",
        StoreType.THIRD_PARTY,
        "440304",
        "深圳市福田区华强北路 1002 号",
        "22.545500",
        "114.085100",
    ),
]


def seed(demo: dict) -> None:
    demo["stores"] = {}
    for key, name, type, region, address, latitude, longitude in DEMO_STORES:
        owner = demo_user(f"{key}_owner")
        store, _ = Store.objects.get_or_create(
            name=name,
            defaults={
                "type": type,
                "status": StoreStatus.ACTIVE,
                "phone": "021-60000000",
                "region_id": region,
                "address": address,
                "latitude": Decimal(latitude),
                "longitude": Decimal(longitude),
                "applicant": owner,
                "reviewed_by": demo["operator"],
                "intro": f"{name}: 正品保障, 七天无理由退货。",
            },
        )
        for role in StaffRole:
            user = owner if role == StaffRole.OWNER else demo_user(f"{key}_{role.value}")
            StoreMembership.objects.get_or_create(user=user, defaults={"store": store, "role": role})
            demo["accounts"].append((f"store {role.value}", user.username, f"{name} /seller/"))
        Warehouse.objects.get_or_create(store=store, name="主仓", defaults={"region_id": region, "address": address})
        if type in (StoreType.DIRECT, StoreType.FRANCHISE):  # physical shops: pickup at the counter (decision 0037)
            Store.objects.filter(pk=store.pk).update(offers_pickup=True, opening_hours="周一至周日 09:00-21:00")
            store.refresh_from_db()
        demo["stores"][key] = store
    seed_scanned_members(demo)


def seed_scanned_members(demo: dict) -> None:
    for number, (key, by_clerk, days_ago) in enumerate(DEMO_SCANNED_MEMBERS, start=1):
        store = demo["stores"][key]
        clerk = demo_user(f"{key}_clerk") if by_clerk else None
        member = demo_user(f"scan_{key}_{number}", phone=f"1370000{number:04d}")
        if member_source_record(member=member, code=invitation_code_for(store=store, staff=clerk).code):
            MemberSource.objects.filter(member=member).update(registered_at=timezone.now() - timedelta(days=days_ago))
