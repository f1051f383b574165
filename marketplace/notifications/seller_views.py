"""The seller backend's message centre (/seller/messages/): what the staff member was told about their store (a
paid order, an after-sales request, a product's review), newest first. Each staff member reads their own."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from marketplace.notifications import selectors, services
from marketplace.notifications.kinds import render as render_message
from marketplace.notifications.views import message_rows
from stores.seller_pages import paginate, seller_page


@seller_page
def inbox(request):
    page = paginate(request, selectors.store_messages(user=request.user, store=request.store))
    return render(request, "seller/messages.html", {"page": page, "rows": message_rows(page), "section": "messages"})


@seller_page
@require_POST
def read(request, message_id: int):
    """Open a message: marked read, then the page it is about (or back to the list)."""
    messages = selectors.store_messages(user=request.user, store=request.store)
    message = selectors.message_of(messages=messages, message_id=message_id)  # another's: 404 (seller_page)
    services.message_read(message=message)
    return redirect(render_message(message.kind, message.params).link or "seller:messages")


@seller_page
@require_POST
def read_all(request):
    services.messages_read_all(messages=selectors.store_messages(user=request.user, store=request.store))
    return redirect("seller:messages")
