"""The storefront's group-buy pages: the live campaigns (/group-buys/), a campaign with its open groups and the
button that opens a new one, and a group's shareable page (/groups/<id>/: members' names masked, places and time
left, the button that joins it). Both buttons lead to the checkout's "buy now" with the play in its address."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from groupbuys import selectors
from groupbuys.models import TAKING_A_PLACE, GroupStatus
from stores.seller_pages import paginate


def checkout_url(sku_id: int, play: str) -> str:
    return reverse("shop-checkout") + "?" + urlencode({"buy": 1, "sku": sku_id, "quantity": 1, "play": play})


def campaign_list(request):
    campaigns = list(selectors.live_campaigns(now=timezone.now()))
    return render(request, "groupbuys/list.html", {"campaigns": campaigns})


def campaign_detail(request, campaign_id: int):
    campaign = selectors.campaign_for_storefront(campaign_id=campaign_id, now=timezone.now())
    if campaign is None:
        raise Http404
    groups = [group for group in campaign.open_groups if group.taken < group.size][: selectors.OPEN_GROUPS_SHOWN]
    for group in groups:
        group.places_left = group.size - group.taken
    context = {
        "campaign": campaign,
        "groups": groups,
        "open_url": checkout_url(campaign.sku_id, f"group_open:{campaign.pk}"),
    }
    return render(request, "groupbuys/campaign.html", context)


def group_detail(request, group_id: int):
    group = selectors.group_page(group_id=group_id)
    if group is None:
        raise Http404
    now = timezone.now()
    mine = request.user.is_authenticated and any(member.user_id == request.user.pk for member in group.places)
    places_left = max(group.size - group.taken, 0)
    context = {
        "group": group,
        "campaign": group.campaign,
        "members": [(selectors.masked_name(member.user), member.is_opener) for member in group.places],
        "empty_places": range(places_left),
        "places_left": places_left,
        "mine": mine,
        "joinable": group.status == GroupStatus.OPEN and group.expires_at > now and places_left > 0 and not mine,
        "join_url": checkout_url(group.campaign.sku_id, f"group_join:{group.pk}"),
        "share_url": request.build_absolute_uri(),
        "my_order": _my_order(group, request.user) if mine else None,
    }
    return render(request, "groupbuys/group.html", context)


def _my_order(group, user):
    return next(
        (member.order for member in group.places if member.user_id == user.pk and member.status in TAKING_A_PLACE), None
    )


@login_required
def my_groups(request):
    """The groups the member opened or joined: each one's state, places left, deadline and link to share."""
    page = paginate(request, selectors.member_groups(user=request.user))
    for place in page:
        place.places_left = max(place.group.size - place.taken, 0)
    return render(request, "groupbuys/mine.html", {"page": page, "me_tab": "groups"})
