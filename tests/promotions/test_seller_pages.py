"""The seller backend's promotion pages: create with the fields of each kind (goods by SKUs, categories or brands,
channels, member scope, SKU rows for bundles, gifts, gift tiers and add-ons), a conflict explained by naming the
other promotion beside the form, every refusal beside its field and nothing saved, stop; clerks see none of it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import MemberLevel
from promotions.models import Promotion, PromotionStatus
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.factories import MembershipFactory, StoreFactory
from tests.stores.seller import field_error, html, seller_client

pytestmark = pytest.mark.django_db

NEW = "/seller/promotions/new/"


@pytest.fixture
def client(owner):
    return seller_client(owner)


@pytest.fixture
def catalog():
    return PhoneCatalog()


@pytest.fixture
def skus(store, catalog):
    """Four SKUs of the store: a 华为 phone (128G, 256G) and an 苹果 one (128G, 256G)."""
    huawei = catalog.phone(store, title="华为 Mate 60 手机", stock=0)
    apple = catalog.phone(store, title="苹果 iPhone 16 手机", brand=catalog.apple, stock=0)
    return [*huawei.skus.order_by("pk"), *apple.skus.order_by("pk")]


def window(days=7) -> dict:
    start = timezone.localtime() + timedelta(hours=1)
    return {
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M"),
    }


def rows(*filled: dict, extra: int = 2) -> dict:
    """The SKU rows as the page posts them: the management form, the filled rows, then empty ones."""
    body = {"row-TOTAL_FORMS": str(len(filled) + extra), "row-INITIAL_FORMS": "0"}
    for index, row in enumerate([*filled, *[{}] * extra]):
        row = {"quantity": "1", **row}
        body.update({f"row-{index}-{name}": str(value) for name, value in row.items()})
    return body


def promotion(**fields) -> dict:
    """What the form posts when the seller only fills in the name, kind and rules: all goods, all members, every
    channel ticked."""
    return {
        "name": "促销",
        "kind": "item_discount",
        "scope_all": "on",
        "member_scope": "all",
        "channels": ["app", "h5", "web"],
        **rows(),
        **window(),
        **fields,
    }


def errors_of(response, name: str) -> list[str]:
    """The messages shown with field `name`: from its wrapper to the next field's (checkbox and radio groups
    have no single input id for field_error to find)."""
    page = html(response)
    start = page.index(f'data-field="{name}"')
    end = page.find("data-field=", start + 1)
    return re.findall(r'<small class="error">(.*?)</small>', page[start : end if end > 0 else None], re.S)


def row_errors(response, index: int, column: str) -> list[str]:
    """The messages in the cell of row `index`, column `column` of the SKU rows."""
    page = html(response)
    at = page.index(f'name="row-{index}-{column}"')
    cell = page[page.rindex("<td", 0, at) : page.index("</td>", at)]
    return re.findall(r'<small class="error">(.*?)</small>', cell, re.S)


def test_a_tiered_spend_and_save_is_created_from_its_lines(client, store):
    response = client.post(NEW, promotion(name="满减", kind="full_reduction", tiers="100:10\n300：50"))
    assert response.status_code == 302, html(response)
    promotion_row = Promotion.objects.get(store=store)
    assert promotion_row.rules == {
        "tiers": [{"threshold": "100.00", "discount": "10.00"}, {"threshold": "300.00", "discount": "50.00"}]
    }
    assert promotion_row.scope_all
    assert (promotion_row.channels, promotion_row.member_scope, promotion_row.member_levels) == ([], "all", [])
    assert "¥100.00 − ¥10.00 · ¥300.00 − ¥50.00" in html(client.get("/seller/promotions/"))


def test_an_overlap_is_refused_naming_the_other_promotion_beside_the_form(client, store):
    PhoneCatalog().phone(store)  # the goods both would discount
    first = promotion(name="国庆八折", percent="80")
    assert client.post(NEW, first).status_code == 302
    other = Promotion.objects.get()
    response = client.post(NEW, {**first, "name": "再来九折", "percent": "90"})
    assert response.status_code == 409
    box = html(response).split("data-conflict>")[1].split("</div>")[0]
    assert "国庆八折" in box and f"#promotion-{other.pk}" in box
    assert Promotion.objects.count() == 1
    assert 'value="再来九折"' in html(response)  # what was typed stays


def test_a_brand_promotion_conflicts_with_one_on_a_sku_of_that_brand(client, store, skus, catalog):
    by_brand = promotion(name="苹果品牌日", percent="90", scope_all="", scope_brands=[str(catalog.apple.pk)])
    assert client.post(NEW, by_brand).status_code == 302
    response = client.post(NEW, promotion(name="单品八折", percent="80", scope_all="", scope_skus=[str(skus[2].pk)]))
    assert response.status_code == 409
    assert "苹果品牌日" in html(response).split("data-conflict>")[1]
    # A 华为 SKU is outside the brand: no conflict.
    response = client.post(NEW, promotion(name="华为八折", percent="80", scope_all="", scope_skus=[str(skus[0].pk)]))
    assert response.status_code == 302
    assert set(Promotion.objects.values_list("name", flat=True)) == {"苹果品牌日", "华为八折"}


def test_chosen_skus_narrow_the_promotion_to_them(client, skus):
    body = promotion(percent="85", scope_all="", scope_skus=[str(skus[0].pk)])
    assert client.post(NEW, body).status_code == 302
    created = Promotion.objects.get()
    assert (created.scope_all, created.scope_skus) == (False, [skus[0].pk])


def test_goods_by_categories_and_brands_with_an_excluded_sku(client, skus, catalog):
    body = promotion(
        percent="85",
        scope_all="",
        scope_categories=[str(catalog.phones.pk)],
        scope_brands=[str(catalog.apple.pk)],
        scope_excluded_skus=[str(skus[1].pk)],
    )
    assert client.post(NEW, body).status_code == 302
    created = Promotion.objects.get()
    assert (created.scope_all, created.scope_skus) == (False, [])
    assert (created.scope_categories, created.scope_brands) == ([catalog.phones.pk], [catalog.apple.pk])
    assert created.excluded_skus == [skus[1].pk]


def test_all_goods_minus_some_skus(client, skus):
    assert client.post(NEW, promotion(percent="85", scope_excluded_skus=[str(skus[3].pk)])).status_code == 302
    created = Promotion.objects.get()
    assert (created.scope_all, created.excluded_skus) == (True, [skus[3].pk])


def test_the_form_offers_the_stores_skus_categories_and_brands_only(client, skus, catalog):
    theirs = catalog.phone(StoreFactory(), title="别家的手机", stock=0).skus.first()
    page = html(client.get(NEW))
    assert "数码 / 手机通讯 / 手机" in page  # a category with its ancestors, each of which may be chosen
    assert f'<option value="{catalog.root.pk}">数码</option>' in page
    assert f'<option value="{catalog.apple.pk}">苹果</option>' in page
    assert f"(#{skus[0].pk})" in page and '<optgroup label="华为 Mate 60 手机">' in page
    assert "别家的手机" not in page and f"(#{theirs.pk})" not in page


def test_unclear_goods_are_refused_beside_all_goods(client, skus):
    response = client.post(NEW, promotion(percent="85", scope_skus=[str(skus[0].pk)]))  # all ticked and a SKU chosen
    assert errors_of(response, "scope_all")
    response = client.post(NEW, promotion(percent="85", scope_all=""))  # nothing at all
    assert errors_of(response, "scope_all")
    assert not Promotion.objects.exists()


def test_channels_member_levels_and_a_per_member_limit_are_saved_as_chosen(client):
    gold = MemberLevel.objects.create(name="金卡", growth_threshold=1000)
    diamond = MemberLevel.objects.create(name="钻石", growth_threshold=5000)
    MemberLevel.objects.create(name="银卡", growth_threshold=100)
    body = promotion(
        percent="90",
        channels=["app", "h5"],
        member_scope="levels",
        member_levels=[str(diamond.pk), str(gold.pk)],
        per_member_limit="2",
    )
    assert client.post(NEW, body).status_code == 302
    created = Promotion.objects.get()
    assert created.channels == ["app", "h5"]
    assert (created.member_scope, created.member_levels) == ("levels", sorted([gold.pk, diamond.pk]))
    assert created.per_member_limit == 2
    row = html(client.get("/seller/promotions/")).split(f'id="promotion-{created.pk}"')[1].split("</tr>")[0]
    assert "金卡, 钻石 · App, H5 (mobile web)" in row and "2 uses per member" in row


def test_new_members_only_ignore_levels_left_ticked(client):
    gold = MemberLevel.objects.create(name="金卡", growth_threshold=1000)
    body = promotion(percent="90", channels=["web"], member_scope="new_members", member_levels=[str(gold.pk)])
    assert client.post(NEW, body).status_code == 302
    created = Promotion.objects.get()
    assert (created.member_scope, created.member_levels, created.channels) == ("new_members", [], ["web"])


def test_member_levels_without_a_level_and_no_channel_are_refused(client):
    response = client.post(NEW, promotion(percent="90", member_scope="levels", channels=[]))
    assert errors_of(response, "member_levels") == ["Tick the member levels it is for."]
    assert errors_of(response, "channels") == ["Tick at least one channel."]
    response = client.post(NEW, promotion(percent="90", member_scope="levels", member_levels=["999999", "x"]))
    assert errors_of(response, "member_levels")
    assert not Promotion.objects.exists()


def test_spend_and_get_gifts_takes_several_tiers_from_rows_of_the_same_spend(client, skus):
    body = promotion(
        name="满赠",
        kind="full_gift",
        **rows(
            {"threshold": "500", "sku": skus[1].pk, "quantity": 1},
            {"threshold": "300", "sku": skus[0].pk, "quantity": 1},
            {"threshold": "500.00", "sku": skus[2].pk, "quantity": 2},
        ),
    )
    response = client.post(NEW, body)
    assert response.status_code == 302, html(response)
    assert Promotion.objects.get().rules == {
        "tiers": [
            {"threshold": "300.00", "gifts": [{"sku": skus[0].pk, "quantity": 1}]},
            {"threshold": "500.00", "gifts": [{"sku": skus[1].pk, "quantity": 1}, {"sku": skus[2].pk, "quantity": 2}]},
        ]
    }


def test_a_bundle_and_an_add_on_take_their_skus_from_the_rows(client, skus):
    bundle = promotion(
        name="套装",
        kind="bundle",
        price="9999",
        # The price column is the add-on's: a bundle does not read it, whatever it holds.
        **rows({"sku": skus[0].pk, "quantity": 1, "price": "abc"}, {"sku": skus[2].pk, "quantity": 2}),
    )
    response = client.post(NEW, bundle)
    assert response.status_code == 302, html(response)
    add_on = promotion(
        name="加价购",
        kind="add_on_purchase",
        threshold="199",
        **rows({"sku": skus[3].pk, "price": "9.9", "quantity": "x"}),
        **window(days=3),
    )
    response = client.post(NEW, add_on)
    assert response.status_code == 302, html(response)
    rules = dict(Promotion.objects.values_list("kind", "rules"))
    assert rules["bundle"] == {
        "items": [{"sku": skus[0].pk, "quantity": 1}, {"sku": skus[2].pk, "quantity": 2}],
        "price": "9999.00",
    }
    assert rules["add_on_purchase"] == {"threshold": "199.00", "items": [{"sku": skus[3].pk, "price": "9.90"}]}


def test_a_gift_row_without_a_sku_and_no_rows_at_all_are_refused(client, skus):
    response = client.post(NEW, promotion(kind="gift", **rows({"quantity": "3"})))
    assert row_errors(response, 0, "sku") == ["Choose the SKU of this row."]
    response = client.post(NEW, promotion(kind="gift"))
    assert "Choose at least one SKU in the rows." in html(response)
    response = client.post(NEW, promotion(kind="full_gift", **rows({"sku": skus[0].pk})))
    assert row_errors(response, 0, "threshold") == ["Give the spend of this tier."]
    assert not Promotion.objects.exists()


def test_a_refusal_of_the_rules_as_a_whole_is_shown_above_the_rows(client, skus):
    body = promotion(kind="bundle", price="99", **rows({"sku": skus[0].pk}, {"sku": skus[0].pk, "quantity": 2}))
    response = client.post(NEW, body)
    assert response.status_code == 200
    rules_box = html(response).split("<legend>Rules</legend>")[1].split("</fieldset>")[0]
    assert "a bundle names each SKU once" in rules_box
    assert not Promotion.objects.exists()


def test_rule_errors_are_shown_next_to_the_rule_fields(client, skus):
    response = client.post(NEW, promotion(kind="full_reduction", tiers="100:200"))
    assert response.status_code == 200
    assert field_error(response, "id_tiers") == ["A tier&#x27;s discount cannot exceed its threshold."]
    response = client.post(NEW, promotion(kind="full_reduction", tiers="1:2:3"))
    assert field_error(response, "id_tiers")
    response = client.post(NEW, promotion(percent="80", **window(-1)))
    assert field_error(response, "id_ends_at")
    assert not Promotion.objects.exists()


@pytest.mark.parametrize(
    ("kind", "row", "column"),
    [
        ("bundle", {"quantity": "abc"}, "quantity"),
        ("bundle", {"quantity": "0"}, "quantity"),
        ("gift", {"quantity": "9" * 30}, "quantity"),
        ("full_gift", {"threshold": "1e999"}, "threshold"),
        ("full_gift", {"threshold": "NaN"}, "threshold"),
        ("add_on_purchase", {"price": "-1"}, "price"),
        ("add_on_purchase", {"price": "12.345"}, "price"),
    ],
)
def test_garbage_numbers_in_a_row_are_refused_in_their_cell(client, skus, kind, row, column):
    body = promotion(kind=kind, price="100", threshold="100", **rows({"threshold": "100", "sku": skus[0].pk, **row}))
    response = client.post(NEW, body)
    assert response.status_code == 200
    assert row_errors(response, 0, column)
    assert not Promotion.objects.exists()


def test_another_stores_sku_is_refused_beside_the_field_naming_it(client, skus, catalog):
    theirs = catalog.phone(StoreFactory(), stock=0).skus.first()
    response = client.post(NEW, promotion(name="套装", kind="bundle", price="10", **rows({"sku": theirs.pk})))
    assert response.status_code == 200
    assert row_errors(response, 0, "sku") == [f"Not SKUs of this store: #{theirs.pk}."]
    response = client.post(NEW, promotion(percent="80", scope_all="", scope_skus=[str(theirs.pk), str(skus[0].pk)]))
    assert errors_of(response, "scope_skus") == [f"Not SKUs of this store: #{theirs.pk}."]
    response = client.post(NEW, promotion(percent="80", scope_excluded_skus=[str(theirs.pk)]))
    assert errors_of(response, "scope_excluded_skus") == [f"Not SKUs of this store: #{theirs.pk}."]
    assert not Promotion.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "nonsense"},
        {"kind": ""},
        {"starts_at": "yesterday", "scope_skus": ["x"]},
        {"scope_all": "", "scope_categories": ["999999"], "scope_brands": ["x"]},
        {"scope_all": "", "scope_skus": ["9" * 30]},
        {"percent": "101"},
        {"percent": "1e5"},
        {"per_member_limit": "9" * 30},
        {"member_scope": "vip"},
        {"channels": ["mini_program"]},
        {"kind": "bundle", "row-TOTAL_FORMS": "x"},
        {"kind": "gift", "row-TOTAL_FORMS": "100000", "row-0-sku": "1"},
        {"kind": "full_gift", "row-0-sku": "abc", "row-0-threshold": "x"},
        {"ends_at": "2020-01-01T00:00"},
    ],
)
def test_bad_input_is_refused_without_a_500_and_nothing_saved(client, skus, fields):
    response = client.post(NEW, {**promotion(percent="80"), **fields})
    assert response.status_code == 200
    assert 'class="error"' in html(response) or 'class="errors"' in html(response)
    assert not Promotion.objects.exists()


def test_stop_ends_a_promotion_and_another_stores_is_not_found(client, store, owner):
    client.post(NEW, promotion(name="九折", percent="90"))
    mine = Promotion.objects.get(store=store)
    assert client.post(f"/seller/promotions/{mine.pk}/stop/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == PromotionStatus.STOPPED
    theirs = Promotion.objects.create(
        store=StoreFactory(),
        name="别人的",
        kind="item_discount",
        rules={"percent": "90"},
        scope_all=True,
        funder="store",
        lane="item",
        created_by=owner,
        starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(days=1),
    )
    assert client.post(f"/seller/promotions/{theirs.pk}/stop/").status_code == 404
    assert "别人的" not in html(client.get("/seller/promotions/"))


def test_a_clerk_sees_no_promotions(store):
    clerk = seller_client(MembershipFactory(store=store, role=StaffRole.CLERK).user)
    assert clerk.get("/seller/promotions/").status_code == 403
    assert clerk.get(NEW).status_code == 403
    assert clerk.post(NEW, promotion(percent="80")).status_code == 403
    assert not Promotion.objects.exists()


def test_a_manager_creates_promotions(store):
    manager = seller_client(MembershipFactory(store=store, role=StaffRole.MANAGER).user)
    assert manager.post(NEW, promotion(percent="80")).status_code == 302
    assert Promotion.objects.filter(store=store).count() == 1
