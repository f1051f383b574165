"""A business buyer asks for a quote from the cart; the store's clerk answers 10 % off (beyond the store's 5 %), the
manager approves it, the buyer accepts, orders it at the agreed price and pays on the company's credit (issue 16
items 3, 4 and 8, decision 0042)."""

import re
from decimal import Decimal

import pytest

from companies.models import Company, CompanyRole, Deal, DealStatus
from marketplace.notifications.models import Message
from orders.models import CartItem, OrderLine, OrderStatus, StoreOrder
from stores.models import StaffRole
from tests.catalog.factories import PhoneCatalog
from tests.companies.factories import company_with_users, user_in
from tests.e2e.conftest import screenshot
from tests.factories import PASSWORD, MembershipFactory, StoreFactory
from tests.orders.helpers import address_of, sku_of

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(browser, base_url: str, username: str, then: str):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + f"/accounts/login/?next={then}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="登录").click()
    page.wait_for_url("**" + then)
    return context, page


def test_quote_answered_beyond_the_threshold_approved_accepted_and_paid_on_credit(browser, live_server):
    store = StoreFactory()
    sku = sku_of(PhoneCatalog().phone(store, stock=50), "128G")  # 5999.00
    company = company_with_users()
    Company.objects.filter(pk=company.pk).update(credit_limit=Decimal("100000.00"))
    buyer = user_in(company, CompanyRole.BUYER)
    buyer.set_password(PASSWORD)
    buyer.save()
    address_of(buyer)
    clerk = MembershipFactory(store=store, role=StaffRole.CLERK, user__username="clerk_li").user
    MembershipFactory(store=store, role=StaffRole.MANAGER, user__username="manager_wang")
    base = live_server.url

    CartItem.objects.create(user=buyer, sku=sku, quantity=10)  # what the buyer put in the cart
    buyer_context, shop = log_in(browser, base, buyer.username, f"/products/{sku.spu_id}/")
    assert shop.get_by_test_id("product-quote").is_visible()  # the product page's own way to ask
    screenshot(shop, "product-ask-for-a-quote")
    shop.goto(base + "/cart/")
    screenshot(shop, "cart-ask-for-a-quote")
    shop.get_by_test_id("cart-quote").click()
    shop.wait_for_url(re.compile(r"/me/company/quotes/\d+/$"))
    deal = Deal.objects.get(buyer=buyer)
    assert deal.status == DealStatus.DRAFT
    line = deal.lines.get()
    assert (line.sku_id, line.quantity) == (sku.pk, 10)  # the cart's line, carried over
    assert Message.objects.filter(recipient=clerk, kind="deal_requested").exists()  # the store hears of it

    clerk_context, seller = log_in(browser, base, clerk.username, f"/seller/deals/{deal.pk}/")
    seller.locator(f'[name="offer-price_{line.pk}"]').fill("5399.10")  # 10 % off the list price
    seller.locator('[name="offer-reason"]').fill("年度大客户")
    with seller.expect_navigation():
        seller.get_by_test_id("deal-send").click()
    deal.refresh_from_db()
    assert deal.status == DealStatus.AWAITING_APPROVAL
    assert seller.get_by_test_id("deal-approve").count() == 0  # a clerk is offered no approval
    clerk_context.close()

    manager_context, manager = log_in(browser, base, "manager_wang", f"/seller/deals/{deal.pk}/")
    screenshot(manager, "seller-deal-awaiting-approval")
    with manager.expect_navigation():
        manager.get_by_test_id("deal-approve").click()
    deal.refresh_from_db()
    assert (deal.status, deal.approved_by.username) == (DealStatus.OFFERED, "manager_wang")
    manager_context.close()

    assert Message.objects.filter(recipient=buyer, kind="deal_offered").exists()  # told once approved
    shop.goto(base + f"/me/company/quotes/{deal.pk}/")
    assert "5399.10" in shop.get_by_test_id("deal-lines").inner_text()
    history = shop.get_by_test_id("deal-history").inner_text()
    assert "年度大客户" in history and "5399.10" in history
    screenshot(shop, "company-deal-offered")
    shop.get_by_test_id("deal-accept").click()
    shop.wait_for_url(re.compile(r"/checkout/\?"))
    shop.locator("#submit-order").click()
    shop.wait_for_url(re.compile(r"/cashier/T\d+/$"))
    shop.locator('[data-method="on_credit"] input').check()
    shop.locator("#pay").click()
    shop.wait_for_url("**/orders/**")
    buyer_context.close()

    order = StoreOrder.objects.get(user=buyer)
    assert order.status == OrderStatus.PAID
    assert OrderLine.objects.get(order=order).unit_price == Decimal("5399.10")
    deal.refresh_from_db()
    assert (deal.status, deal.order_no) == (DealStatus.ORDERED, order.order_no)
    company.refresh_from_db()
    assert company.credit_used == order.payable
