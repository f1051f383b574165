"""Writes of the companies center: registering and reviewing a company, its users, addresses and invoice titles,
and the prices a store sets for business buyers (wholesale terms per SKU, a company's price list). Each is one
transaction that leaves a CompanyEvent (companies/events.py) where a company is concerned."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Sku
from companies import credit_code
from companies.events import company_event
from companies.exceptions import AlreadyInCompany, InvalidCreditCode, NotCompanyAdmin
from companies.models import (
    Company,
    CompanyAddress,
    CompanyEventType,
    CompanyMember,
    CompanyRole,
    CompanyStatus,
    InvoiceTitle,
    PriceList,
    PriceListItem,
    WholesaleTerms,
    WholesaleTier,
)
from marketplace.exceptions import InvalidInput, InvalidTransition, NotFound
from marketplace.images import validate_image
from marketplace.models import Region
from members.models import User
from stores.models import Store

REASON_MAX = 200  # CompanyEvent.reason


def _refuse(field: str, message: str) -> InvalidInput:
    return InvalidInput(message, fields={field: [message]})


def checked_credit_code(code: str) -> str:
    """The code as stored (upper case, trimmed), or InvalidCreditCode naming the field."""
    code = credit_code.normalise(code)
    if not credit_code.is_valid(code):
        raise InvalidCreditCode(fields={"credit_code": [str(InvalidCreditCode.default_detail)]})
    return code


@transaction.atomic
def company_register(*, user: User, name: str, credit_code: str, licence: File | None = None) -> Company:
    """A business buyer registers their company; it waits for an operator, and they are its first admin (a buyer).
    A user belongs to one company at most; a credit code registers one company."""
    code = checked_credit_code(credit_code)
    if CompanyMember.objects.filter(user=user).exists():
        raise AlreadyInCompany()
    if Company.objects.filter(credit_code=code).exists():
        raise _refuse("credit_code", _("A company with this credit code is already registered."))
    if licence:
        validate_image(licence, field="licence")
    company = Company(name=name.strip(), credit_code=code, registered_by=user)
    if licence:
        company.licence = licence
    company.save()
    CompanyMember.objects.create(company=company, user=user, role=CompanyRole.BUYER, is_admin=True)
    company_event(company=company, type=CompanyEventType.REGISTERED, by=user)
    return company


def _locked(company: Company) -> Company:
    """Re-read the company under a row lock, so two reviewers act one after the other."""
    return Company.objects.select_for_update().get(pk=company.pk)


@transaction.atomic
def company_approve(*, company: Company, by: User) -> Company:
    """An operator approves a registered company: its users become business buyers."""
    company = _locked(company)
    if company.status != CompanyStatus.PENDING:
        raise InvalidTransition(_("Only a company awaiting review can be approved."))
    _reviewed(company, status=CompanyStatus.APPROVED, by=by)
    company_event(company=company, type=CompanyEventType.APPROVED, by=by)
    return company


@transaction.atomic
def company_reject(*, company: Company, by: User, reason: str) -> Company:
    """An operator turns a registration down, always with a reason its admin reads. The users leave the company
    (they may register again, corrected)."""
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise _refuse("reason", _("Say why, in at most %(n)d characters.") % {"n": REASON_MAX})
    company = _locked(company)
    if company.status != CompanyStatus.PENDING:
        raise InvalidTransition(_("Only a company awaiting review can be rejected."))
    _reviewed(company, status=CompanyStatus.REJECTED, by=by)
    company_event(company=company, type=CompanyEventType.REJECTED, by=by, reason=reason)
    return company


def _reviewed(company: Company, *, status: str, by: User) -> None:
    company.status = status
    company.reviewed_by = by
    company.reviewed_at = timezone.now()
    company.save(update_fields=["status", "reviewed_by", "reviewed_at"])


def _check_admin(company: Company, by: User) -> None:
    if not CompanyMember.objects.filter(company=company, user=by, is_admin=True).exists():
        raise NotCompanyAdmin()


@transaction.atomic
def company_member_add(*, company: Company, by: User, login: str, role: str, is_admin: bool = False) -> CompanyMember:
    """The company's admin adds a registered user, found by user name or phone, with a role."""
    _check_admin(company, by)
    if role not in CompanyRole.values:
        raise _refuse("role", _("Choose buyer, approver or finance."))
    login = (login or "").strip()
    user = User.objects.filter(Q(username=login) | Q(phone=login), is_active=True).first() if login else None
    if user is None:
        raise _refuse("login", _("No user has this user name or phone."))
    try:
        with transaction.atomic():
            member = CompanyMember.objects.create(company=company, user=user, role=role, is_admin=is_admin)
    except IntegrityError as error:  # two admins adding the same user at once: one wins
        raise AlreadyInCompany() from error
    company_event(company=company, type=CompanyEventType.MEMBER_ADDED, by=by, user_id=user.pk, role=role)
    return member


@transaction.atomic
def company_member_remove(*, member: CompanyMember, by: User) -> None:
    """The admin removes a user (never themselves: a company keeps an admin)."""
    _check_admin(member.company, by)
    if member.user_id == by.pk:
        raise InvalidTransition(_("An admin cannot remove themselves."))
    company_event(
        company=member.company,
        type=CompanyEventType.MEMBER_REMOVED,
        by=by,
        user_id=member.user_id,
        role=member.role,
    )
    member.delete()


@transaction.atomic
def company_address_create(
    *, company: Company, by: User, name: str, phone: str, region: Region, detail: str
) -> CompanyAddress:
    _check_admin(company, by)
    address = CompanyAddress.objects.create(company=company, name=name, phone=phone, region=region, detail=detail)
    company_event(company=company, type=CompanyEventType.ADDRESS_ADDED, by=by, address_id=address.pk)
    return address


@transaction.atomic
def company_address_delete(*, address: CompanyAddress, by: User) -> None:
    _check_admin(address.company, by)
    company_event(company=address.company, type=CompanyEventType.ADDRESS_REMOVED, by=by, address_id=address.pk)
    address.delete()


@transaction.atomic
def invoice_title_create(*, company: Company, by: User, title: str, tax_number: str, **details) -> InvoiceTitle:
    """发票抬头: a title and its tax number (a credit code today, an older 15- or 20-character one still on file)."""
    _check_admin(company, by)
    tax_number = credit_code.normalise(tax_number)
    if len(tax_number) == credit_code.LENGTH and not credit_code.is_valid(tax_number):
        raise InvalidCreditCode(fields={"tax_number": [str(InvalidCreditCode.default_detail)]})
    invoice_title = InvoiceTitle.objects.create(company=company, title=title, tax_number=tax_number, **details)
    company_event(company=company, type=CompanyEventType.INVOICE_TITLE_ADDED, by=by, invoice_title_id=invoice_title.pk)
    return invoice_title


@transaction.atomic
def invoice_title_delete(*, invoice_title: InvoiceTitle, by: User) -> None:
    _check_admin(invoice_title.company, by)
    company_event(
        company=invoice_title.company,
        type=CompanyEventType.INVOICE_TITLE_REMOVED,
        by=by,
        invoice_title_id=invoice_title.pk,
    )
    invoice_title.delete()


@dataclass(frozen=True)
class Tier:
    min_quantity: int
    unit_price: Decimal


def _store_sku(store: Store, sku_id: int, field: str = "sku") -> Sku:
    sku = Sku.objects.filter(pk=sku_id, store=store).first()
    if sku is None:
        raise _refuse(field, _("Choose one of your store's SKUs."))
    return sku


@transaction.atomic
def wholesale_terms_set(*, store: Store, sku: Sku, min_quantity: int, tiers: list[Tier]) -> WholesaleTerms:
    """The store's terms for business buyers of one of its SKUs: a minimum order quantity and quantity breaks
    (replacing the ones before). Each tier starts above the one before and costs less, and none costs more than the
    SKU's price: a break that raises the price is a typing mistake."""
    if sku.store_id != store.pk:
        raise NotFound()
    quantities = [tier.min_quantity for tier in tiers]
    if quantities != sorted(set(quantities)) or any(q < 2 for q in quantities):
        raise _refuse("tiers", _("Give each tier a different quantity of 2 or more, in increasing order."))
    prices = [tier.unit_price for tier in tiers]
    if prices != sorted(prices, reverse=True) or len(set(prices)) != len(prices) or any(p > sku.price for p in prices):
        raise _refuse("tiers", _("Each tier costs less than the one before, and no more than the SKU's price."))
    terms, _created = WholesaleTerms.objects.update_or_create(
        sku=sku, defaults={"store": store, "min_quantity": min_quantity}
    )
    terms.tiers.all().delete()
    WholesaleTier.objects.bulk_create(
        WholesaleTier(terms=terms, min_quantity=tier.min_quantity, unit_price=tier.unit_price) for tier in tiers
    )
    return terms


@transaction.atomic
def price_list_create(
    *,
    store: Store,
    by: User,
    company_id: int,
    name: str,
    valid_from: date,
    valid_to: date,
    items: dict[int, Decimal],
) -> PriceList:
    """协议价: the store agrees prices for some of its SKUs with an approved company, valid between two days."""
    company = Company.objects.approved().filter(pk=company_id).first()
    if company is None:
        raise _refuse("company", _("Choose an approved company."))
    if valid_to < valid_from:
        raise _refuse("valid_to", _("The list ends on or after the day it starts."))
    if not items:
        raise _refuse("items", _("Name at least one SKU and its price."))
    for sku_id in items:
        _store_sku(store, sku_id, field="items")
    price_list = PriceList.objects.create(
        company=company, store=store, name=name, valid_from=valid_from, valid_to=valid_to, created_by=by
    )
    PriceListItem.objects.bulk_create(
        PriceListItem(price_list=price_list, sku_id=sku_id, unit_price=price) for sku_id, price in items.items()
    )
    company_event(
        company=company, type=CompanyEventType.PRICE_LIST_SET, by=by, price_list_id=price_list.pk, store_id=store.pk
    )
    return price_list


@transaction.atomic
def price_list_delete(*, price_list: PriceList, by: User) -> None:
    company_event(
        company=price_list.company,
        type=CompanyEventType.PRICE_LIST_REMOVED,
        by=by,
        price_list_id=price_list.pk,
        store_id=price_list.store_id,
    )
    price_list.delete()
