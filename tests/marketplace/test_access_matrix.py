"""Every route of the URL configuration, called by each of nine roles, answers what the access table
(tests/marketplace/access_matrix.py) says; a route without a row, or a row without a route, fails.

One marketplace is built once: two third-party stores (the first with a clerk, a manager and an owner, the second
with its owner), two franchise stores and HQ for the listing routes, two shoppers, an operator and a finance user;
and of the first store and the first shopper one object of each kind a path names. Every role is then given the
first store's and the first shopper's ids. Each call runs in a savepoint that is rolled back, so every role meets
the same marketplace; a refused write must not have written a row even there, and another shopper or another store
must never read the first one's order numbers, addresses, staff or warehouses."""

import itertools
import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from http.cookies import SimpleCookie
from io import BytesIO

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from PIL import Image

from catalog.models import Sku
from catalog.services import listings, products, stock
from catalog.services.images import spu_image_add
from companies import services as company_services
from companies.credit import services as credit_services
from companies.credit_code import check_character
from companies.deals import services as deal_services
from companies.deals.services import LineChange, WantedLine
from companies.models import Company, CreditNote, CreditOrder, Deal, DealStatus
from groupbuys.models import Group, GroupStatus
from groupbuys.models import Member as GroupMember
from logistics.models import Carrier
from marketplace import health
from marketplace.models import Region
from marketplace.notifications.models import Message
from members.models import Address, Role, User
from orders.models import Payment, PosAccount, Refund, StoreOrder
from orders.payment.gateways import SimulatedGateway
from orders.payment.services import payment_succeeded
from orders.pos.services import PosLine, Tender, pos_sale
from orders.shipping.services import parcel_ship
from presales.models import PresaleDeposit
from settlement.models import Adjustment, Bill, BillRun, Statement, StatementItem
from stores.invitations import invitation_code_for
from stores.models import StaffRole, StoreStatus, StoreType
from stores.services import store_apply, store_reject
from tests.catalog.factories import PhoneCatalog, StorefrontCategoryFactory
from tests.conftest import client_for, english_client
from tests.factories import PASSWORD, MembershipFactory, OperatorFactory, StoreFactory, UserFactory, WarehouseFactory
from tests.marketplace.access_matrix import ROLES, TABLE
from tests.orders.helpers import address_of, callback
from vouchers.models import Voucher, VoucherTerms

# Admin URLs are Django's, made per registered model: the table has the index, the login and each model's list.
ADMIN = "/admin/"
# The benchmark's floor view, routed only in benchmark runs (settings.BENCH_FLOOR_DIR), never in the site's.
SKIPPED = ("/__bench__/",)
# The table's sections: whose staff the store roles are.
FRANCHISE, THIRD_PARTY = "franchise", "third_party"
# Bookkeeping a refused request may write without changing anything a user owns: the session it is served in.
BOOKKEEPING = {"django_session"}


# --- The table


@dataclass(frozen=True)
class Row:
    route: str
    method: str
    expected: dict[str, str]
    stores: str
    why: str


def table_rows() -> dict[tuple[str, str], Row]:
    rows: dict[tuple[str, str], Row] = {}
    stores = THIRD_PARTY
    for line in TABLE.strip().splitlines()[1:]:
        text, _, why = line.partition("#")
        if section := re.fullmatch(r"\[stores: (\w+)\]", text.strip()):
            stores = section[1]
            continue
        cells = text.split()
        if not cells:
            continue
        assert len(cells) == 2 + len(ROLES), f"a row has a route, a method and {len(ROLES)} answers: {line!r}"
        route, method, *answers = cells
        assert (route, method) not in rows, f"two rows for {method} {route}"
        rows[route, method] = Row(route, method, dict(zip(ROLES, answers, strict=True)), stores, why.strip())
    return rows


def spelled(route: str) -> str:
    """A resolver route as the table spells it: after a slash, a regular expression's groups as <name>."""
    if route.startswith("^"):
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route.strip("^$"))
    return "/" + route


def api_methods(pattern: URLPattern) -> list[str]:
    """The methods an API view answers (every DRF view class says which it implements); [] for a page."""
    view_class = getattr(pattern.callback, "cls", None) or getattr(pattern.callback, "view_class", None)
    if view_class is None or not hasattr(view_class, "permission_classes"):
        return []
    return [method.upper() for method in ("get", "post", "put", "patch", "delete") if hasattr(view_class, method)]


def resolver_routes(resolver=None, prefix: str = ""):
    """(route as the table spells it, the API methods or [] for a page) of every route but the admin's."""
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if spelled(route).startswith((ADMIN, *SKIPPED)):
            continue
        if isinstance(pattern, URLResolver):
            yield from resolver_routes(pattern, route)
        else:
            yield spelled(route), api_methods(pattern)


def admin_routes() -> list[str]:
    models = [f"{ADMIN}{model._meta.app_label}/{model._meta.model_name}/" for model in admin.site._registry]
    return [ADMIN, f"{ADMIN}login/", *models]


def test_every_route_and_api_method_has_a_row():
    rows = table_rows()
    routes_with_a_row = {route for route, _method in rows}
    missing = []
    for route, methods in resolver_routes():
        if methods:  # an API view: each method it answers has its row
            missing += [f"{method} {route}" for method in methods if (route, method) not in rows]
        elif route not in routes_with_a_row:  # a page: its row says which methods matter (GET, or its form's POST)
            missing.append(f"a page {route}")
    missing += [f"GET {route}" for route in admin_routes() if (route, "GET") not in rows]

    assert not missing, "routes without a row in tests/marketplace/access_matrix.py: " + "; ".join(missing)


def test_every_row_is_a_route_and_method_the_site_has():
    routes = dict(resolver_routes()) | {route: ["GET"] for route in admin_routes()}
    stale = [
        f"{method} {route}"
        for route, method in table_rows()
        if route not in routes or (routes[route] and method not in routes[route])
    ]

    assert not stale, "rows of tests/marketplace/access_matrix.py the site does not answer: " + "; ".join(stale)


# --- The marketplace every role meets


@dataclass
class World:
    users: dict[str, dict[str, User]] = field(default_factory=dict)  # stores -> role -> user
    ids: dict[str, str] = field(default_factory=dict)  # object name -> the id a path takes
    private: list[str] = field(default_factory=list)  # what only the first store and the first shopper may read
    payment: Payment | None = None
    catalog: PhoneCatalog | None = None


def picture() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (64, 48), "navy").save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def place(api, address: Address, sku: Sku, quantity: int) -> dict:
    """Submit one line at its previewed total, no coupon: the trade's JSON."""
    body = {"lines": [{"sku": sku.pk, "quantity": quantity}], "address": address.pk, "coupons": []}
    payable = api.post("/api/v1/checkout/preview/", body, format="json").json()["payable"]
    placed = api.post(
        "/api/v1/checkout/submit/",
        {**body, "expected_payable": payable},
        format="json",
        HTTP_IDEMPOTENCY_KEY=secrets.token_hex(8),
    )
    assert placed.status_code == 201, placed.json()
    return placed.json()


def paid(api, address, sku, quantity, capture) -> StoreOrder:
    """A paid order, split into its parcel by the job that runs when the payment commits."""
    trade = place(api, address, sku, quantity)
    payment = api.post(f"/api/v1/payments/{trade['trade_no']}/", {"method": "simulated"}, format="json").json()
    with capture(execute=True):
        assert callback(api, payment["payment_no"], payment["amount"]).status_code == 200
    return StoreOrder.objects.get(order_no=trade["orders"][0]["order_no"])


def received_order(api, address, sku, capture, staff) -> StoreOrder:
    """A paid order whose parcel is shipped and whose receipt the shopper confirmed."""
    order = paid(api, address, sku, 1, capture)
    carrier = Carrier.objects.get(code="SF")
    parcel_ship(parcel=order.parcels.get(), carrier=carrier, tracking_no=f"SF{order.pk}", by=staff[StaffRole.CLERK])
    assert api.post(f"/api/v1/orders/{order.order_no}/confirm-receipt/").status_code == 200
    return StoreOrder.objects.get(pk=order.pk)


def ask_refund(api, order: StoreOrder, kind: str = "refund_only") -> Refund:
    line = order.lines.get()
    body = {"kind": kind, "lines": [{"line": line.pk, "quantity": 1}], "reason": "不想要了"}
    response = api.post(f"/api/v1/orders/{order.order_no}/refunds/", body, format="json")
    assert response.status_code == 201, response.json()
    return Refund.objects.get(pk=response.json()["id"])


def build_world(capture) -> World:
    world = World(catalog=PhoneCatalog())
    catalog = world.catalog
    operator = OperatorFactory(username="platform_operator")
    finance = UserFactory(username="platform_finance", is_staff=True, roles=[Role.FINANCE])
    shopper, other_shopper = UserFactory(username="shopper_one"), UserFactory(username="shopper_two")
    store, other_store = StoreFactory(name="甲店"), StoreFactory(name="乙店")
    staff = {role: MembershipFactory(store=store, role=role).user for role in StaffRole.values}
    other_owner = MembershipFactory(store=other_store, role=StaffRole.OWNER).user
    world.users[THIRD_PARTY] = {
        "shop": shopper,
        "shop2": other_shopper,
        "clerk": staff[StaffRole.CLERK],
        "mgr": staff[StaffRole.MANAGER],
        "owner": staff[StaffRole.OWNER],
        "owner2": other_owner,
        "oper": operator,
        "fin": finance,
    }
    owner_api, shopper_api = client_for(staff[StaffRole.OWNER]), client_for(shopper)

    # Goods: one on the shelf with stock in the store's own warehouse, one draft, one waiting for review, one taken
    # off the shelf; a picture; the other store has goods and a warehouse of its own.
    warehouse = WarehouseFactory(store=store, name="甲店私仓", region_id="310115")
    WarehouseFactory(store=other_store, name="乙店仓")
    on_shelf = catalog.phone(store, title="甲店 Mate 手机", stock=0, by=operator)
    sku = on_shelf.skus.order_by("pk").first()
    stock.stock_adjust(sku=sku, warehouse=warehouse, delta=100, reason="stock-in", by=None)
    draft = catalog.phone(store, title="甲店 草稿 手机", stock=0, approve=False)
    pending = catalog.phone(store, title="甲店 待审 手机", stock=0, approve=False)
    products.spu_submit(spu=pending, by=staff[StaffRole.OWNER])
    off_shelf = catalog.phone(store, title="甲店 下架 手机", stock=0, by=operator)
    products.spu_take_off_shelf(spu=off_shelf, by=staff[StaffRole.OWNER])
    image = spu_image_add(spu=on_shelf, by=staff[StaffRole.OWNER], image=picture(), kind="main")
    catalog.phone(other_store, title="乙店 手机", stock=0, by=operator)
    category = StorefrontCategoryFactory(backend_categories=[catalog.phones])
    Carrier.objects.create(name="顺丰速运", code="SF", max_weight_g=30_000, max_volume_mm3=200_000_000)

    # Marketing: a promotion, a public store coupon the shopper holds, a platform coupon with a redeem code.
    promotion = owner_api.post(
        "/api/v1/seller/promotions/",
        {
            "name": "甲店折扣",
            "kind": "item_discount",
            "scope": {"skus": [sku.pk]},
            "rules": {"percent": "90"},
            **window(),
        },
        format="json",
    )
    assert promotion.status_code == 201, promotion.json()
    # One that starts tomorrow, which its store may still change (a gift: no rival of the rows' new promotions).
    soon = timezone.now() + timedelta(days=1)
    promotion_soon = owner_api.post(
        "/api/v1/seller/promotions/",
        {
            "name": "甲店明日赠品",
            "kind": "gift",
            "scope": {"all": True},
            "rules": {"gifts": [{"sku": sku.pk, "quantity": 1}]},
            "starts_at": soon.isoformat(),
            "ends_at": (soon + timedelta(days=7)).isoformat(),
        },
        format="json",
    )
    assert promotion_soon.status_code == 201, promotion_soon.json()
    # A draft flash-sale session of the store, tomorrow: its managers may publish it.
    flash_session = owner_api.post("/api/v1/seller/flash-sessions/", flash_session_body_for(sku.pk), format="json")
    assert flash_session.status_code == 201, flash_session.json()
    # A live group buy of the store, and a group of it open to join.
    group_buy = owner_api.post("/api/v1/seller/group-buys/", group_buy_body_for(sku.pk), format="json")
    assert group_buy.status_code == 201, group_buy.json()
    group = Group.objects.create(
        campaign_id=group_buy.json()["id"],
        opener=other_shopper,
        size=2,
        status=GroupStatus.OPEN,
        opened_at=timezone.now(),
        expires_at=timezone.now() + timedelta(hours=24),
    )
    # Auctions: a draft its managers may publish or cancel, and a running one the shopper paid the deposit of.
    auction_draft = owner_api.post("/api/v1/seller/auctions/", auction_body_for(sku.pk), format="json")
    assert auction_draft.status_code == 201, auction_draft.json()
    running = owner_api.post("/api/v1/seller/auctions/", auction_body_for(sku.pk, starts_in=-1), format="json")
    assert owner_api.post(f"/api/v1/seller/auctions/{running.json()['id']}/publish/").status_code == 200
    deposit = shopper_api.post(f"/api/v1/auctions/{running.json()['id']}/deposit/", {"method": "simulated"})
    deposit_payment = payment_succeeded(
        gateway="simulated",
        event_id="auction-deposit",
        payment_no=deposit.json()["payment_no"],
        amount=Decimal(deposit.json()["amount"]),
        payload={},
    )
    assert deposit_payment.status == "succeeded"
    # A draft presale of the store (its managers may publish or cancel it), and one published, whose page is public.
    presale = owner_api.post("/api/v1/seller/presales/", presale_body_for(sku.pk), format="json")
    assert presale.status_code == 201, presale.json()
    presale_live = owner_api.post("/api/v1/seller/presales/", presale_body_for(sku.pk), format="json").json()
    assert owner_api.post(f"/api/v1/seller/presales/{presale_live['id']}/publish/").status_code == 200
    coupon = owner_api.post("/api/v1/seller/coupon-templates/", coupon_body("甲店券"), format="json")
    assert coupon.status_code == 201, coupon.json()
    assert shopper_api.post(f"/api/v1/coupons/{coupon.json()['id']}/claim/").status_code == 201
    operator_api = client_for(operator)
    platform_coupon = operator_api.post("/api/v1/platform/coupon-templates/", coupon_body("平台券"), format="json")
    assert platform_coupon.status_code == 201, platform_coupon.json()
    batch = operator_api.post(
        "/api/v1/platform/redeem-batches/",
        {
            "name": "礼品码",
            "template": platform_coupon.json()["id"],
            "quantity": 1,
            "redeemable_to": (timezone.now() + timedelta(days=30)).isoformat(),
        },
        format="json",
    )
    assert batch.status_code == 201, batch.json()
    freight = owner_api.post(
        "/api/v1/seller/freight-templates/", {"name": "甲店秘密运费", "basis": "free"}, format="json"
    )
    assert freight.status_code == 201, freight.json()

    # The shopper's orders: one waiting for payment (its payment started), one paid and packed, one shipped with
    # four after-sales requests in four states; an item in the cart. The other shopper has an address too.
    address = address_of(shopper)
    address.detail = "甲方秘密路 1 号"
    address.save(update_fields=["detail"])
    address_of(other_shopper)
    waiting = place(shopper_api, address, sku, 1)
    started = shopper_api.post(f"/api/v1/payments/{waiting['trade_no']}/", {"method": "simulated"}, format="json")
    world.payment = Payment.objects.get(payment_no=started.json()["payment_no"])
    packed = paid(shopper_api, address, sku, 2, capture)
    shipped = paid(shopper_api, address, sku, 5, capture)
    parcel_ship(
        parcel=shipped.parcels.get(),
        carrier=Carrier.objects.get(code="SF"),
        tracking_no="SF100",
        by=staff[StaffRole.CLERK],
    )
    requested = ask_refund(shopper_api, shipped)
    returning = ask_refund(shopper_api, shipped, kind="return_refund")
    assert owner_api.post(f"/api/v1/seller/refunds/{returning.pk}/approve/").status_code == 200
    rejected = ask_refund(shopper_api, shipped)
    arbitrating = ask_refund(shopper_api, shipped)
    for refund in (rejected, arbitrating):
        response = owner_api.post(f"/api/v1/seller/refunds/{refund.pk}/reject/", {"reason": "已拆封"}, format="json")
        assert response.status_code == 200, response.json()
    assert shopper_api.post(f"/api/v1/refunds/{arbitrating.pk}/escalate/").status_code == 200
    # Two received orders: a line to review, and a line reviewed (to follow up and reply to).
    received, reviewed = (received_order(shopper_api, address, sku, capture, staff) for _ in range(2))
    reviewed_line = reviewed.lines.get()
    review = shopper_api.post(
        f"/api/v1/orders/{reviewed.order_no}/lines/{reviewed_line.pk}/review/",
        {"stars": 5, "text": "好"},
        format="json",
    )
    assert review.status_code == 201, review.json()
    cart = shopper_api.post("/api/v1/cart/items/", {"sku": sku.pk, "quantity": 1}, format="json")
    # The shopper keeps the product and its store among their favourites.
    for favourite in ({"spu": on_shelf.pk}, {"store": store.pk}):
        kind = "products" if "spu" in favourite else "stores"
        assert shopper_api.post(f"/api/v1/me/favourites/{kind}/", favourite, format="json").status_code == 201
    assert cart.status_code == 201, cart.json()

    bill_run = BillRun.objects.create(until=timezone.localdate())
    bill = Bill.objects.create(
        bill_no="B-access", store=store, run=bill_run, period_start=bill_run.until, period_end=bill_run.until
    )
    adjustment = Adjustment.objects.create(
        bill=bill, amount=Decimal("5.00"), reason="补差", proposed_by=UserFactory(roles=[Role.FINANCE], is_staff=True)
    )
    statement = Statement.objects.create(gateway="simulated", day=bill_run.until, imported_by=adjustment.proposed_by)
    difference = StatementItem.objects.create(
        statement=statement, kind="payment", reference="PX-1", their_amount=Decimal("1.00"), result="only_in_statement"
    )
    # The shopper's deposit on the live presale, not paid yet (on the unpaid order): withdrawing it is refused (409).
    presale_deposit = PresaleDeposit.objects.create(
        presale_id=presale_live["id"],
        user=shopper,
        quantity=1,
        deposit_order=StoreOrder.objects.get(order_no=waiting["orders"][0]["order_no"]),
    )
    # The shopper's place in the open group, on the same unpaid order (a row of its own: "my groups" reads it).
    group_place = GroupMember.objects.create(
        group=group, user=shopper, order=presale_deposit.deposit_order, quantity=1, is_opener=False
    )
    # A product of the store sold as e-vouchers (the draft: it sells nothing here) and a voucher of the shopper's, on
    # the packed order's line: its clerks redeem it (valid in the selling store alone), the shopper has it refunded.
    voucher_terms = VoucherTerms.objects.create(spu=draft, valid_days=30, updated_by=staff[StaffRole.OWNER])
    packed_line = packed.lines.get()
    voucher = Voucher.objects.create(
        code="202612070001",
        user=shopper,
        order=packed,
        line=packed_line,
        serial=1,
        terms=voucher_terms,
        title=packed_line.title,
        uses=1,
        uses_left=1,
        value=packed_line.payable / 2,
        starts_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=30),
    )
    world.ids = {
        "voucher": str(voucher.pk),
        "voucher_code": voucher.code,
        "adjustment": str(adjustment.pk),
        "statement": str(statement.pk),
        "statement_item": str(difference.pk),
        "bill": str(bill.pk),
        "bill_run": str(bill_run.pk),
        "spu": str(on_shelf.pk),
        "sku": str(sku.pk),
        "draft_spu": str(draft.pk),
        "pending_spu": str(pending.pk),
        "off_shelf_spu": str(off_shelf.pk),
        "image": str(image.pk),
        "category": str(category.pk),
        "warehouse": str(warehouse.pk),
        "promotion": str(promotion.json()["id"]),
        "promotion_soon": str(promotion_soon.json()["id"]),
        "flash_session": str(flash_session.json()["id"]),
        "group_buy": str(group_buy.json()["id"]),
        "group": str(group.pk),
        "auction": str(running.json()["id"]),
        "auction_draft": str(auction_draft.json()["id"]),
        "presale": str(presale.json()["id"]),
        "presale_live": str(presale_live["id"]),
        "presale_deposit": str(presale_deposit.pk),
        "group_place": str(group_place.pk),
        "coupon": str(coupon.json()["id"]),
        "platform_coupon": str(platform_coupon.json()["id"]),
        "redeem_code": batch.json()["codes"][0],
        "freight_template": str(freight.json()["id"]),
        "address": str(address.pk),
        "cart_item": str(cart.json()["stores"][0]["lines"][0]["id"]),
        "trade": waiting["trade_no"],
        "waiting_order": waiting["orders"][0]["order_no"],
        "packed_order": packed.order_no,
        "shipped_order": shipped.order_no,
        "received_order": received.order_no,
        "received_line": str(received.lines.get().pk),
        "review": str(review.json()["id"]),
        "parcel": str(packed.parcels.get().pk),
        "requested_refund": str(requested.pk),
        "returning_refund": str(returning.pk),
        "rejected_refund": str(rejected.pk),
        "arbitrating_refund": str(arbitrating.pk),
        "payment": world.payment.payment_no,
        "store": str(store.pk),
        "applying_store": str(StoreFactory(status=StoreStatus.APPLYING).pk),
        "document_kind": "business_licence",
        "clerk_membership": str(staff[StaffRole.CLERK].store_membership.pk),
        # The clerk's member QR code (its /join/ link) and the store's own code, for its owner to regenerate.
        "join_code": invitation_code_for(store=store, staff=staff[StaffRole.CLERK]).code,
        "invitation_code": str(invitation_code_for(store=store).pk),
        # What the shopper and the owner were told when the packed order was paid.
        "message": str(
            Message.objects.get(
                recipient=shopper, key__startswith="order_event:", kind="order_paid", params__order_no=packed.order_no
            ).pk
        ),
        "store_message": str(
            Message.objects.get(
                recipient=staff[StaffRole.OWNER], kind="store_order_paid", params__order_no=packed.order_no
            ).pk
        ),
    }
    # The shopper's application to open a store, rejected: theirs to read, correct and resubmit (/me/store/).
    application = store_apply(
        applicant=shopper, **store_application_body(world), business_licence=picture(), id_card=picture()
    )
    store_reject(store=application, by=operator, reason="甲方执照模糊")
    build_companies(world, shopper=shopper, operator=operator, store=store, sku=sku)
    build_deals(world, shopper=shopper, staff=staff, sku=sku)
    build_counter(world, store=store, sku=sku, clerk=staff[StaffRole.CLERK])
    preview = shopper_api.post("/api/v1/checkout/preview/", {**checkout_body(world), "coupons": []}, format="json")
    world.ids["expected_payable"] = preview.json()["payable"]
    world.private = [
        waiting["trade_no"],
        waiting["orders"][0]["order_no"],
        packed.order_no,
        shipped.order_no,
        received.order_no,
        reviewed.order_no,
        world.payment.payment_no,
        *Refund.objects.filter(order=shipped).values_list("refund_no", flat=True),
        "甲方秘密路",
        "甲店私仓",
        "甲店秘密运费",
        "甲店 草稿",
        staff[StaffRole.CLERK].username,
        staff[StaffRole.MANAGER].username,
        "甲方开店申请",
        "甲方执照模糊",
        "甲方公司秘密仓",
        "甲方协议价",
        world.ids["counter_sale"],
        "甲店挂账客户",
    ]
    build_franchises(world, operator)
    return world


def build_companies(world: World, *, shopper: User, operator: User, store, sku) -> None:
    """The shopper buys for an approved company (its admin) with a finance user, an address and an invoice title;
    the store agreed a price list with it from tomorrow (today's prices stay as they were); another company waits
    for review (decision 0039)."""
    company = company_services.company_register(user=shopper, name="甲方公司", credit_code="91350100M000100Y43")
    company_services.company_approve(company=company, by=operator)
    Company.objects.filter(pk=company.pk).update(credit_limit=Decimal("1000.00"))
    on_credit = [credit_services.OrderOnCredit(2**40, "O-WORLD", store.pk, Decimal("100.00"))]
    credit_services.credit_hold(
        company_id=company.pk, amount=Decimal("100.00"), reference="P-WORLD", by=shopper, orders=on_credit
    )
    statement = credit_services.statement_issue(company=company, month=timezone.localdate())
    credit_note = CreditNote.objects.create(  # what a refund of a repaid order left the company owed (decision 0043)
        company=company, credit_order=CreditOrder.objects.get(order_no="O-WORLD"), refund_no="R-WORLD", amount=10
    )
    finance = UserFactory(username="company_finance")
    UserFactory(username="company_newcomer")
    tomorrow = timezone.localdate() + timedelta(days=1)
    world.ids |= {
        "company_member": str(
            company_services.company_member_add(company=company, by=shopper, login=finance.username, role="finance").pk
        ),
        "company_address": str(
            company_services.company_address_create(
                company=company,
                by=shopper,
                name="甲方仓库",
                phone="13900000001",
                region=Region.objects.get(pk="310104"),
                detail="甲方公司秘密仓",
            ).pk
        ),
        "invoice_title": str(
            company_services.invoice_title_create(
                company=company, by=shopper, title="甲方公司", tax_number="91350100M000100Y43"
            ).pk
        ),
        "price_list": str(
            company_services.price_list_create(
                store=store,
                by=operator,
                company_id=company.pk,
                name="甲方协议价",
                valid_from=tomorrow,
                valid_to=tomorrow + timedelta(days=30),
                items={sku.pk: Decimal("1.00")},
            ).pk
        ),
        "company": str(company.pk),
        "credit_statement": str(statement.pk),
        "credit_note": str(credit_note.pk),
        "pending_company": str(
            company_services.company_register(user=UserFactory(), name="待审公司", credit_code="9144030071526726XG").pk
        ),
    }


def build_deals(world: World, *, shopper: User, staff: dict, sku) -> None:
    """Three of the company's deals with the first store (decision 0042): one offered to the shopper, one a clerk
    priced 20 % off waiting for a manager, and one ordered (its contract to read and confirm)."""
    valid_until = timezone.localdate() + timedelta(days=7)

    def priced(percent: str, by: User) -> Deal:
        deal = deal_services.deal_request(user=shopper, lines=[WantedLine(sku.pk, 2)], note="甲方询价")
        line = deal.lines.get()
        price = (sku.price * Decimal(percent) / 100).quantize(Decimal("0.01"))
        return deal_services.deal_propose(
            deal=deal, by=by, changes=[LineChange(line.pk, unit_price=price)], valid_until=valid_until
        )

    offered = priced("100", staff[StaffRole.CLERK])
    awaiting = priced("80", staff[StaffRole.CLERK])
    ordered = priced("100", staff[StaffRole.CLERK])
    Deal.objects.filter(pk=ordered.pk).update(status=DealStatus.ORDERED, trade_no="T-DEAL", order_no="S-DEAL")
    world.ids |= {
        "offered_deal": str(offered.pk),
        "offered_deal_line": str(offered.lines.get().pk),
        "awaiting_deal": str(awaiting.pk),
        "ordered_deal": str(ordered.pk),
    }


def fresh_credit_code() -> str:
    """A valid code not registered yet, for each call that registers a company."""
    body = f"91310000{next(CREDIT_CODES):09d}"
    return body + check_character(body)


CREDIT_CODES = itertools.count(1)


def build_counter(world: World, *, store, sku, clerk: User) -> None:
    """A cash sale at the first store's counter (its receipt, its refund) and a customer's account (repayments)."""
    sale = pos_sale(
        store=store, clerk=clerk, lines=[PosLine(sku.pk, 1)], member=None, tender=Tender("cash", Decimal("99999.00"))
    )
    account = PosAccount.objects.create(store=store, kind="on_account", name="甲店挂账客户", credit_limit=Decimal(1000))
    world.ids |= {"counter_sale": sale.trade.trade_no, "pos_account": str(account.pk)}


def build_franchises(world: World, operator: User) -> None:
    """HQ with two products on sale; a franchise store with its staff lists the first; another franchise store."""
    hq = StoreFactory(type=StoreType.SELF_OPERATED, name="HQ 自营")
    listed = world.catalog.phone(hq, title="HQ 一号 手机", stock=0, by=operator)
    unlisted = world.catalog.phone(hq, title="HQ 二号 手机", stock=0, by=operator)
    franchise = StoreFactory(type=StoreType.FRANCHISE, name="西湖加盟店")
    other_franchise = StoreFactory(type=StoreType.FRANCHISE, name="滨江加盟店")
    staff = {role: MembershipFactory(store=franchise, role=role).user for role in StaffRole.values}
    listing = listings.listing_create(store=franchise, spu=listed, by=staff[StaffRole.OWNER])
    world.users[FRANCHISE] = {
        **world.users[THIRD_PARTY],
        "clerk": staff[StaffRole.CLERK],
        "mgr": staff[StaffRole.MANAGER],
        "owner": staff[StaffRole.OWNER],
        "owner2": MembershipFactory(store=other_franchise, role=StaffRole.OWNER).user,
    }
    world.ids |= {"listing": str(listing.pk), "hq_spu": str(unlisted.pk), "listed_sku": str(listed.skus.first().pk)}


def window() -> dict:
    now = timezone.now()
    return {"starts_at": (now - timedelta(days=1)).isoformat(), "ends_at": (now + timedelta(days=7)).isoformat()}


def coupon_body(name: str) -> dict:
    now = timezone.now()
    return {
        "name": name,
        "kind": "threshold",
        "value": "30.00",
        "threshold": "200.00",
        "goods": {"all": True},
        "valid_from": (now - timedelta(days=1)).isoformat(),
        "valid_to": (now + timedelta(days=30)).isoformat(),
        "total": 500,
        "per_user": 5,
        "per_user_per_day": 5,
        "issue_mode": "both",
        "public": True,
    }


# --- How each row is called


@dataclass(frozen=True)
class Call:
    """What a row sends: the objects its path names where the default would not do (`ids`: path parameter ->
    object name), its body (a function of the world, so that each call gets fresh files), its encoding for the
    API ("json", "multipart", or "signed": the raw JSON with the simulated gateway's signature), headers and query."""

    ids: dict[str, str] = field(default_factory=dict)
    body: object = None
    format: str = "json"
    headers: dict[str, str] = field(default_factory=dict)
    query: str = ""


# The object each path parameter names unless the row's Call says otherwise.
DEFAULT_IDS = {
    "spu_id": "spu",
    "image_id": "image",
    "listing_id": "listing",
    "category_id": "category",
    "item_id": "cart_item",
    "trade_no": "trade",
    "order_no": "packed_order",
    "refund_id": "requested_refund",
    "parcel_id": "parcel",
    "promotion_id": "promotion",
    "session_id": "flash_session",
    "campaign_id": "group_buy",
    "group_id": "group",
    "auction_id": "auction",
    "presale_id": "presale",
    "deposit_id": "presale_deposit",
    "place_id": "group_place",
    "voucher_id": "voucher",
    "sku_id": "sku",
    "address_id": "address",
    "store_id": "store",
    "membership_id": "clerk_membership",
    "payment_no": "payment",
    "message_id": "message",
    "bill_id": "bill",
    "run_id": "bill_run",
    "adjustment_id": "adjustment",
    "statement_id": "statement",
    "line_id": "received_line",
    "review_id": "review",
    "code": "join_code",
    "code_id": "invitation_code",
    "member_id": "company_member",
    "company_address_id": "company_address",
    "invoice_title_id": "invoice_title",
    "price_list_id": "price_list",
    "account_id": "pos_account",
    "company_id": "pending_company",
    "credit_statement_id": "credit_statement",
    "credit_note_id": "credit_note",
    "deal_id": "offered_deal",
}


def template_of(route: str) -> str:
    """`template_id` names a freight template, a platform coupon or the store's coupon, by the route."""
    if "freight" in route:
        return "freight_template"
    return "platform_coupon" if "/platform/" in route else "coupon"


def address_body(world) -> dict:
    return {"name": "李四", "phone": "13912340000", "region": "310104", "detail": "新地址 2 号"}


def address_form() -> dict:
    """The address form of the member's pages (members.forms.AddressForm) as a browser posts it."""
    return {
        "address-name": "李四",
        "address-phone": "13912340000",
        "address-province": "310000",
        "address-city": "310100",
        "address-district": "310104",
        "address-detail": "新地址 2 号",
    }


def store_application_body(world) -> dict:
    return {
        "name": "甲方开店申请",
        "type": "third_party",
        "phone": "13811112222",
        "region": Region.objects.get(pk="310104"),
        "address": "漕溪北路 88 号",
        "latitude": Decimal("31.188000"),
        "longitude": Decimal("121.437000"),
        "business_categories": [world.catalog.phones.get_root().pk],
        "contact_name": "王芳",
        "contact_phone": "13811112222",
    }


def store_application_form(world) -> dict:
    """The application page's form: its region as the province, city and district selects send it."""
    body = store_application_body(world)
    return {
        **{name: value for name, value in body.items() if name != "region"},
        "name": "乙方开店申请",
        "province": "310000",
        "city": "310100",
        "district": "310104",
        "business_licence": picture(),
        "id_card": picture(),
    }


def promotion_body(world) -> dict:
    return {"name": "满100减10", "kind": "full_reduction", "scope": {"all": True}, "rules": TIERS, **window()}


def flash_session_body_for(sku_id: int) -> dict:
    soon = timezone.now() + timedelta(days=1)
    return {
        "name": "甲店明日秒杀",
        "starts_at": soon.isoformat(),
        "ends_at": (soon + timedelta(hours=1)).isoformat(),
        "items": [{"sku": sku_id, "flash_price": "99.00", "quantity": 2}],
    }


def group_buy_body_for(sku_id: int) -> dict:
    return {
        "name": "甲店两人团",
        "sku": sku_id,
        "group_price": "99.00",
        "group_size": 2,
        "hours": 24,
        "starts_at": (timezone.now() - timedelta(minutes=1)).isoformat(),
        "ends_at": (timezone.now() + timedelta(days=7)).isoformat(),
    }


def auction_body_for(sku_id: int, starts_in: int = 24 * 60) -> dict:
    """An auction of the SKU starting in `starts_in` minutes, for two hours."""
    starts = timezone.now() + timedelta(minutes=starts_in)
    return {
        "name": "甲店拍卖",
        "sku": sku_id,
        "starting_price": "100.00",
        "increment": "10.00",
        "deposit": "20.00",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
    }


def auction_form(world) -> dict:
    """The seller page's form for a new auction, as a browser posts it."""
    body = auction_body_for(int(world.ids["sku"]))
    starts = timezone.localtime() + timedelta(days=1)
    moments = {"starts_at": starts, "ends_at": starts + timedelta(hours=2)}
    return {
        **body,
        **{name: moment.strftime("%Y-%m-%dT%H:%M") for name, moment in moments.items()},
        "extend_window_minutes": "5",
        "extend_by_minutes": "5",
        "payment_hours": "24",
        "exclusive": "on",
    }


def presale_body_for(sku_id: int) -> dict:
    soon = timezone.now() + timedelta(days=1)
    return {
        "name": "甲店预售",
        "sku": sku_id,
        "deposit": "10.00",
        "counted": "30.00",
        "deposit_starts_at": soon.isoformat(),
        "deposit_ends_at": (soon + timedelta(days=1)).isoformat(),
        "balance_starts_at": (soon + timedelta(days=2)).isoformat(),
        "balance_ends_at": (soon + timedelta(days=3)).isoformat(),
    }


def checkout_body(world) -> dict:
    return {"lines": [{"sku": int(world.ids["sku"]), "quantity": 1}], "address": int(world.ids["address"])}


def submit_body(world) -> dict:
    return {**checkout_body(world), "coupons": [], "expected_payable": world.ids["expected_payable"]}


def signed_callback(world) -> bytes:
    payment = world.payment
    return json.dumps(
        {"payment_no": payment.payment_no, "amount": f"{payment.amount:.2f}", "status": "succeeded", "event_id": "e1"}
    ).encode()


def product_body(world) -> dict:
    catalog = world.catalog
    return {
        "category": catalog.phones.pk,
        "brand": catalog.huawei.pk,
        "title": "新 手机",
        "attributes": [{"attribute": catalog.model.pk, "value": "新"}],
        "specs": [
            {"attribute": catalog.colour.pk, "values": ["黑色"]},
            {"attribute": catalog.memory.pk, "values": ["128G"]},
        ],
        "skus": [{"specs": {"颜色": "黑色", "内存": "128G"}, "price": "999.00"}],
    }


TIERS = {"tiers": [{"threshold": "100", "discount": "10"}]}
TOMORROW = (timezone.now() + timedelta(days=1)).isoformat()

REQUESTS: dict[tuple[str, str], Call] = {
    ("/api/v1/stores/nearby/", "GET"): Call(query="?lat=31.23&lng=121.47"),
    ("/api/v1/stores/choose/", "POST"): Call(body=lambda w: {"store": int(w.ids["store"])}),
    ("/api/v1/seller/pickups/collect/", "POST"): Call(body=lambda w: {"code": "00000000"}),
    ("/stores/nearby/", "GET"): Call(query="?city=上海"),
    ("/stores/choose/", "POST"): Call(body=lambda w: {"store": w.ids["store"]}),
    ("/seller/pickups/", "POST"): Call(body=lambda w: {"code": "00000000"}),
    ("/api/v1/seller/pos/quote/", "POST"): Call(body=lambda w: {"lines": [{"sku": int(w.ids["sku"]), "quantity": 1}]}),
    ("/api/v1/seller/pos/sales/", "POST"): Call(
        body=lambda w: {"lines": [{"sku": int(w.ids["sku"]), "quantity": 1}], "method": "cash", "tendered": "99999.00"}
    ),
    ("/api/v1/seller/pos/sales/<str:trade_no>/refund/", "POST"): Call(
        ids={"trade_no": "counter_sale"}, body=lambda w: {}
    ),
    ("/api/v1/seller/pos/settings/", "PUT"): Call(body=lambda w: {"methods": ["cash", "card"]}),
    ("/api/v1/seller/pos/accounts/", "POST"): Call(
        body=lambda w: {"kind": "on_account", "name": "新挂账客户", "credit_limit": "1000.00"}
    ),
    ("/api/v1/seller/pos/accounts/<int:account_id>/repay/", "POST"): Call(
        body=lambda w: {"amount": "1.00", "reference": "R-1"}
    ),
    ("/seller/pos/settings/", "POST"): Call(body=lambda w: {"methods": ["cash"]}),
    ("/seller/pos/receipts/<str:trade_no>/", "GET"): Call(ids={"trade_no": "counter_sale"}),
    ("/api/v1/auth/register/", "POST"): Call(
        body=lambda w: {"username": "newcomer", "password": "a-Good-pass-2026", "phone": "13700000001"}
    ),
    ("/api/v1/auth/token/", "POST"): Call(body=lambda w: {"username": "shopper_one", "password": PASSWORD}),
    ("/api/v1/payments/callback/simulated/", "POST"): Call(body=signed_callback, format="signed"),
    ("/api/v1/me/addresses/", "POST"): Call(body=address_body),
    ("/api/v1/me/addresses/<int:address_id>/", "PATCH"): Call(body=lambda w: {"detail": "改了 3 号"}),
    ("/api/v1/me/coupons/redeem/", "POST"): Call(body=lambda w: {"code": w.ids["redeem_code"]}),
    ("/api/v1/seller/vouchers/redeem/", "POST"): Call(body=lambda w: {"code": w.ids["voucher_code"]}),
    ("/api/v1/seller/voucher-goods/<int:spu_id>/terms/", "GET"): Call(ids={"spu_id": "draft_spu"}),
    ("/api/v1/seller/voucher-goods/<int:spu_id>/terms/", "PUT"): Call(
        ids={"spu_id": "draft_spu"}, body=lambda w: {"uses": 2, "valid_days": 10}
    ),
    ("/api/v1/seller/voucher-goods/<int:spu_id>/terms/", "DELETE"): Call(ids={"spu_id": "draft_spu"}),
    ("/seller/vouchers/goods/<int:spu_id>/terms/", "GET"): Call(ids={"spu_id": "draft_spu"}),
    ("/seller/vouchers/goods/<int:spu_id>/terms/", "POST"): Call(ids={"spu_id": "draft_spu"}),
    ("/api/v1/coupons/<int:template_id>/claim/", "POST"): Call(ids={"template_id": "coupon"}),
    ("/api/v1/stores/applications/", "POST"): Call(
        body=lambda w: {
            "name": "鲜果铺子",
            "type": "third_party",
            "phone": "13811112222",
            "region": "310104",
            "address": "上海市徐汇区漕溪北路 88 号",
            "latitude": "31.188000",
            "longitude": "121.437000",
        }
    ),
    ("/api/v1/cart/items/", "POST"): Call(body=lambda w: {"sku": int(w.ids["sku"]), "quantity": 1}),
    ("/api/v1/me/favourites/products/", "POST"): Call(body=lambda w: {"spu": int(w.ids["spu"])}),
    ("/api/v1/me/favourites/stores/", "POST"): Call(body=lambda w: {"store": int(w.ids["store"])}),
    ("/api/v1/finance/stores/<int:store_id>/terms/", "PUT"): Call(
        body=lambda w: {
            "mode": "sales_share",
            "rate": "6.00",
            "cycle": "monthly",
            "hold_days": 7,
            "effective_from": str(timezone.localdate() + timedelta(days=1)),
        }
    ),
    ("/api/v1/finance/bill-runs/", "POST"): Call(body=lambda w: {"until": str(timezone.localdate())}),
    ("/api/v1/finance/statements/simulated/", "GET"): Call(query=f"?day={timezone.localdate()}"),
    ("/api/v1/finance/reconciliations/", "POST"): Call(
        body=lambda w: {
            "gateway": "simulated",
            "day": str(timezone.localdate()),
            "file": SimpleUploadedFile("s.csv", b"kind,reference,amount,time\n", content_type="text/csv"),
        },
        format="multipart",
    ),
    ("/api/v1/finance/reconciliation-items/<int:item_id>/resolve/", "POST"): Call(
        ids={"item_id": "statement_item"}, body=lambda w: {"note": "已核实"}
    ),
    ("/api/v1/finance/bills/<int:bill_id>/adjustments/", "POST"): Call(
        body=lambda w: {"amount": "5.00", "reason": "补差"}
    ),
    ("/api/v1/finance/bills/<int:bill_id>/payout/", "POST"): Call(
        body=lambda w: {"method": "manual", "reference": "R"}
    ),
    ("/api/v1/seller/settlement/bills/<int:bill_id>/dispute/", "POST"): Call(body=lambda w: {"reason": "少算运费"}),
    ("/api/v1/finance/stores/<int:store_id>/supply-prices/", "PUT"): Call(
        body=lambda w: [{"sku": int(w.ids["sku"]), "price": "4000.00"}]
    ),
    ("/api/v1/cart/items/<int:item_id>/", "PATCH"): Call(body=lambda w: {"quantity": 2}),
    ("/api/v1/checkout/preview/", "POST"): Call(body=checkout_body),
    ("/api/v1/checkout/submit/", "POST"): Call(body=submit_body, headers={"HTTP_IDEMPOTENCY_KEY": "access-1"}),
    ("/api/v1/payments/<str:trade_no>/", "POST"): Call(body=lambda w: {"method": "simulated"}),
    ("/api/v1/orders/<str:order_no>/cancel/", "POST"): Call(ids={"order_no": "waiting_order"}),
    ("/api/v1/orders/<str:order_no>/confirm-receipt/", "POST"): Call(ids={"order_no": "shipped_order"}),
    ("/api/v1/orders/<str:order_no>/refunds/", "POST"): Call(
        ids={"order_no": "shipped_order"},
        body=lambda w: {
            "kind": "refund_only",
            "lines": [{"line": StoreOrder.objects.get(order_no=w.ids["shipped_order"]).lines.get().pk, "quantity": 1}],
            "reason": "坏了",
        },
    ),
    ("/api/v1/refunds/<int:refund_id>/escalate/", "POST"): Call(ids={"refund_id": "rejected_refund"}),
    ("/api/v1/seller/products/", "POST"): Call(body=product_body),
    ("/api/v1/seller/products/<int:spu_id>/", "PATCH"): Call(body=lambda w: {"subtitle": "新副标题"}),
    ("/api/v1/seller/products/<int:spu_id>/submit/", "POST"): Call(ids={"spu_id": "draft_spu"}),
    ("/api/v1/seller/products/<int:spu_id>/on-shelf/", "POST"): Call(ids={"spu_id": "off_shelf_spu"}),
    ("/api/v1/seller/products/<int:spu_id>/images/", "POST"): Call(
        body=lambda w: {"image": picture(), "kind": "detail"}, format="multipart"
    ),
    ("/api/v1/seller/stock/", "POST"): Call(
        body=lambda w: {"sku": int(w.ids["sku"]), "warehouse": int(w.ids["warehouse"]), "delta": 5, "reason": "入库"}
    ),
    ("/api/v1/seller/shipments/<int:parcel_id>/ship/", "POST"): Call(
        body=lambda w: {"carrier": "SF", "tracking_no": "SF200"}
    ),
    ("/api/v1/seller/refunds/<int:refund_id>/reject/", "POST"): Call(body=lambda w: {"reason": "已拆封"}),
    ("/api/v1/seller/refunds/<int:refund_id>/receive/", "POST"): Call(ids={"refund_id": "returning_refund"}),
    ("/api/v1/seller/promotions/", "POST"): Call(body=promotion_body),
    ("/api/v1/seller/flash-sessions/", "POST"): Call(body=lambda w: flash_session_body_for(int(w.ids["sku"]))),
    ("/api/v1/seller/flash-sessions/<int:session_id>/publish/", "POST"): Call(),
    ("/api/v1/seller/group-buys/", "POST"): Call(body=lambda w: group_buy_body_for(int(w.ids["sku"]))),
    ("/api/v1/seller/presales/", "POST"): Call(body=lambda w: presale_body_for(int(w.ids["sku"]))),
    ("/presale/<int:presale_id>/", "GET"): Call(ids={"presale_id": "presale_live"}),
    ("/api/v1/seller/flash-sessions/<int:session_id>/cancel/", "POST"): Call(),
    # No pass is sent: the attempt knows members by their pass only (tests/flashsales/test_apis.py wins with one).
    ("/api/v1/flash/<int:session_id>/<int:sku_id>/attempts/", "POST"): Call(body=lambda w: {}),
    ("/api/v1/seller/promotions/<int:promotion_id>/stop/", "POST"): Call(body=lambda w: {"reason": "提前结束"}),
    ("/api/v1/seller/promotions/<int:promotion_id>/", "PATCH"): Call(
        ids={"promotion_id": "promotion_soon"}, body=lambda w: {"name": "甲店明日赠品（改）"}
    ),
    ("/api/v1/seller/coupon-templates/", "POST"): Call(body=lambda w: coupon_body("新券")),
    ("/api/v1/seller/coupon-templates/<int:template_id>/", "PATCH"): Call(body=lambda w: {"total": 600}),
    ("/api/v1/seller/freight-templates/", "POST"): Call(body=lambda w: {"name": "包邮", "basis": "free"}),
    ("/api/v1/seller/freight-templates/<int:template_id>/", "PUT"): Call(
        body=lambda w: {"name": "包邮改", "basis": "free"}
    ),
    ("/api/v1/seller/warehouses/", "POST"): Call(body=lambda w: {"name": "二仓", "region": "310114", "address": "x"}),
    ("/api/v1/seller/staff/", "POST"): Call(body=lambda w: {"username": "new_clerk", "role": "clerk"}),
    ("/api/v1/seller/listings/", "POST"): Call(body=lambda w: {"spu": int(w.ids["hq_spu"])}),
    ("/api/v1/seller/listings/<int:listing_id>/prices/", "POST"): Call(
        body=lambda w: {"sku": int(w.ids["listed_sku"]), "price": None}
    ),
    ("/api/v1/platform/stores/<int:store_id>/approve/", "POST"): Call(ids={"store_id": "applying_store"}),
    ("/api/v1/platform/stores/<int:store_id>/status/", "POST"): Call(
        body=lambda w: {"status": "frozen", "reason": "投诉"}
    ),
    ("/api/v1/platform/products/<int:spu_id>/approve/", "POST"): Call(ids={"spu_id": "pending_spu"}),
    ("/api/v1/platform/products/<int:spu_id>/reject/", "POST"): Call(
        ids={"spu_id": "pending_spu"}, body=lambda w: {"reason": "图片不清"}
    ),
    ("/api/v1/platform/refunds/<int:refund_id>/arbitrate/", "POST"): Call(
        ids={"refund_id": "arbitrating_refund"}, body=lambda w: {"grant": True, "reason": "商品有损"}
    ),
    ("/api/v1/platform/promotions/", "POST"): Call(body=promotion_body),
    ("/api/v1/platform/promotions/<int:promotion_id>/stop/", "POST"): Call(body=lambda w: {"reason": "违规"}),
    ("/api/v1/platform/coupon-templates/", "POST"): Call(body=lambda w: coupon_body("新平台券")),
    ("/api/v1/platform/coupon-templates/<int:template_id>/", "PATCH"): Call(body=lambda w: {"total": 600}),
    ("/api/v1/platform/coupon-templates/<int:template_id>/distribute/", "POST"): Call(
        body=lambda w: {"members": [User.objects.get(username="shopper_two").pk]}
    ),
    ("/api/v1/platform/redeem-batches/", "POST"): Call(
        body=lambda w: {
            "name": "新码",
            "template": int(w.ids["platform_coupon"]),
            "quantity": 2,
            "redeemable_to": TOMORROW,
        }
    ),
    # Pages: forms are posted as a browser posts them.
    ("/i18n/setlang/", "POST"): Call(body=lambda w: {"language": "en", "next": "/"}),
    ("/accounts/login/", "POST"): Call(body=lambda w: {"username": "shopper_one", "password": PASSWORD}),
    ("/accounts/register/", "POST"): Call(
        body=lambda w: {
            "username": "newcomer",
            "phone": "13700000002",
            "password": "a-Good-pass-2026",
            "password_again": "a-Good-pass-2026",
        }
    ),
    ("/checkout/", "POST"): Call(
        body=lambda w: {
            "address": w.ids["address"],
            "coupons": "none",
            "expected_payable": w.ids["expected_payable"],
            "idempotency_key": "access-matrix-checkout",
        }
    ),
    ("/orders/<str:order_no>/refund/", "POST"): Call(
        ids={"order_no": "shipped_order"},
        body=lambda w: {
            "kind": "refund_only",
            f"line_{StoreOrder.objects.get(order_no=w.ids['shipped_order']).lines.get().pk}": 1,
            "reason_code": "other",
            "reason": "坏了",
        },
    ),
    ("/refunds/<int:refund_id>/escalate/", "POST"): Call(
        ids={"refund_id": "rejected_refund"}, body=lambda w: {"reason": "商品没拆封", "evidence": picture()}
    ),
    ("/me/addresses/", "POST"): Call(body=lambda w: address_form()),
    ("/me/addresses/<int:address_id>/edit/", "POST"): Call(body=lambda w: address_form()),
    ("/cart/lines/<int:item_id>/", "POST"): Call(body=lambda w: {"action": "quantity", "quantity": 2}),
    ("/cart/select-all/", "POST"): Call(body=lambda w: {"selected": "1"}),
    ("/cart/add/", "POST"): Call(body=lambda w: {"sku": w.ids["sku"], "quantity": 1}),
    ("/cart/guest/<int:sku_id>/remove/", "POST"): Call(ids={"sku_id": "sku"}),
    ("/checkout/buy-now/", "POST"): Call(body=lambda w: {"sku": w.ids["sku"], "quantity": 1}),
    ("/checkout/address/", "POST"): Call(body=lambda w: address_form()),
    ("/orders/<str:order_no>/pay/", "POST"): Call(ids={"order_no": "waiting_order"}),
    ("/cashier/<str:trade_no>/", "POST"): Call(body=lambda w: {"method": "wechat_pay"}),
    ("/orders/<str:order_no>/cancel/", "POST"): Call(ids={"order_no": "waiting_order"}),
    ("/orders/<str:order_no>/confirm/", "POST"): Call(ids={"order_no": "shipped_order"}),
    ("/me/coupons/redeem/", "POST"): Call(body=lambda w: {"code": w.ids["redeem_code"]}),
    ("/me/coupons/center/<int:template_id>/claim/", "POST"): Call(ids={"template_id": "coupon"}),
    ("/seller/products/<int:spu_id>/stock/", "POST"): Call(
        body=lambda w: {"sku": w.ids["sku"], "warehouse": w.ids["warehouse"], "delta": "5", "reason": "入库"}
    ),
    ("/seller/products/<int:spu_id>/images/", "POST"): Call(body=lambda w: {"image": picture(), "kind": "detail"}),
    ("/seller/products/<int:spu_id>/<str:action>/", "POST"): Call(ids={"action": "off-shelf"}),
    ("/api/v1/auctions/<int:auction_id>/deposit/", "POST"): Call(body=lambda w: {"method": "simulated"}),
    ("/api/v1/auctions/<int:auction_id>/bids/", "POST"): Call(body=lambda w: {"amount": "100.00"}),
    ("/api/v1/seller/auctions/", "POST"): Call(body=lambda w: auction_body_for(int(w.ids["sku"]))),
    ("/api/v1/seller/auctions/<int:auction_id>/publish/", "POST"): Call(ids={"auction_id": "auction_draft"}),
    ("/api/v1/seller/auctions/<int:auction_id>/cancel/", "POST"): Call(ids={"auction_id": "auction_draft"}),
    ("/auctions/<int:auction_id>/deposit/", "POST"): Call(body=lambda w: {"method": "alipay"}),
    ("/auctions/<int:auction_id>/bid/", "POST"): Call(body=lambda w: {"amount": "100.00"}),
    ("/seller/auctions/new/", "POST"): Call(body=auction_form),
    ("/seller/auctions/<int:auction_id>/<str:action>/", "POST"): Call(
        ids={"auction_id": "auction_draft", "action": "publish"}
    ),
    ("/seller/promotions/<int:promotion_id>/edit/", "GET"): Call(ids={"promotion_id": "promotion_soon"}),
    ("/seller/promotions/<int:promotion_id>/edit/", "POST"): Call(ids={"promotion_id": "promotion_soon"}),
    ("/seller/parcels/<int:parcel_id>/ship/", "POST"): Call(body=lambda w: {"carrier": "SF", "tracking_no": "SF200"}),
    ("/seller/refunds/<int:refund_id>/<str:action>/", "POST"): Call(ids={"action": "approve"}),
    ("/seller/bills/<int:bill_id>/dispute/", "POST"): Call(body=lambda w: {"reason": "少算运费"}),
    ("/seller/warehouses/", "POST"): Call(body=lambda w: {"name": "二仓", "region": "310100", "address": "x"}),
    ("/seller/staff/", "POST"): Call(body=lambda w: {"username": "new_clerk", "role": "clerk"}),
    ("/seller/members/codes/<int:code_id>/regenerate/", "POST"): Call(),
    ("/seller/flash/<int:session_id>/publish/", "POST"): Call(),
    ("/seller/flash/<int:session_id>/cancel/", "POST"): Call(),
    ("/api/v1/seller/member-codes/<int:code_id>/regenerate/", "POST"): Call(),
    ("/seller/profile/", "POST"): Call(body=lambda w: {"name": "甲店新名", "phone": "13800000000", "address": "x"}),
    ("/seller/listings/new/", "POST"): Call(body=lambda w: {"spu": w.ids["hq_spu"]}),
    ("/seller/listings/<int:listing_id>/prices/", "POST"): Call(
        body=lambda w: {"sku": w.ids["listed_sku"], "price": ""}
    ),
    ("/seller/listings/<int:listing_id>/<str:action>/", "POST"): Call(ids={"action": "remove"}),
    ("/seller/messages/<int:message_id>/read/", "POST"): Call(ids={"message_id": "store_message"}),
    ("/finance/", "POST"): Call(body=lambda w: {"until": str(timezone.localdate())}),
    ("/finance/bills/<int:bill_id>/adjustments/", "POST"): Call(body=lambda w: {"amount": "5.00", "reason": "补差"}),
    ("/finance/bills/<int:bill_id>/pay/", "POST"): Call(body=lambda w: {"method": "manual", "reference": "R"}),
    ("/finance/reconciliation/", "POST"): Call(
        body=lambda w: {
            "gateway": "simulated",
            "day": str(timezone.localdate()),
            "file": SimpleUploadedFile("s.csv", b"kind,reference,amount,time\n", content_type="text/csv"),
        }
    ),
    ("/finance/reconciliation/simulated/", "GET"): Call(query=f"?day={timezone.localdate()}"),
    ("/finance/reconciliation/items/<int:item_id>/resolve/", "POST"): Call(
        ids={"item_id": "statement_item"}, body=lambda w: {"note": "已核实"}
    ),
    ("/finance/stores/<int:store_id>/terms/", "POST"): Call(
        body=lambda w: {
            "effective_from": str(timezone.localdate() + timedelta(days=1)),
            "mode": "sales_share",
            "rate": "6.00",
            "cycle": "monthly",
            "hold_days": "7",
        }
    ),
    ("/api/v1/me/notification-preferences/", "PUT"): Call(
        body=lambda w: {"language": "en", "groups": [{"group": "coupons", "site": True, "email": False, "sms": True}]}
    ),
    ("/api/v1/orders/<str:order_no>/lines/<int:line_id>/review/", "POST"): Call(
        ids={"order_no": "received_order"}, body=lambda w: {"stars": 4, "text": "不错"}
    ),
    ("/api/v1/me/reviews/<int:review_id>/follow-up/", "POST"): Call(body=lambda w: {"text": "用了一个月，依然好"}),
    ("/api/v1/seller/reviews/<int:review_id>/reply/", "POST"): Call(body=lambda w: {"text": "谢谢支持"}),
    ("/orders/<str:order_no>/lines/<int:line_id>/review/", "GET"): Call(ids={"order_no": "received_order"}),
    ("/orders/<str:order_no>/lines/<int:line_id>/review/", "POST"): Call(
        ids={"order_no": "received_order"}, body=lambda w: {"stars": "4", "text": "不错"}
    ),
    ("/me/reviews/<int:review_id>/follow-up/", "POST"): Call(body=lambda w: {"text": "用了一个月，依然好"}),
    ("/seller/reviews/<int:review_id>/reply/", "POST"): Call(body=lambda w: {"text": "谢谢支持"}),
    ("/me/messages/preferences/", "POST"): Call(body=lambda w: {"language": "en", "orders-site": "on"}),
    ("/me/store/apply/", "POST"): Call(body=store_application_form),
    ("/me/store/documents/<str:kind>/", "GET"): Call(ids={"kind": "document_kind"}),
    ("/api/v1/platform/stores/<int:store_id>/reject/", "POST"): Call(
        ids={"store_id": "applying_store"}, body=lambda w: {"reason": "资料不全"}
    ),
    ("/api/v1/me/company/", "POST"): Call(body=lambda w: {"name": "新公司", "credit_code": fresh_credit_code()}),
    ("/api/v1/me/company/statements/<int:credit_statement_id>/pay/", "POST"): Call(
        body=lambda w: {"amount": "10.00", "method": "simulated"}
    ),
    ("/me/company/statements/<int:credit_statement_id>/pay/", "POST"): Call(body=lambda w: {"amount": "10.00"}),
    ("/api/v1/me/company/members/", "POST"): Call(body=lambda w: {"login": "company_newcomer", "role": "buyer"}),
    ("/api/v1/me/company/addresses/", "POST"): Call(
        body=lambda w: {"name": "收货人", "phone": "13900000002", "region": "310104", "detail": "2 号"}
    ),
    ("/api/v1/me/company/invoice-titles/", "POST"): Call(
        body=lambda w: {"title": "甲方公司", "tax_number": "9144030071526726XG"}
    ),
    ("/api/v1/seller/skus/<int:sku_id>/wholesale/", "PUT"): Call(
        body=lambda w: {"min_quantity": 1, "tiers": [{"min_quantity": 10, "unit_price": "1.00"}]}
    ),
    ("/api/v1/seller/price-lists/", "POST"): Call(
        body=lambda w: {
            "company": int(w.ids["company"]),
            "name": "协议价",
            "valid_from": "2030-01-01",
            "valid_to": "2030-12-31",
            "items": [{"sku": int(w.ids["sku"]), "unit_price": "1.00"}],
        }
    ),
    ("/api/v1/platform/companies/<int:company_id>/reject/", "POST"): Call(body=lambda w: {"reason": "执照模糊"}),
    ("/api/v1/platform/companies/<int:company_id>/credit-repayments/", "POST"): Call(
        ids={"company_id": "company"}, body=lambda w: {"amount": "50.00", "reference": "BANK-WORLD"}
    ),
    ("/seller/wholesale/terms/", "POST"): Call(
        body=lambda w: {"terms-sku": w.ids["sku"], "terms-min_quantity": "1", "terms-tiers": "10:1.00"}
    ),
    ("/seller/wholesale/price-lists/", "POST"): Call(
        body=lambda w: {
            "list-company": w.ids["company"],
            "list-name": "协议价",
            "list-valid_from": "2030-01-01",
            "list-valid_to": "2030-12-31",
            "list-items": f"{w.ids['sku']}:1.00",
        }
    ),
    ("/api/v1/me/company/deals/", "POST"): Call(body=lambda w: {"lines": [{"sku": int(w.ids["sku"]), "quantity": 3}]}),
    ("/api/v1/me/company/deals/<int:deal_id>/contract/", "GET"): Call(ids={"deal_id": "ordered_deal"}),
    ("/api/v1/me/company/deals/<int:deal_id>/contract/confirm/", "POST"): Call(ids={"deal_id": "ordered_deal"}),
    ("/api/v1/seller/deals/", "POST"): Call(
        body=lambda w: {
            "company": int(w.ids["company"]),
            "buyer": w.users[THIRD_PARTY]["shop"].username,
            "lines": [{"sku": int(w.ids["sku"]), "quantity": 3}],
        }
    ),
    ("/api/v1/seller/deals/<int:deal_id>/offer/", "POST"): Call(
        body=lambda w: {"valid_until": (timezone.localdate() + timedelta(days=3)).isoformat()}
    ),
    ("/api/v1/seller/deals/<int:deal_id>/approve/", "POST"): Call(ids={"deal_id": "awaiting_deal"}),
    ("/api/v1/seller/deals/<int:deal_id>/refuse/", "POST"): Call(
        ids={"deal_id": "awaiting_deal"}, body=lambda w: {"reason": "让利过多"}
    ),
    ("/api/v1/seller/deals/<int:deal_id>/contract/", "GET"): Call(ids={"deal_id": "ordered_deal"}),
    ("/api/v1/seller/deals/<int:deal_id>/contract/confirm/", "POST"): Call(ids={"deal_id": "ordered_deal"}),
    ("/api/v1/seller/deal-settings/", "PUT"): Call(body=lambda w: {"approval_percent": "8.00"}),
    ("/api/v1/finance/credit-notes/<int:credit_note_id>/pay-back/", "POST"): Call(
        body=lambda w: {"reference": "OUT-1"}
    ),
    ("/api/v1/platform/deals/<int:deal_id>/offer/", "POST"): Call(
        body=lambda w: {"valid_until": (timezone.localdate() + timedelta(days=3)).isoformat()}
    ),
    ("/api/v1/platform/deals/<int:deal_id>/approve/", "POST"): Call(ids={"deal_id": "awaiting_deal"}),
    ("/api/v1/platform/deals/<int:deal_id>/refuse/", "POST"): Call(
        ids={"deal_id": "awaiting_deal"}, body=lambda w: {"reason": "让利过多"}
    ),
    ("/me/company/quotes/", "POST"): Call(body=lambda w: {"sku": w.ids["sku"], "quantity": "3"}),
    ("/me/company/quotes/<int:deal_id>/contract/", "GET"): Call(ids={"deal_id": "ordered_deal"}),
    ("/me/company/quotes/<int:deal_id>/<str:action>/", "POST"): Call(ids={"action": "accept"}),
    ("/seller/deals/settings/", "POST"): Call(body=lambda w: {"approval_percent": "8.00"}),
    ("/seller/deals/<int:deal_id>/", "POST"): Call(
        body=lambda w: {
            f"offer-price_{w.ids['offered_deal_line']}": "5999.00",
            f"offer-quantity_{w.ids['offered_deal_line']}": "2",
            "offer-special_discount": "0.00",
            "offer-reason": "调价",
            "offer-valid_until": (timezone.localdate() + timedelta(days=3)).isoformat(),
        }
    ),
    ("/seller/deals/<int:deal_id>/contract/", "GET"): Call(ids={"deal_id": "ordered_deal"}),
    ("/seller/deals/<int:deal_id>/approve/", "POST"): Call(ids={"deal_id": "awaiting_deal"}),
    ("/seller/deals/<int:deal_id>/refuse/", "POST"): Call(
        ids={"deal_id": "awaiting_deal"}, body=lambda w: {"refuse-reason": "让利过多"}
    ),
    ("/seller/deals/<int:deal_id>/confirm/", "POST"): Call(ids={"deal_id": "ordered_deal"}),
    ("/me/company/", "POST"): Call(body=lambda w: {"name": "新公司", "credit_code": fresh_credit_code()}),
    ("/me/company/members/", "POST"): Call(body=lambda w: {"member-login": "company_newcomer", "member-role": "buyer"}),
    ("/me/company/addresses/", "POST"): Call(body=lambda w: address_form()),
    ("/me/company/invoice-titles/", "POST"): Call(
        body=lambda w: {"title-title": "甲方公司", "title-tax_number": "9144030071526726XG"}
    ),
}


def path_of(row: Row, call: Call, world: World) -> str:
    def value(match: re.Match) -> str:
        name = match[1].rpartition(":")[2]
        if name in call.ids:
            name = call.ids[name]
            return world.ids.get(name, name)  # an `action` is given as itself
        if name == "template_id":
            return world.ids[template_of(row.route)]
        return world.ids[DEFAULT_IDS[name]]

    return re.sub(r"<([^>]+)>", value, row.route) + call.query


# --- Calling and judging


@dataclass
class Clients:
    api: dict[str, dict[str, Client]]  # stores -> role -> API client (bearer token), "anon" without
    pages: dict[str, dict[str, Client]]  # stores -> role -> browser client (session)


def make_clients(world: World) -> Clients:
    api, pages = {}, {}
    for stores, users in world.users.items():
        api[stores] = {"anon": english_client()} | {role: client_for(user) for role, user in users.items()}
        pages[stores] = {"anon": browser()}
        for role, user in users.items():
            pages[stores][role] = browser()
            pages[stores][role].force_login(user)
    for clients in (*api.values(), *pages.values()):
        for client in clients.values():
            client.raise_request_exception = False  # a 500 is an answer to report, with the others
    return Clients(api, pages)


def browser() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def writes() -> dict[str, int]:
    """Rows this transaction inserted, updated or deleted so far, per table (PostgreSQL's own count, which keeps
    what a rolled-back savepoint attempted)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables")
        return dict(cursor.fetchall())


def send(client, row: Row, call: Call, world: World, path: str):
    body = call.body(world) if callable(call.body) else call.body
    method = row.method.lower()
    if not path.startswith("/api/") or method == "get":
        if method == "get":
            return client.get(path, **call.headers)
        return client.post(path, body or {}, **call.headers)
    if call.format == "signed":
        return client.post(
            path, body, content_type="application/json", HTTP_X_SIGNATURE=SimulatedGateway().sign(body), **call.headers
        )
    return getattr(client, method)(path, body, format=call.format, **call.headers)


def verdict(response, expected: str) -> str | None:
    """What is wrong with the answer, or None."""
    status = response.status_code
    location = response.get("Location", "")
    if expected == "login":
        ok = status == 302 and location.startswith("/accounts/login/?next=")
    elif expected == "admin":
        ok = status == 302 and location.startswith("/admin/login/?next=")
    elif expected == "302":
        ok = status == 302 and not location.startswith(("/accounts/login/", "/admin/login/"))
    else:
        ok = status == int(expected)
    if ok:
        return None
    got = f"{status} to {location}" if status == 302 else str(status)
    if status >= 500 and getattr(response, "exc_info", None):
        got += f" ({response.exc_info[1]!r})"
    return f"expected {expected}, got {got}"


REFUSALS = {"401", "403", "404", "405", "login", "admin"}
# Where a user reads their own things: another shopper or store must find none of the first one's there.
PRIVATE = (
    *("/api/v1/seller/", "/api/v1/me/", "/api/v1/orders/", "/api/v1/refunds/", "/api/v1/cart/", "/api/v1/checkout/"),
    *("/seller/", "/me/", "/orders/", "/cart/", "/checkout/", "/refunds/", "/pay/"),
)


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded pictures go to a temporary directory, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def no_celery_worker(monkeypatch):
    """/healthz asks Celery's workers and waits a second for none to answer: say at once that none did."""

    def no_worker():
        raise RuntimeError("no worker answered")

    monkeypatch.setattr(health, "check_celery", no_worker)


@pytest.mark.django_db
def test_each_role_gets_the_answer_the_table_gives(media_root, no_celery_worker, django_capture_on_commit_callbacks):
    world = build_world(django_capture_on_commit_callbacks)
    clients = make_clients(world)
    failures = []
    for row in table_rows().values():
        call = REQUESTS.get((row.route, row.method), Call())
        path = path_of(row, call, world)
        for role in ROLES:
            kind = "api" if row.route.startswith("/api/") else "pages"
            client = getattr(clients, kind)[row.stores][role]
            cookies = SimpleCookie()
            cookies.update(client.cookies)
            before = writes()
            with transaction.atomic():
                response = send(client, row, call, world, path)
                transaction.set_rollback(True)
            client.cookies = cookies  # a login, a logout or a language choice lasts one call
            expected = row.expected[role]
            if problem := verdict(response, expected):
                failures.append(f"{row.method} {path} as {role}: {problem}" + (f" ({row.why})" if row.why else ""))
                continue
            if expected in REFUSALS:
                after = writes()
                changed = sorted(t for t in after if after[t] != before.get(t, 0) and t not in BOOKKEEPING)
                if changed:
                    failures.append(f"{row.method} {path} as {role}: refused, but wrote to {', '.join(changed)}")
            if role in ("shop2", "owner2") and response.status_code < 300 and path.startswith(PRIVATE):
                text = response.content.decode(errors="replace")
                if leaked := [secret for secret in world.private if secret in text]:
                    failures.append(f"{row.method} {path} as {role}: shows the first one's {leaked}")

    assert failures == [], "\n".join(failures)
