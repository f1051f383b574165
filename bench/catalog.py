"""The storefront catalogue under load: product list (20 and 100 a page, plain, filtered, searched) and product
detail, on 10,000 on-shelf products with 40,000 SKUs, each beside its floor view.

    make bench ARGS=catalog        (or: .venv/bin/python -m bench.catalog with DATABASE_URL / REDIS_URL set)

The bench catalogue is made once, in bulk, under its own store and category tree ("Bench ..."); a second run
finds it and reuses it. Bulk inserts bypass the services on purpose: they would take minutes, and the rows they
write (price range, stock total, spec keys) are computed here exactly as the services would."""

import json
import os
import random
from decimal import Decimal

from bench.harness import Call, compare, report, served

SPUS = int(os.environ.get("BENCH_SPUS", "10000"))
COLOURS = ["黑色", "白色", "蓝色", "紫色"]
CAPACITIES = ["128GB", "256GB"]
WORDS = ["旗舰", "轻薄", "智能", "高清", "快充", "降噪", "无线", "运动", "商务", "青春", "经典", "限定"]
NOUNS = ["手机", "平板", "耳机", "手表", "音箱", "笔记本", "相机", "充电宝"]


def setup_django() -> None:
    import django

    from bench.harness import server_env

    os.environ.update({key: value for key, value in server_env().items() if key not in os.environ})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    django.setup()


def ensure_catalogue() -> dict:
    """The bench store's products (made if missing); returns the ids the runs need."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.db import connection, transaction

    from catalog.models import (
        Attribute,
        AttributeKind,
        AttributeValue,
        BackendCategory,
        Brand,
        ImageKind,
        Sku,
        Spu,
        SpuAttribute,
        SpuImage,
        SpuStatus,
        Stock,
        StorefrontCategory,
    )
    from members.models import User
    from stores.models import Store, StoreStatus, StoreType, Warehouse

    owner, _ = User.objects.get_or_create(username="bench_owner")
    store, _ = Store.objects.get_or_create(
        name="Bench 数码专营店",
        defaults={
            "type": StoreType.THIRD_PARTY,
            "status": StoreStatus.ACTIVE,
            "phone": "021-60000000",
            "region_id": "310101",
            "address": "上海市黄浦区",
            "latitude": Decimal("31.23"),
            "longitude": Decimal("121.47"),
            "applicant": owner,
        },
    )
    root, _ = BackendCategory.objects.get_or_create(name="Bench 数码", parent=None)
    storefront, _ = StorefrontCategory.objects.get_or_create(name="Bench 数码", parent=None)
    storefront.backend_categories.add(root)
    existing = Spu.objects.filter(store=store).count()
    if existing >= SPUS:
        return {
            "spu_id": Spu.objects.filter(store=store).order_by("pk").values_list("pk", flat=True)[SPUS // 2],
            "storefront_id": storefront.pk,
            "sku_id": Sku.objects.filter(spu__store=store).order_by("pk").values_list("pk", flat=True)[SPUS],
        }

    random.seed(12)
    with transaction.atomic():
        groups = [BackendCategory.objects.get_or_create(name=f"Bench 类目{n}", parent=root)[0] for n in range(10)]
        leaves = [
            BackendCategory.objects.get_or_create(name=f"Bench 子类目{g}-{n}", parent=group)[0]
            for g, group in enumerate(groups)
            for n in range(5)
        ]
        leaves = list(BackendCategory.objects.filter(pk__in=[leaf.pk for leaf in leaves]))  # fresh lft / rght
        model, _ = Attribute.objects.get_or_create(
            category=root, name="型号", defaults={"kind": AttributeKind.KEY, "custom_allowed": True}
        )
        screen, _ = Attribute.objects.get_or_create(
            category=root, name="屏幕", defaults={"kind": AttributeKind.OTHER, "filterable": True}
        )
        colour, _ = Attribute.objects.get_or_create(category=root, name="颜色", defaults={"kind": AttributeKind.SALES})
        capacity, _ = Attribute.objects.get_or_create(
            category=root, name="容量", defaults={"kind": AttributeKind.SALES}
        )
        for attribute, values in ((screen, ["6.1英寸", "6.7英寸"]), (colour, COLOURS), (capacity, CAPACITIES)):
            for value in values:
                AttributeValue.objects.get_or_create(attribute=attribute, value=value)
        brands = [Brand.objects.get_or_create(name=f"Bench 品牌{n}")[0] for n in range(20)]
        for brand in brands:
            brand.categories.add(root)
        warehouse, _ = Warehouse.objects.get_or_create(
            store=store, name="Bench 仓", defaults={"region_id": "310101", "address": "上海"}
        )
        picture = "bench/main.png"
        if not default_storage.exists(picture):
            default_storage.save(picture, ContentFile(_png()))

        specs = [
            {"attribute": colour.pk, "name": "颜色", "values": COLOURS[:2]},
            {"attribute": capacity.pk, "name": "容量", "values": CAPACITIES},
        ]
        spus = []
        for n in range(existing, SPUS):
            base = Decimal(random.randrange(99, 9999))
            spus.append(
                Spu(
                    store=store,
                    category=random.choice(leaves),
                    brand=random.choice(brands),
                    title=f"Bench 品牌{n % 20} {random.choice(WORDS)}{random.choice(WORDS)}{random.choice(NOUNS)} {n}",
                    specs=specs,
                    status=SpuStatus.ON_SHELF,
                    min_price=base,
                    max_price=base + 500,
                    market_price=base + 200,
                    stock=0,
                    sales=random.randrange(0, 5000),
                )
            )
        spus = Spu.objects.bulk_create(spus, batch_size=2000)
        skus = [
            Sku(
                spu=spu,
                store=store,
                specs={"颜色": c, "容量": m},
                spec_key=f"{colour.pk}:{c}|{capacity.pk}:{m}",
                price=spu.min_price + 500 * j,
                market_price=spu.min_price + 200 + 500 * j,
            )
            for spu in spus
            for c in COLOURS[:2]
            for j, m in enumerate(CAPACITIES)
        ]
        skus = Sku.objects.bulk_create(skus, batch_size=4000)
        on_hand = {sku.pk: random.choice([0, 3, 20, 100]) for sku in skus}
        Stock.objects.bulk_create(
            [Stock(sku=sku, warehouse=warehouse, on_hand=on_hand[sku.pk]) for sku in skus], batch_size=4000
        )
        totals: dict[int, int] = {}
        for sku in skus:
            totals[sku.spu_id] = totals.get(sku.spu_id, 0) + on_hand[sku.pk]
        for spu in spus:
            spu.stock = totals[spu.pk]
        Spu.objects.bulk_update(spus, ["stock"], batch_size=2000)
        SpuAttribute.objects.bulk_create(
            [
                row
                for spu in spus
                for row in (
                    SpuAttribute(spu=spu, attribute=model, value=f"M{spu.pk}"),
                    SpuAttribute(spu=spu, attribute=screen, value=random.choice(["6.1英寸", "6.7英寸"])),
                )
            ],
            batch_size=4000,
        )
        SpuImage.objects.bulk_create(
            [SpuImage(spu=spu, kind=ImageKind.MAIN, image=picture) for spu in spus], batch_size=4000
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a catalogue grown by sellers
    return {"spu_id": spus[len(spus) // 2].pk, "storefront_id": storefront.pk, "sku_id": skus[SPUS].pk}


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (800, 800), (38, 70, 120)).save(buffer, "PNG")
    return buffer.getvalue()


def main() -> None:
    setup_django()
    from catalog.models import Sku, Spu

    ids = ensure_catalogue()
    print(f"catalogue: {Spu.objects.for_sale().count()} SPUs on sale, {Sku.objects.count()} SKUs", flush=True)
    products = "/api/v1/catalog/products/"
    # The in-process query count uses Django's test client, whose default host production settings refuse.
    host = (("Host", "localhost"),)
    with served() as base:
        report(compare(base, "product_list_20", Call(f"{products}?page_size=20", headers=host)))
        report(compare(base, "product_list_100", Call(f"{products}?page_size=100", headers=host)))
        report(
            compare(
                base,
                "product_list_filtered",
                Call(
                    f"{products}?category={ids['storefront_id']}&in_stock=1&ordering=price&page_size=20",
                    headers=host,
                ),
            )
        )
        report(compare(base, "product_search", Call(f"{products}?q=%E6%97%97%E8%88%B0&page_size=20", headers=host)))
        report(compare(base, "product_detail", Call(f"{products}{ids['spu_id']}/", headers=host)))
        # The pages a visitor who is not logged in browses (HTML, from the same cache as the API).
        report(compare(base, "product_page", Call(f"/products/{ids['spu_id']}/", headers=host)))
        report(compare(base, "category_page", Call(f"/c/{ids['storefront_id']}/", headers=host)))
        report(compare(base, "home_page", Call("/", headers=host)))
        # The same pages for a logged-in shopper (their session, a cart line, a favourite), and add to cart.
        shopper = shopper_session(ids["spu_id"])
        search = "/search/?q=%E6%97%97%E8%88%B0"
        for name, path in (
            ("product_page_member", f"/products/{ids['spu_id']}/"),
            ("category_page_member", f"/c/{ids['storefront_id']}/"),
            ("search_page_member", search),
            ("home_page_member", "/"),
        ):
            report(compare(base, name, Call(path, headers=(*host, *shopper))))
        add = json.dumps({"sku": ids["sku_id"], "quantity": 1})
        minimal = (*host, *shopper, ("Prefer", "return=minimal"))
        report(compare(base, "add_to_cart", Call("/api/v1/cart/items/", "POST", add, minimal)))
        report(compare(base, "add_to_cart_priced", Call("/api/v1/cart/items/", "POST", add, (*host, *shopper))))


def shopper_session(spu_id: int) -> tuple[tuple[str, str], ...]:
    """A logged-in shopper's headers, as a browser on the product page sends them: the session and CSRF cookies
    and the CSRF token. The shopper keeps one line in the cart and one favourite, so the header counts them."""
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client

    from catalog.models import ProductFavourite, Sku
    from members.models import User
    from orders.models import CartItem

    shopper, _ = User.objects.get_or_create(username="bench_shopper")
    CartItem.objects.get_or_create(user=shopper, sku=Sku.objects.filter(spu_id=spu_id).last(), defaults={"quantity": 1})
    ProductFavourite.objects.get_or_create(user=shopper, spu_id=spu_id)
    client = Client(HTTP_HOST="localhost")
    client.force_login(shopper)
    token = _get_new_csrf_string()
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={token}"
    return (("Cookie", cookie), ("X-CSRFToken", token))


if __name__ == "__main__":
    main()
