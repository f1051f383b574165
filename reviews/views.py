"""The shopper's review pages: review a received line (or see the review and follow it up), and "my reviews" in
the account area. Each write is one service call; a refusal is the service's message next to its field."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.exceptions import DomainError, InvalidInput, NotFound
from orders.lifecycle.selectors import member_order
from reviews import selectors, services
from reviews.forms import FollowUpForm, ReviewForm
from reviews.models import ReviewStatus
from stores.seller_pages import paginate


def _refused(form, error: DomainError) -> None:
    """The service's refusal on the form: next to the field it names, or above the form."""
    named = [name for name in error.fields if name in form.fields] if isinstance(error, InvalidInput) else []
    for name in named:
        for message in error.fields[name]:
            form.add_error(name, str(message))
    if not named:
        form.add_error(None, error.detail)


@login_required
def review_line(request, order_no: str, line_id: int):
    """GET: the form to review one line of the member's order, or their review of it with the follow-up form.
    POST: the review."""
    try:
        order = member_order(user=request.user, order_no=order_no)
    except NotFound:
        raise Http404 from None
    line = next((line for line in order.lines.all() if line.pk == line_id), None)
    if line is None:
        raise Http404
    line.order = order
    review = selectors.member_line_reviews(user=request.user, line_ids=[line.pk]).get(line.pk)
    if review is not None:
        return redirect("shop-me-review", review.pk)
    form = ReviewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(
                line=line,
                by=request.user,
                stars=form.cleaned_data["stars"],
                text=form.cleaned_data["text"],
                photos=form.cleaned_data["photos"],
                anonymous=form.cleaned_data["anonymous"],
            )
        except DomainError as error:
            _refused(form, error)
        else:
            if review.status == ReviewStatus.HELD:
                messages.info(request, _("Thank you. Your review is shown once it has been checked."))
            else:
                messages.success(request, _("Thank you for your review."))
            return redirect("shop-me-review", review.pk)
    context = {
        "order": order,
        "line": line,
        "form": form,
        "open": services.can_review(line),
        "deadline": services.review_deadline(line),
        "me_tab": "reviews",
    }
    return render(request, "reviews/review_form.html", context)


@login_required
def my_reviews(request):
    page = paginate(request, selectors.member_reviews(user=request.user), per_page=10)
    return render(request, "reviews/my_reviews.html", {"page": page, "me_tab": "reviews"})


@login_required
def my_review(request, review_id: int):
    """One of the member's reviews in whatever status, with the follow-up form while it may have one."""
    try:
        review = selectors.member_review(user=request.user, review_id=review_id)
    except NotFound:
        raise Http404 from None
    form = FollowUpForm()
    return render(request, "reviews/my_review.html", _review_context(review, form))


def _review_context(review, form) -> dict:
    follow_up = getattr(review, "follow_up", None)
    return {
        "review": review,
        "follow_up": follow_up,
        "form": form if follow_up is None and review.status != ReviewStatus.HIDDEN else None,
        "me_tab": "reviews",
    }


@login_required
@require_POST
def follow_up(request, review_id: int):
    try:
        review = selectors.member_review(user=request.user, review_id=review_id)
    except NotFound:
        raise Http404 from None
    form = FollowUpForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.review_follow_up(
                review=review, by=request.user, text=form.cleaned_data["text"], photos=form.cleaned_data["photos"]
            )
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Your follow-up review is added."))
            return redirect(reverse("shop-me-review", args=[review.pk]))
    return render(request, "reviews/my_review.html", _review_context(review, form))
