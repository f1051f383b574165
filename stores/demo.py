"""Demo stores of every type, each with an owner, a manager, a clerk and a warehouse (manage.py seed_demo)."""

from decimal import Decimal

from members.demo import demo_user
from stores.models import StaffRole, Store, StoreMembership, StoreStatus, StoreType, Warehouse

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
        demo["stores"][key] = store
