"""The applicant's pages under /me/store/ (开店): apply to open a store, follow the application, correct and resubmit
it when rejected, see its documents. Each reads only the logged-in user's own application (no page names an
application's id), and writes through the services the API uses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.exceptions import DomainError, InvalidInput
from marketplace.query import next_url
from stores import invitations, selectors, services
from stores.business_categories import category_names
from stores.choice import chosen_store, store_choose
from stores.documents import document_response
from stores.forms import StoreApplicationForm, StoreFinderForm, application_initial
from stores.models import Store, StoreStatus

# An application that became a store: there is nothing left to apply for.
OPEN = {StoreStatus.ACTIVE, StoreStatus.FROZEN}


@login_required
def application(request):
    """Where the application stands: under review, rejected with the operator's reason, approved (then the seller
    backend's link); a user with no application is sent to the form."""
    membership = selectors.membership_of(request.user)
    store = selectors.application_of(user=request.user)
    if store is None and membership is None:
        return redirect("shop-me-store-apply")
    context = {
        "membership": membership,
        "application": store,
        "categories": category_names(store.business_categories) if store else [],
        "reason": selectors.rejection_reason(store=store) if store and store.status == StoreStatus.REJECTED else "",
        "history": selectors.application_history(store=store) if store else [],
        "can_apply_again": membership is None and store is not None and store.status == StoreStatus.CLOSED,
        "me_tab": "store",
    }
    return render(request, "stores/application.html", context)


@login_required
def apply(request):
    """The application form: blank for a first application, filled in with a rejected one to correct. A user with a
    store, or with an application under review, is told so on the status page instead."""
    if selectors.membership_of(request.user) is not None:
        messages.info(request, _("You already run a store: manage it in the seller backend."))
        return redirect("shop-me-store")
    store = selectors.application_of(user=request.user)
    if store is not None and store.status in {StoreStatus.APPLYING, *OPEN}:
        messages.info(request, _("Your application is under review: you will be told of the decision."))
        return redirect("shop-me-store")
    resubmitting = store is not None and store.status == StoreStatus.REJECTED
    form = StoreApplicationForm(
        request.POST or None,
        request.FILES or None,
        resubmitting=resubmitting,
        initial=application_initial(store) if resubmitting else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if resubmitting:
                services.store_resubmit(store=store, by=request.user, **form.application())
            else:
                services.store_apply(applicant=request.user, **form.application())
        except InvalidInput as error:
            _errors_onto(form, error)
        except DomainError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("Your application was submitted: the platform reviews it shortly."))
            return redirect("shop-me-store")
    context = {
        "form": form,
        "resubmitting": resubmitting,
        "reason": selectors.rejection_reason(store=store) if resubmitting else "",
        "me_tab": "store",
    }
    return render(request, "stores/apply.html", context, status=400 if form.errors else 200)


def _errors_onto(form: StoreApplicationForm, error: InvalidInput) -> None:
    if not error.fields:
        form.add_error(None, error.detail)
    for field, problems in error.fields.items():
        form.add_error(field if field in form.fields else None, problems)


@login_required
def application_document(request, kind: str):
    """A document of the user's own latest application (the licence or the ID they sent), as a picture."""
    store = selectors.application_of(user=request.user)
    if store is None:
        raise Http404
    return document_response(store, kind)


def join(request, code: str):
    """/join/<code>/: where a store's (or a clerk's) member QR code leads. Names the store and the clerk, and
    offers to register (the code goes with it, so the new member is the store's) or to log in. An unknown or
    revoked code is a 404."""
    invitation = invitations.live_invitation(code=code)
    if invitation is None:
        raise Http404
    if request.user.is_authenticated:
        # the store they shop through now (the first touch still decides their source)
        store_choose(request=request, store=invitation.store)
    context = {
        "invitation": invitation,
        "store": invitation.store,
        "staff": invitation.staff,
        "register_query": urlencode({"invite": invitation.code, "next": f"/stores/{invitation.store_id}/"}),
        "login_query": urlencode({"next": request.path}),
    }
    return render(request, "stores/join.html", context)


FINDER_LIMIT = 50  # stores on one finder page: the nearest, or a city's


def store_finder(request):
    """/stores/nearby/: active stores nearest the browser's location (?lat=&lng=, sent by static/js/stores.js) or in
    a typed city (?city=), with their hours, distance, pickup and a map link; each may be chosen as the store the
    visitor shops through (POST /stores/choose/)."""
    form = StoreFinderForm(request.GET or None)
    stores, located = [], False
    if form.is_valid() and form.has_point():
        stores = selectors.stores_nearby(latitude=form.cleaned_data["lat"], longitude=form.cleaned_data["lng"])
        located = True
    elif form.is_valid() and form.cleaned_data["city"]:
        stores = selectors.stores_in_city(city=form.cleaned_data["city"])
    stores = list(stores[:FINDER_LIMIT]) if stores else []
    for store in stores:
        store.map_link = selectors.map_link(store)
    context = {"form": form, "stores": stores, "located": located, "chosen": chosen_store(request)}
    return render(request, "stores/finder.html", context, status=200 if not form.errors else 400)


@require_POST
def store_choose_page(request):
    """Choose the store to shop through (or, with no store, HQ's online store again) and go back."""
    store_id = request.POST.get("store", "")
    store = Store.objects.active().filter(pk=store_id).first() if store_id.isdigit() else None
    if store_id and store is None:
        raise Http404
    store_choose(request=request, store=store)
    if store is None:
        messages.success(request, _("You are shopping at the online store again."))
    else:
        messages.success(request, _("You are shopping at %(store)s.") % {"store": store.name})
    return redirect(next_url(request, reverse("storefront-store", args=[store.pk]) if store else "/"))
