"""Seller backend pages of the reviews center: the store's published reviews with filters (stars, replied or not)
and the reply form, one reply per review. Any staff member may reply (customer service is often a clerk); another
store's review is a 404."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from marketplace.exceptions import DomainError
from marketplace.query import next_url
from reviews import selectors, services
from reviews.forms import ReplyForm
from stores.seller_pages import paginate, seller_page

REPLIED = {"yes": True, "no": False}


@seller_page
def review_list(request):
    stars = selectors.stars_filter(request.GET.get("stars"))
    replied = request.GET.get("replied") if request.GET.get("replied") in REPLIED else ""
    reviews = selectors.store_reviews(store=request.store, stars=stars, replied=REPLIED.get(replied))
    context = {
        "page": paginate(request, reviews),
        "stars": stars,
        "replied": replied,
        "star_choices": selectors.STARS,
        "rating": selectors.store_rating([request.store.pk]).get(request.store.pk),
        "section": "reviews",
    }
    return render(request, "seller/reviews/list.html", context)


@seller_page
@require_POST
def review_reply(request, review_id: int):
    review = get_object_or_404(selectors.store_reviews(store=request.store), pk=review_id)
    form = ReplyForm(request.POST)
    back = next_url(request, reverse("seller:reviews"))
    if not form.is_valid():
        messages.error(request, _("Write the reply (at most %(n)d characters).") % {"n": services.MAX_TEXT})
        return redirect(back)
    try:
        services.review_reply(review=review, store=request.store, by=request.user, text=form.cleaned_data["text"])
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Your reply is published with the review."))
    return redirect(back)
