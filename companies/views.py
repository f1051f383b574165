"""The member's company pages under /me/company/: register one, then its status, users, addresses and invoice
titles, read by every user of it (their own company only) and added to by its admin, through the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies import selectors, services
from companies.credit import selectors as credit_selectors
from companies.credit import services as credit_services
from companies.forms import CompanyAddressForm, CompanyMemberForm, CompanyRegisterForm, InvoiceTitleForm
from marketplace.exceptions import DomainError


@login_required
def company(request):
    """GET: the caller's company, or the registration form without one. POST registers one."""
    membership = selectors.membership_of(request.user)
    register = CompanyRegisterForm(request.POST or None, request.FILES or None) if membership is None else None
    if (
        register is not None
        and request.method == "POST"
        and register.is_valid()
        and _done(request, register, lambda: services.company_register(user=request.user, **register.cleaned_data))
    ):
        messages.success(request, _("Your company is registered: the platform reviews it."))
        return redirect("shop-me-company")
    return _page(request, membership, register=register)


def _page(request, membership, **forms):
    context = {"membership": membership, "me_tab": "company", **forms}
    if membership is not None:
        company = membership.company
        context |= {
            "company": company,
            "members": selectors.company_members(company=company),
            "addresses": selectors.company_addresses(company=company),
            "invoice_titles": selectors.company_invoice_titles(company=company),
        }
        if membership.is_admin:
            context.setdefault("member_form", CompanyMemberForm(prefix="member"))
            context.setdefault("address_form", CompanyAddressForm(prefix="address"))
            context.setdefault("title_form", InvoiceTitleForm(prefix="title"))
    invalid = any(form is not None and form.errors for form in forms.values())
    return render(request, "companies/company.html", context, status=400 if invalid else 200)


def _done(request, form, write) -> bool:
    """Run the service; a rule it enforces lands on the form."""
    try:
        write()
    except DomainError as error:
        form.add_error(None, error.detail)
        return False
    return True


def _admin_post(request, form_class, prefix: str, context_name: str, write, success: str):
    """A company admin's form: added and back to the page, or the page again with the form's errors."""
    membership = selectors.membership_of(request.user)
    if membership is None:
        raise Http404
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid() and _done(request, form, lambda: write(membership.company, form)):
        messages.success(request, success)
        return redirect("shop-me-company")
    return _page(request, membership, **{context_name: form})


@login_required
@require_POST
def member_add(request):
    return _admin_post(
        request,
        CompanyMemberForm,
        "member",
        "member_form",
        lambda company, form: services.company_member_add(company=company, by=request.user, **form.cleaned_data),
        _("The user was added."),
    )


@login_required
@require_POST
def address_add(request):
    def write(company, form):
        data = form.cleaned_data
        services.company_address_create(
            company=company,
            by=request.user,
            name=data["name"],
            phone=data["phone"],
            region=form.region,
            detail=data["detail"],
        )

    return _admin_post(request, CompanyAddressForm, "address", "address_form", write, _("The address was added."))


@login_required
@require_POST
def invoice_title_add(request):
    return _admin_post(
        request,
        InvoiceTitleForm,
        "title",
        "title_form",
        lambda company, form: services.invoice_title_create(company=company, by=request.user, **form.cleaned_data),
        _("The invoice title was added."),
    )


STATEMENTS_SHOWN = 36  # three years of months


def _finance_or_404(request, read):
    """A statement page's read for the company's finance users and admin; anyone else finds nothing."""
    try:
        return read()
    except DomainError:  # not_found, or not_company_finance: a page hides what the API explains
        raise Http404 from None


@login_required
def statements(request):
    """对账单: the company's monthly credit statements with what each still owes (finance users and admin)."""
    membership = _finance_or_404(request, lambda: credit_selectors.finance_membership(request.user))
    rows = list(credit_selectors.company_statements(user=request.user)[:STATEMENTS_SHOWN])
    for row in rows:
        row.balance = credit_services.statement_balance(row)
    context = {"statements": rows, "company": membership.company, "me_tab": "company"}
    return render(request, "companies/statements.html", context)


@login_required
def statement(request, credit_statement_id: int):
    """A statement: its orders with every repayment and refund taken off each, its payments, and the form that
    pays what it still owes through the gateway (orders' /pay/)."""
    found = _finance_or_404(
        request, lambda: credit_selectors.company_statement(user=request.user, statement_id=credit_statement_id)
    )
    balance = credit_services.statement_balance(found)
    context = {
        "statement": found,
        "balance": balance,
        "lines": list(found.lines.all()),
        "payments": list(found.payments.all()),
        "me_tab": "company",
    }
    return render(request, "companies/statement.html", context)
