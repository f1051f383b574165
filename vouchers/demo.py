"""Demo e-vouchers (manage.py seed_demo): HQ sells a tea tasting (茶艺体验课, three visits a voucher, 60 days) valid
in HQ's own store and its direct and franchise stores. Alice bought two: one was used up in the Shanghai store, the
other once in the Hangzhou store, so "my e-vouchers", the clerks' redemption page and the franchise store's
settlement have something to show. Runs once: a second seed finds the goods and leaves them alone."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from catalog.models import BackendCategory, Brand, Spu
from catalog.selectors import category_attributes
from catalog.services import spu_approve, spu_create, spu_submit
from catalog.services.products import AttributeInput, SkuInput, SpecInput
from orders.demo import pay_trade, place_order
from orders.pricing import LineRequest
from stores.models import StaffRole
from vouchers.models import Voucher
from vouchers.services import TermsInput, terms_set, voucher_redeem

TITLE = "西湖龙井 茶艺体验课 · 三次卡"
TERMS_TEXT = "凭电子券到任一直营店或加盟店体验，每张可用三次，购买后 60 天内有效，过期未用部分自动退款。"


def seed(demo: dict) -> None:
    hq = demo["stores"]["hq"]
    if Spu.objects.filter(store=hq, title=TITLE).exists():
        return
    owner = hq.memberships.get(role=StaffRole.OWNER).user
    spu = _tea_tasting(hq, owner, demo["operator"], free_template=demo["freight_templates"]["hq"]["free"])
    outlets = [demo["stores"][key] for key in ("hq", "sh", "hz")]
    terms_set(spu=spu, by=owner, data=TermsInput(store_ids=[s.pk for s in outlets], uses=3, valid_days=60))
    alice = demo["shoppers"][0]
    when = timezone.now() - timedelta(days=3)
    trade = place_order(alice, [LineRequest(spu.skus.get().pk, 2)], when=when)
    [order] = pay_trade(trade, when=when + timedelta(minutes=2))
    used_up, partly = Voucher.objects.filter(order=order).order_by("serial")
    shanghai, hangzhou = demo["stores"]["sh"], demo["stores"]["hz"]
    voucher_redeem(code=used_up.code, store=shanghai, clerk=_clerk(shanghai), uses=3, now=when + timedelta(days=1))
    voucher_redeem(code=partly.code, store=hangzhou, clerk=_clerk(hangzhou), now=when + timedelta(days=2))


def _tea_tasting(store, owner, operator, *, free_template) -> Spu:
    """The class, sold as e-vouchers. It ships nothing, but like every demo product it names a freight template (the
    free one), so that it reads as the seller's other goods do in the backend."""
    category = BackendCategory.objects.get(name="绿茶")
    template = list(category_attributes(category=category))
    key = next(attribute for attribute in template if attribute.kind == "key")
    tasted = next(attribute for attribute in template if attribute.name == "净含量")  # the tea the class tastes
    spu = spu_create(
        store=store,
        by=owner,
        category=category,
        brand=Brand.objects.get(name="狮峰"),
        title=TITLE,
        subtitle="门店茶艺师带你品三道明前龙井 · 电子券到店核销",
        description_pc=f"<h2>{TITLE}</h2><p>{TERMS_TEXT}</p>",
        description_mobile=f"<p>{TITLE}</p>",
        attributes=[AttributeInput(attribute_id=key.pk, value="浙江杭州")],
        specs=[SpecInput(attribute_id=tasted.pk, values=["50g"])],
        skus=[SkuInput(specs={"净含量": "50g"}, price=Decimal("168.00"), code="HQ-TEA-TASTING", stock=200)],
        freight_template_id=free_template.pk,
    )
    spu_submit(spu=spu, by=owner)
    return spu_approve(spu=spu, by=operator)


def _clerk(store):
    membership = store.memberships.filter(role=StaffRole.CLERK).first() or store.memberships.get(role=StaffRole.OWNER)
    return membership.user
