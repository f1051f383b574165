"""The storefront's flash-sale page (/flash/): live and upcoming sessions with their countdowns, and for a member
the pass the page's script sends with each attempt (static/js/flash.js)."""

from django.shortcuts import render
from django.utils import timezone

from flashsales import selectors
from flashsales.apis import checkout_url


def flash_page(request):
    now = timezone.now()
    sessions = list(selectors.storefront_sessions(now=now))
    for session in sessions:
        session.live = session.starts_at <= now
        for item in session.items.all():
            item.checkout_url = checkout_url(item.sku_id, 1)
    member_pass = selectors.member_pass(user_id=request.user.pk) if request.user.is_authenticated else ""
    return render(request, "flashsales/flash.html", {"sessions": sessions, "member_pass": member_pass})
