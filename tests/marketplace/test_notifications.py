"""Notifications from domain events (decision 0017): shoppers are told when their order is paid, a parcel ships,
the order is delivered, an after-sales request is decided or arbitrated, a coupon is about to expire; store staff
when an order is paid, after-sales is asked for, a product is approved or rejected. In the message centre
(/me/messages/, /seller/messages/, the unread count in both headers, the API), by e-mail and by SMS as each reader
chose per group, in their language, and never twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.services import products
from coupons import services as coupon_services
from coupons.services.reminders import coupons_expiring_remind
from logistics.models import Carrier
from logistics.tracking import SimulatedTrackingProvider
from marketplace.models import OutboxMessage
from marketplace.notifications.kinds import Channels
from marketplace.notifications.models import Message, NotificationPreference
from marketplace.notifications.services import preferences_update
from marketplace.notifications.sms import SimulatedSmsProvider
from marketplace.tasks import deliver_outbox
from orders.shipping.tracking import parcels_track
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.conftest import client_for
from tests.coupons.factories import coupon_template
from tests.factories import MembershipFactory, OperatorFactory, StoreFactory, UserFactory
from tests.orders.helpers import address_of, pay, sku_of, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def api(member):
    return client_for(member)


@pytest.fixture
def clerk(store):
    return MembershipFactory(store=store, role=StaffRole.CLERK).user


@pytest.fixture(autouse=True)
def no_texts_yet():
    SimulatedSmsProvider.sent.clear()


def browser(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def kinds_of(user, store=None) -> list[str]:
    return list(Message.objects.filter(recipient=user, store=store).order_by("pk").values_list("kind", flat=True))


def paid_order(api, member, store, capture, quantity=1, phone=None):
    """A paid order of the phone (a new product of `store`, approved, unless given): its order number."""
    phone = phone or sku_of(PhoneCatalog().phone(store))
    trade = submit(api, [(phone, quantity)], address=address_of(member).pk, expected=f"{5999 * quantity}.00").json()
    with capture(execute=True):
        pay(api, trade["trade_no"])
    return trade["orders"][0]["order_no"]


# --- Who is told of what


def test_the_shopper_is_told_of_payment_shipping_and_delivery_and_each_staff_member_of_the_paid_order(
    api, member, store, owner, owner_api, clerk, django_capture_on_commit_callbacks
):
    order_no = paid_order(api, member, store, django_capture_on_commit_callbacks)
    parcel = api.get(f"/api/v1/orders/{order_no}/").json()["shipments"][0]
    Carrier.objects.create(name="顺丰速运", code="SF", max_weight_g=30_000, max_volume_mm3=200_000_000)
    shipped = owner_api.post(
        f"/api/v1/seller/shipments/{parcel['id']}/ship/", {"carrier": "SF", "tracking_no": "SF1"}, format="json"
    )
    assert shipped.status_code == 200, shipped.json()
    parcels_track(provider=SimulatedTrackingProvider(clock=lambda: timezone.now() + timedelta(days=5)))

    assert kinds_of(member) == ["order_paid", "order_shipped", "order_delivered"]
    shipped_message = Message.objects.get(recipient=member, kind="order_shipped")
    assert shipped_message.params == {"order_no": order_no, "carrier": "顺丰速运", "tracking_no": "SF1"}
    for staff in (owner, clerk):  # each staff member reads their own copy, in the store's message centre
        assert kinds_of(staff, store=store) == ["product_approved", "store_order_paid"]
        assert kinds_of(staff) == []
    paid = Message.objects.get(recipient=owner, kind="store_order_paid")
    assert paid.params == {"order_no": order_no, "amount": "5999.00"}


def test_the_shopper_is_told_of_each_decision_on_their_after_sales_and_the_store_of_each_request(
    api, member, store, owner, owner_api, django_capture_on_commit_callbacks
):
    order_no = paid_order(api, member, store, django_capture_on_commit_callbacks, quantity=3)
    line = api.get(f"/api/v1/orders/{order_no}/").json()["lines"][0]["id"]

    def ask() -> int:
        body = {"kind": "refund_only", "lines": [{"line": line, "quantity": 1}], "reason": "不想要了"}
        return api.post(f"/api/v1/orders/{order_no}/refunds/", body, format="json").json()["id"]

    approved, rejected, arbitrated = ask(), ask(), ask()
    owner_api.post(f"/api/v1/seller/refunds/{approved}/approve/")
    owner_api.post(f"/api/v1/seller/refunds/{rejected}/reject/", {"reason": "已拆封"})
    owner_api.post(f"/api/v1/seller/refunds/{arbitrated}/reject/", {"reason": "已拆封"})
    api.post(f"/api/v1/refunds/{arbitrated}/escalate/", {"reason": "没拆"})
    client_for(OperatorFactory()).post(
        f"/api/v1/platform/refunds/{arbitrated}/arbitrate/", {"grant": True, "reason": "包装完好"}, format="json"
    )

    assert kinds_of(member) == [
        "order_paid",
        "refund_refunded",
        "refund_rejected",
        "refund_rejected",
        "refund_arbitrated_refunded",
    ]
    rejected_message = Message.objects.filter(recipient=member, kind="refund_rejected").first()
    assert rejected_message.params["reason"] == "已拆封"  # the store's own words, shown as typed
    # The store hears of each request, of the appeal to the platform and of the platform's ruling (issue 13 item 9).
    assert kinds_of(owner, store=store) == [
        "product_approved",
        "store_order_paid",
        *["store_refund_requested"] * 3,
        "store_refund_escalated",
        "store_refund_granted",
    ]
    ruled = Message.objects.get(recipient=owner, kind="store_refund_granted")
    assert ruled.params["reason"] == "包装完好"  # the operator's ruling, as written
    inbox = browser(member).get("/me/messages/").content.decode()
    assert "The store rejected after-sales" in inbox and "已拆封" in inbox


def test_store_staff_are_told_when_the_platform_approves_or_rejects_a_product(store, owner, clerk):
    catalog, operator = PhoneCatalog(), OperatorFactory()
    approved = catalog.phone(store, title="一号 手机", approve=False)
    rejected = catalog.phone(store, title="二号 手机", approve=False)
    for spu in (approved, rejected):
        products.spu_submit(spu=spu, by=owner)

    products.spu_approve(spu=approved, by=operator)
    products.spu_reject(spu=rejected, by=operator, reason="主图不清晰")

    for staff in (owner, clerk):
        assert kinds_of(staff, store=store) == ["product_approved", "product_rejected"]
    page = browser(clerk).get("/seller/messages/").content.decode()
    assert "一号 手机 passed review." in page and "二号 手机 did not pass review." in page and "主图不清晰" in page


def test_a_member_is_told_once_of_each_coupon_about_to_expire(member):
    now = timezone.now()
    soon = coupon_template(name="快到期", valid_to=now + timedelta(days=2))
    later = coupon_template(name="还早", valid_to=now + timedelta(days=20))
    used_up = coupon_template(name="已过期", valid_to=now + timedelta(hours=1))
    for template in (soon, later, used_up):
        coupon_services.coupon_claim(template=template, user=member)
    coupon_services.coupons_expire_due(now=now + timedelta(hours=2))  # the third ran out before the reminder

    told = [coupons_expiring_remind(now=now + timedelta(hours=2 + day * 24)) for day in range(3)]

    assert told == [1, 1, 0]  # seen on two daily runs before it expires, told of once
    [message] = Message.objects.filter(recipient=member)
    assert (message.kind, message.params["coupon"]) == ("coupon_expiring", "快到期")


# --- Channels, languages, once


def test_email_and_sms_follow_the_readers_choices_in_their_language_and_are_sent_once(
    api, member, store, django_capture_on_commit_callbacks
):
    member.email = "shopper@example.com"
    member.save(update_fields=["email"])
    preferences_update(user=member, language="en", groups={"orders": Channels(site=False, email=True, sms=True)})

    order_no = paid_order(api, member, store, django_capture_on_commit_callbacks)
    deliver_outbox()  # the sweep later: nothing is due again

    assert kinds_of(member) == []  # the message centre was turned off for orders
    [email] = mail.outbox
    assert (email.subject, email.to) == ("Order paid", ["shopper@example.com"])
    assert f"order {order_no} has arrived" in email.body and f"/orders/{order_no}/" in email.body
    assert email.extra_headers["Message-ID"].endswith("@127.0.0.1>")
    [sms] = SimulatedSmsProvider.sent.values()
    assert sms.phone == member.phone and sms.text.startswith("【Marketplace】Your payment of ¥5999.00")
    assert OutboxMessage.objects.filter(status="delivered").count() == 2


def test_without_choices_a_reader_gets_the_message_centre_and_email_but_no_sms(
    api, member, store, django_capture_on_commit_callbacks
):
    member.email = "shopper@example.com"
    member.save(update_fields=["email"])

    paid_order(api, member, store, django_capture_on_commit_callbacks)

    assert kinds_of(member) == ["order_paid"]
    [email] = mail.outbox
    assert email.subject == "订单已付款"  # members read Chinese unless they choose otherwise
    assert SimulatedSmsProvider.sent == {}


# --- The message centre: pages, headers, API


def test_the_header_counts_unread_messages_in_one_query_and_opening_one_marks_it_read(
    api, member, store, django_capture_on_commit_callbacks
):
    order_no = paid_order(api, member, store, django_capture_on_commit_callbacks)
    page = browser(member)

    with CaptureQueriesContext(connection) as queries:
        home = page.get("/orders/").content.decode()
    counts = [q["sql"] for q in queries if "marketplace_message" in q["sql"]]
    assert len(counts) == 1 and 'data-testid="unread-messages"' in home and ">1</span>" in home

    message = Message.objects.get(recipient=member)
    opened = page.post(f"/me/messages/{message.pk}/read/")
    assert opened.status_code == 302 and opened["Location"] == f"/orders/{order_no}/"
    message.refresh_from_db()
    assert message.read_at is not None
    assert 'data-testid="unread-messages"' not in page.get("/orders/").content.decode()


def test_an_anonymous_page_counts_nothing():
    with CaptureQueriesContext(connection) as queries:
        home = Client().get("/").content.decode()

    assert not [q for q in queries if "marketplace_message" in q["sql"]]
    assert "unread-messages" not in home


def test_the_seller_header_counts_the_stores_messages_and_read_all_clears_them(
    api, member, store, owner, django_capture_on_commit_callbacks
):
    phone = sku_of(PhoneCatalog().phone(store))  # the owner is told it was approved
    for _ in range(2):
        paid_order(api, member, store, django_capture_on_commit_callbacks, phone=phone)
    page = browser(owner)

    assert Message.objects.filter(recipient=owner, store=store, read_at__isnull=True).count() == 3
    assert ">3</span>" in page.get("/seller/").content.decode()
    listed = page.get("/seller/messages/").content.decode()
    assert listed.count("New paid order") == 2 and listed.count("Product approved") == 1

    assert page.post("/seller/messages/read-all/").status_code == 302
    assert not Message.objects.filter(recipient=owner, read_at__isnull=True).exists()
    assert 'data-testid="unread-messages"' not in page.get("/seller/").content.decode()
    other_store_owner = MembershipFactory(store=StoreFactory()).user
    assert "New paid order" not in browser(other_store_owner).get("/seller/messages/").content.decode()


def test_the_api_lists_messages_with_their_words_and_the_unread_count_and_marks_one_read(
    api, member, store, django_capture_on_commit_callbacks
):
    order_no = paid_order(api, member, store, django_capture_on_commit_callbacks)

    listed = api.get("/api/v1/me/messages/").json()
    [message] = listed["results"]
    assert (listed["count"], listed["unread"]) == (1, 1)
    assert message | {"id": 0, "created_at": ""} == {
        "id": 0,
        "kind": "order_paid",
        "group": "orders",
        "title": "Order paid",
        "body": f"Your payment of ¥5999.00 for order {order_no} has arrived; the store is getting it ready.",
        "note": "",
        "link": f"/orders/{order_no}/",
        "params": {"order_no": order_no, "amount": "5999.00"},
        "store": None,
        "created_at": "",
        "read_at": None,
    }
    chinese = api.get("/api/v1/me/messages/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"][0]
    assert chinese["title"] == "订单已付款"

    read = api.post(f"/api/v1/me/messages/{message['id']}/read/")
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert api.get("/api/v1/me/messages/?unread=true").json() | {"results": []} == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
        "unread": 0,
    }
    assert client_for(UserFactory()).post(f"/api/v1/me/messages/{message['id']}/read/").status_code == 404


def test_preferences_are_read_and_changed_group_by_group(api, member):
    before = api.get("/api/v1/me/notification-preferences/").json()
    assert before["language"] == "zh-hans"
    assert [(g["group"], g["site"], g["email"], g["sms"]) for g in before["groups"]] == [
        ("orders", True, True, False),
        ("aftersales", True, True, False),
        ("coupons", True, True, False),
        ("products", True, True, False),
        ("stores", True, True, False),
    ]

    changed = api.put(
        "/api/v1/me/notification-preferences/",
        {"language": "en", "groups": [{"group": "coupons", "site": False, "email": False, "sms": True}]},
        format="json",
    )

    assert changed.status_code == 200
    assert changed.json()["language"] == "en"
    assert {g["group"]: (g["site"], g["email"], g["sms"]) for g in changed.json()["groups"]}["coupons"] == (
        False,
        False,
        True,
    )
    assert NotificationPreference.objects.filter(user=member).count() == 1
    for bad in (
        {"groups": [{"group": "everything", "site": True, "email": True, "sms": True}]},
        {"groups": [{"group": "orders", "site": True, "email": True, "sms": True}] * 2},
        {"groups": [{"group": "orders", "site": "yes", "email": True, "sms": True}]},
        {"language": "fr"},
        {"volume": "loud"},
    ):
        response = api.put("/api/v1/me/notification-preferences/", bad, format="json")
        assert (response.status_code, response.json()["code"]) == (400, "validation_error"), bad
    assert NotificationPreference.objects.filter(user=member).count() == 1


def test_the_preferences_form_saves_every_groups_channels(member):
    page = browser(member)

    response = page.post("/me/messages/preferences/", {"language": "en", "orders-site": "on", "orders-sms": "on"})

    assert response.status_code == 302
    chosen = {row.group: (row.site, row.email, row.sms) for row in NotificationPreference.objects.filter(user=member)}
    assert chosen == {
        "orders": (True, False, True),
        "aftersales": (False, False, False),
        "coupons": (False, False, False),
        "products": (False, False, False),
        "stores": (False, False, False),
    }
    member.refresh_from_db()
    assert member.language == "en"
