"""The seller backend's store coupon pages: create with every field of API.md's coupon template (kind and amounts,
goods by SKUs, categories or brands with exclusions, validity, channels, refunds, how many and how they are given
out, points), edit as PATCH does (terms fixed once a coupon is issued), errors next to the field they name and
nothing saved, stop; another store's coupon is not found and clerks see none of it."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from coupons import services
from coupons.models import CouponTemplate, TemplateStatus
from promotions.pricing import GoodsScope
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.coupons.factories import coupon_template
from tests.factories import MembershipFactory, StoreFactory, UserFactory
from tests.stores.seller import field_error, html, seller_client

pytestmark = pytest.mark.django_db

NEW = "/seller/coupons/new/"


@pytest.fixture
def client(owner):
    return seller_client(owner)


@pytest.fixture
def catalog():
    return PhoneCatalog()


@pytest.fixture
def skus(store, catalog):
    """A 华为 phone (128G, 256G) and an 苹果 one of the store."""
    huawei = catalog.phone(store, title="华为 Mate 60 手机", stock=0)
    apple = catalog.phone(store, title="苹果 iPhone 16 手机", brand=catalog.apple, stock=0)
    return [*huawei.skus.order_by("pk"), *apple.skus.order_by("pk")]


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def coupon(**fields) -> dict:
    """What the form posts for a spend-and-save coupon on all goods, every channel ticked."""
    start = timezone.now()
    return {
        "name": "满 100 减 10",
        "kind": "threshold",
        "value": "10",
        "threshold": "100",
        "goods_all": "on",
        "valid_from": local(start),
        "valid_to": local(start + timedelta(days=30)),
        "channels": ["app", "h5", "web"],
        "total": "500",
        "per_user": "1",
        "issue_mode": "both",
        "public": "on",
        "points_cost": "0",
        "refund_policy": "never",
        **fields,
    }


def errors_of(response, name: str) -> list[str]:
    """The messages shown with field `name`: from its wrapper to the next field's."""
    page = html(response)
    start = page.index(f'data-field="{name}"')
    end = page.find("data-field=", start + 1)
    return re.findall(r'<small class="error">(.*?)</small>', page[start : end if end > 0 else None], re.S)


def test_a_spend_and_save_coupon_is_created_for_the_store(client, store):
    response = client.post(NEW, coupon())
    assert response.status_code == 302, html(response)
    template = CouponTemplate.objects.get(store=store)
    assert (template.kind, template.value, template.threshold, template.total) == ("threshold", 10, 100, 500)
    assert (template.scope_all, template.channels, template.per_user, template.points_cost) == (True, [], 1, 0)
    assert "满 100 减 10" in html(client.get("/seller/coupons/"))


def test_every_field_of_the_template_is_saved_as_chosen(client, store, skus, catalog):
    claim_from = timezone.now() + timedelta(days=1)
    body = coupon(
        name="苹果现金券",
        kind="cash",
        value="20",
        threshold="100",  # a cash coupon has none: the page does not send what the kind does not read
        max_discount="5",
        goods_all="",
        goods_skus=[str(skus[0].pk)],
        goods_categories=[str(catalog.phones.pk)],
        goods_brands=[str(catalog.apple.pk)],
        goods_excluded_skus=[str(skus[3].pk)],
        valid_from="",
        valid_to="",
        valid_days="15",
        channels=["app", "web"],
        total="1000",
        per_user="",
        per_user_per_day="2",
        issue_mode="claim",
        public="",
        claim_from=local(claim_from),
        claim_to=local(claim_from + timedelta(days=7)),
        points_cost="200",
        refund_policy="proportional",
    )
    response = client.post(NEW, body)
    assert response.status_code == 302, html(response)
    template = CouponTemplate.objects.get(store=store)
    assert (template.kind, template.value, template.threshold, template.max_discount) == (
        "cash",
        Decimal("20.00"),
        Decimal("0.00"),
        None,
    )
    assert (template.scope_all, template.scope_skus, template.excluded_skus) == (False, [skus[0].pk], [skus[3].pk])
    assert (template.scope_categories, template.scope_brands) == ([catalog.phones.pk], [catalog.apple.pk])
    assert (template.valid_from, template.valid_to, template.valid_days) == (None, None, 15)
    assert template.channels == ["app", "web"]
    assert (template.total, template.per_user, template.per_user_per_day) == (1000, None, 2)
    assert (template.issue_mode, template.public, template.points_cost) == ("claim", False, 200)
    assert local(template.claim_from) == local(claim_from)
    assert template.refund_policy == "proportional"


def test_a_percent_coupon_keeps_its_cap_and_its_threshold_if_it_has_one(client, store):
    response = client.post(NEW, coupon(name="85折", kind="percent", value="85", max_discount="30", threshold=""))
    assert response.status_code == 302, html(response)
    response = client.post(
        NEW, coupon(name="满200打88折", kind="percent", value="88", max_discount="60", threshold="200")
    )
    assert response.status_code == 302, html(response)
    terms = {
        name: (value, cap, threshold)
        for name, value, cap, threshold in CouponTemplate.objects.values_list(
            "name", "value", "max_discount", "threshold"
        )
    }
    assert terms == {"85折": (85, 30, 0), "满200打88折": (88, 60, 200)}


def test_errors_are_shown_next_to_the_field_they_name(client):
    response = client.post(NEW, coupon(threshold="5"))
    assert field_error(response, "id_value") == ["The amount off cannot be above the threshold."]
    response = client.post(NEW, coupon(valid_days="7"))
    assert field_error(response, "id_valid_days")
    response = client.post(NEW, coupon(total="0", value="abc"))
    assert field_error(response, "id_total") and field_error(response, "id_value")
    assert not CouponTemplate.objects.exists()


def test_windows_that_end_before_they_start_are_refused(client):
    start = timezone.now() + timedelta(days=3)
    response = client.post(NEW, coupon(valid_from=local(start), valid_to=local(start - timedelta(days=1))))
    assert field_error(response, "id_valid_to") == ["The validity must end after it starts."]
    response = client.post(NEW, coupon(claim_from=local(start), claim_to=local(start - timedelta(hours=1))))
    assert field_error(response, "id_claim_to") == ["The claim window must end after it starts."]
    response = client.post(NEW, coupon(valid_from="", valid_to=""))
    assert field_error(response, "id_valid_to")
    assert not CouponTemplate.objects.exists()


def test_goods_and_channels_must_be_chosen(client, skus):
    response = client.post(NEW, coupon(goods_all=""))
    assert errors_of(response, "goods_all")
    response = client.post(NEW, coupon(goods_skus=[str(skus[0].pk)]))  # "all goods" still ticked
    assert errors_of(response, "goods_all")
    response = client.post(NEW, coupon(channels=[]))
    assert errors_of(response, "channels") == ["Tick at least one channel."]
    assert not CouponTemplate.objects.exists()


def test_another_stores_sku_is_refused_beside_the_field_naming_it(client, skus, catalog):
    theirs = catalog.phone(StoreFactory(), stock=0).skus.first()
    response = client.post(NEW, coupon(goods_all="", goods_skus=[str(theirs.pk)]))
    assert errors_of(response, "goods_skus") == [f"Not SKUs of this store: #{theirs.pk}."]
    response = client.post(NEW, coupon(goods_excluded_skus=[str(skus[0].pk), str(theirs.pk)]))
    assert errors_of(response, "goods_excluded_skus") == [f"Not SKUs of this store: #{theirs.pk}."]
    assert not CouponTemplate.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "nonsense"},
        {"value": "1e999"},
        {"value": "NaN"},
        {"threshold": "-5"},
        {"total": "9" * 30},
        {"per_user": "9" * 30},
        {"per_user_per_day": "0"},
        {"points_cost": "9" * 30},
        {"points_cost": "-1"},
        {"valid_days": "x", "valid_from": "", "valid_to": ""},
        {"valid_from": "tomorrow"},
        {"goods_all": "", "goods_categories": ["999999"]},
        {"goods_all": "", "goods_brands": ["x"]},
        {"goods_all": "", "goods_skus": ["9" * 30]},
        {"channels": ["mini_program"]},
        {"issue_mode": "everyone"},
        {"refund_policy": "proportional"},  # only cash coupons
        {"kind": "percent", "value": "100"},
    ],
)
def test_bad_input_is_refused_without_a_500_and_nothing_saved(client, fields):
    response = client.post(NEW, coupon(**fields))
    assert response.status_code == 200
    assert 'class="error"' in html(response)
    assert not CouponTemplate.objects.exists()


@pytest.fixture
def template(store):
    """A spend-and-save coupon of the store for the app only, none issued yet."""
    start = timezone.now()
    return services.coupon_template_create(
        by=UserFactory(),
        store=store,
        name="满 100 减 10",
        kind="threshold",
        value=Decimal("10"),
        threshold=Decimal("100"),
        total=500,
        goods=GoodsScope(all=True),
        valid_from=start,
        valid_to=start + timedelta(days=30),
        channels=["app"],
    )


def test_the_edit_form_shows_the_template_and_saves_its_changes(client, template, skus):
    page = html(client.get(f"/seller/coupons/{template.pk}/edit/"))
    assert 'value="满 100 减 10"' in page and 'value="500"' in page
    assert re.search(r'<input type="checkbox" name="channels" value="app"[^>]*checked', page)
    assert not re.search(r'<input type="checkbox" name="channels" value="web"[^>]*checked', page)
    body = coupon(
        name="满 200 减 30",
        value="30",
        threshold="200",
        goods_all="",
        goods_skus=[str(skus[1].pk)],
        valid_from="",
        valid_to="",
        valid_days="10",
        channels=["app", "h5", "web"],
        total="800",
    )
    response = client.post(f"/seller/coupons/{template.pk}/edit/", body)
    assert response.status_code == 302, html(response)
    template.refresh_from_db()
    assert (template.name, template.value, template.threshold, template.total) == ("满 200 减 30", 30, 200, 800)
    assert (template.scope_all, template.scope_skus, template.channels) == (False, [skus[1].pk], [])
    assert (template.valid_from, template.valid_to, template.valid_days) == (None, None, 10)
    assert template.events.filter(type="updated").exists()


def test_an_edit_keeps_the_saved_times_to_the_second_when_left_alone(client, template):
    saved = (template.valid_from, template.valid_to)
    body = coupon(valid_from=local(saved[0]), valid_to=local(saved[1]), channels=["app"], total="600")
    assert client.post(f"/seller/coupons/{template.pk}/edit/", body).status_code == 302
    template.refresh_from_db()
    assert (template.total, (template.valid_from, template.valid_to)) == (600, saved)


def test_once_a_coupon_is_issued_its_terms_stay_and_the_rest_may_change(client, template, shopper):
    services.coupon_claim(template=template, user=shopper)
    page = html(client.get(f"/seller/coupons/{template.pk}/edit/"))
    assert "data-terms-fixed" in page
    assert re.search(r'<input type="number" name="value" value="10.00"[^>]*disabled', page)
    # A forged post of other terms changes nothing of them: a disabled field keeps its value.
    body = coupon(name="改名", value="99", threshold="500", total="900", per_user="3", public="")
    response = client.post(f"/seller/coupons/{template.pk}/edit/", body)
    assert response.status_code == 302, html(response)
    template.refresh_from_db()
    assert (template.name, template.total, template.per_user, template.public) == ("改名", 900, 3, False)
    assert (template.value, template.threshold, template.channels) == (10, 100, ["app"])


def test_an_edit_is_refused_beside_its_field_and_saves_nothing(client, template):
    response = client.post(f"/seller/coupons/{template.pk}/edit/", coupon(total="0", per_user="x"))
    assert field_error(response, "id_total") and field_error(response, "id_per_user")
    response = client.post(f"/seller/coupons/{template.pk}/edit/", coupon(kind="cash", refund_policy="full_only"))
    assert response.status_code == 302  # a cash coupon loses its threshold with its kind
    template.refresh_from_db()
    assert (template.kind, template.threshold, template.total) == ("cash", 0, 500)


def test_another_stores_coupon_cannot_be_edited_nor_a_stopped_one(client, template, other_store_owner_api):
    theirs = seller_client(other_store_owner_api.user)
    assert theirs.get(f"/seller/coupons/{template.pk}/edit/").status_code == 404
    assert theirs.post(f"/seller/coupons/{template.pk}/edit/", coupon(name="别人改的")).status_code == 404
    services.coupon_template_stop(template=template, by=UserFactory())
    response = client.get(f"/seller/coupons/{template.pk}/edit/")
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.name == "满 100 减 10"


def test_stop_issues_no_more_and_another_stores_coupon_is_not_found(client, store, other_store_owner_api):
    client.post(NEW, coupon())
    mine = CouponTemplate.objects.get()
    assert client.post(f"/seller/coupons/{mine.pk}/stop/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == TemplateStatus.STOPPED
    theirs = seller_client(other_store_owner_api.user)
    assert theirs.post(f"/seller/coupons/{mine.pk}/stop/").status_code == 404
    assert "满 100 减 10" not in html(theirs.get("/seller/coupons/"))


def test_a_clerk_cannot_open_create_or_edit_coupons(store, template):
    clerk = seller_client(MembershipFactory(store=store, role=StaffRole.CLERK).user)
    assert clerk.get("/seller/coupons/").status_code == 403
    assert clerk.get(NEW).status_code == 403
    assert clerk.post(NEW, coupon(name="店员券")).status_code == 403
    assert clerk.get(f"/seller/coupons/{template.pk}/edit/").status_code == 403
    assert clerk.post(f"/seller/coupons/{template.pk}/edit/", coupon(name="店员改的")).status_code == 403
    assert list(CouponTemplate.objects.values_list("name", flat=True)) == ["满 100 减 10"]


def test_a_coupons_statistics_page_shows_issues_uses_and_the_gmv_it_brought(client, store, django_assert_num_queries):
    template = coupon_template(store=store, name="店铺满100减10", per_user=1)
    used, _unused, held = (services.coupon_claim(template=template, user=UserFactory()) for _ in range(3))
    services.coupon_lock(user=used.user, user_coupon_ids=[used.pk], order_no="SO1")
    services.coupon_consume(order_no="SO1", order_amount=Decimal("250.00"))
    services.coupon_lock(user=held.user, user_coupon_ids=[held.pk], order_no="SO2")

    with django_assert_num_queries(6):  # session, user, membership, template, its coupons' aggregate, unread count
        page = html(client.get(f"/seller/coupons/{template.pk}/"))

    figure = r'data-figure="([a-z]+)"><span class="label">[^<]*</span><span class="value">([^<]*)'
    figures = dict(re.findall(figure, page))
    assert figures == {"issued": "3", "used": "1", "gmv": "¥250.00", "waiting": "1"}
    assert "33.33%" in page and "1 held by unpaid orders" in page
    assert f'href="/seller/coupons/{template.pk}/"' in html(client.get("/seller/coupons/"))


def test_another_stores_coupon_statistics_are_not_found_and_a_clerk_cannot_open_them(client, store):
    theirs = coupon_template(store=StoreFactory(), name="别家的券")
    mine = coupon_template(store=store, name="我家的券")
    clerk = UserFactory()
    MembershipFactory(store=store, user=clerk, role=StaffRole.CLERK)

    assert client.get(f"/seller/coupons/{theirs.pk}/").status_code == 404
    assert seller_client(clerk).get(f"/seller/coupons/{mine.pk}/").status_code == 403
