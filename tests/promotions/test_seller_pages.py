"""The seller backend's promotion pages: create with the fields of each kind (goods by SKUs, categories or brands,
channels, member scope, SKU rows for bundles, gifts, gift tiers and add-ons), a conflict explained by naming the
other promotion beside the form, every refusal beside its field and nothing saved, stop; clerks see none of it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from members.models import MemberLevel
from promotions import pricing, services
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


# Editing a promotion that has not started: the create form filled with its values, saved by promotion_update.


def posted_back(response, **changes) -> dict:
    """What the edit page posts when the seller changes only `changes`: every field and SKU row as the page
    filled them in (a datetime as the datetime-local input shows it, ticked boxes as "on")."""
    body = {}
    form, rows = response.context["form"], response.context["rows"]
    bound = [*form, *rows.management_form, *(field for row in rows for field in row)]
    for field in bound:
        value = field.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif hasattr(value, "strftime"):
            value = value.strftime("%Y-%m-%dT%H:%M")  # prepared: naive, in the current time zone
        elif isinstance(value, list | tuple):
            value = [str(item) for item in value]
        body[field.html_name] = value
    return body | changes


def edit_url(promotion_row) -> str:
    return f"/seller/promotions/{promotion_row.pk}/edit/"


def saved(store, owner, *, kind, rules, days_from=1, **fields):
    now = timezone.now()
    return services.promotion_create(
        store=store,
        by=owner,
        name="原来的",
        kind=kind,
        rules=rules,
        starts_at=now + timedelta(days=days_from),
        ends_at=now + timedelta(days=days_from + 7),
        scope=fields.pop("scope", pricing.GoodsScope(all=True)),
        **fields,
    )


def every_kind(skus) -> list[tuple[str, dict]]:
    a, b, c, d = (sku.pk for sku in skus)
    return [
        ("full_reduction", {"tiers": [{"threshold": "100", "discount": "10"}, {"threshold": "300", "discount": "50"}]}),
        ("every_full_reduction", {"step": "200", "discount": "20", "cap": "60"}),
        ("item_discount", {"percent": "85"}),
        ("item_discount", {"price": "99.90"}),
        ("bundle", {"items": [{"sku": a, "quantity": 1}, {"sku": b, "quantity": 2}], "price": "100"}),
        ("gift", {"gifts": [{"sku": c, "quantity": 2}]}),
        (
            "full_gift",
            {
                "tiers": [
                    {"threshold": "300", "gifts": [{"sku": c, "quantity": 1}]},
                    {"threshold": "500", "gifts": [{"sku": c, "quantity": 1}, {"sku": d, "quantity": 2}]},
                ]
            },
        ),
        ("multi_buy_price", {"count": 3, "price": "99"}),
        ("multi_buy_percent", {"count": 2, "percent": "80"}),
        ("add_on_purchase", {"threshold": "199", "items": [{"sku": d, "price": "9.90"}, {"sku": a, "price": "19"}]}),
    ]


def test_a_multi_buy_is_created_with_its_count_as_a_number(client, store):
    response = client.post(NEW, promotion(name="任选3件99元", kind="multi_buy_price", count="3", price="99"))
    assert response.status_code == 302, html(response)
    assert Promotion.objects.get(store=store).rules == {"count": 3, "price": "99.00"}


def test_the_edit_form_of_every_kind_is_filled_so_that_saving_it_unchanged_keeps_its_rules(client, store, owner, skus):
    for kind, rules in every_kind(skus):
        promotion_row = saved(store, owner, kind=kind, rules=rules)
        before = dict(promotion_row.rules)

        page = client.get(edit_url(promotion_row))
        assert page.status_code == 200
        assert 'value="原来的"' in html(page)
        response = client.post(edit_url(promotion_row), posted_back(page, name=f"改过的 {kind}"))

        assert response.status_code == 302, (kind, html(response))
        promotion_row.refresh_from_db()
        assert (promotion_row.name, promotion_row.kind, promotion_row.rules) == (f"改过的 {kind}", kind, before)
        promotion_row.delete()  # the next kind may share its exclusive group


def test_the_edit_form_keeps_goods_members_channels_and_limit(client, store, owner, skus):
    level = MemberLevel.objects.create(name="白金会员X", growth_threshold=987654)
    promotion_row = saved(
        store,
        owner,
        kind="item_discount",
        rules={"percent": "90"},
        scope=pricing.GoodsScope(skus=frozenset({skus[0].pk, skus[2].pk})),
        channels=["app"],
        member_scope="levels",
        member_levels=[level.pk],
        per_member_limit=3,
    )
    starts_at = promotion_row.starts_at

    page = client.get(edit_url(promotion_row))
    client.post(edit_url(promotion_row), posted_back(page, percent="75"))

    promotion_row.refresh_from_db()
    assert promotion_row.rules == {"percent": "75.00"}
    assert sorted(promotion_row.scope_skus) == sorted([skus[0].pk, skus[2].pk]) and not promotion_row.scope_all
    assert (promotion_row.channels, promotion_row.member_scope, promotion_row.member_levels) == (
        ["app"],
        "levels",
        [level.pk],
    )
    assert promotion_row.per_member_limit == 3
    assert promotion_row.starts_at == starts_at  # a time left as it was keeps its seconds
    assert list(promotion_row.events.values_list("type", flat=True)) == ["updated", "created"]


def test_only_a_promotion_not_started_offers_edit_in_the_list(client, store, owner, skus):
    tomorrow = saved(store, owner, kind="item_discount", rules={"percent": "90"})
    running = saved(store, owner, kind="every_full_reduction", rules={"step": "100", "discount": "5"}, days_from=-1)
    stopped = saved(store, owner, kind="gift", rules={"gifts": [{"sku": skus[0].pk, "quantity": 1}]})
    services.promotion_stop(promotion=stopped, by=owner)

    page = html(client.get("/seller/promotions/"))
    assert edit_url(tomorrow) in page
    assert edit_url(running) not in page
    assert edit_url(stopped) not in page


def test_a_started_promotion_opens_no_form_and_a_forged_post_is_refused(client, store, owner, skus):
    running = saved(store, owner, kind="item_discount", rules={"percent": "90"}, days_from=-1)

    opened = client.get(edit_url(running), follow=True)
    assert opened.redirect_chain[-1][0] == "/seller/promotions/"
    assert "The promotion has started; it can no longer be changed." in html(opened)

    forged = client.post(edit_url(running), promotion(name="偷改", percent="10"), follow=True)
    assert "The promotion has started; it can no longer be changed." in html(forged)
    running.refresh_from_db()
    assert (running.name, running.rules) == ("原来的", {"percent": "90.00"})


def test_a_stopped_promotion_is_not_edited(client, store, owner, skus):
    stopped = saved(store, owner, kind="item_discount", rules={"percent": "90"})
    services.promotion_stop(promotion=stopped, by=owner)
    response = client.post(edit_url(stopped), promotion(name="偷改", percent="10"), follow=True)
    assert "A stopped promotion cannot be changed." in html(response)
    stopped.refresh_from_db()
    assert stopped.name == "原来的"


def test_an_edit_into_an_overlap_is_refused_naming_the_other(client, store, owner, skus):
    later = saved(store, owner, kind="item_discount", rules={"percent": "90"}, days_from=10)
    tomorrow = saved(store, owner, kind="item_discount", rules={"percent": "80"})
    page = client.get(edit_url(tomorrow))
    ends = (timezone.localtime() + timedelta(days=12)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(edit_url(tomorrow), posted_back(page, ends_at=ends))

    assert response.status_code == 409
    assert f"#{later.pk}" in html(response) and "Not saved: it overlaps another promotion." in html(response)
    tomorrow.refresh_from_db()
    assert tomorrow.ends_at < later.starts_at


def test_another_stores_promotion_is_not_found_and_a_clerk_edits_none(client, store, owner, skus):
    theirs = saved(StoreFactory(), owner, kind="item_discount", rules={"percent": "90"})
    assert client.get(edit_url(theirs)).status_code == 404
    assert client.post(edit_url(theirs), promotion(percent="10")).status_code == 404

    mine = saved(store, owner, kind="item_discount", rules={"percent": "90"})
    clerk = seller_client(MembershipFactory(store=store, role=StaffRole.CLERK).user)
    assert clerk.get(edit_url(mine)).status_code == 403
    assert clerk.post(edit_url(mine), promotion(name="店员改", percent="10")).status_code == 403
    mine.refresh_from_db()
    assert mine.name == "原来的"
