"""The storefront's message centre (/me/messages/): the member's messages, newest first, each opened (and so
marked read) by its button; and the channels they want per group of messages."""

from django import forms
from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from marketplace.exceptions import NotFound
from marketplace.notifications import selectors, services
from marketplace.notifications.kinds import Channels
from marketplace.notifications.kinds import render as render_message
from marketplace.notifications.models import NotificationChannel, NotificationGroup

PAGE_SIZE = 20


def message_rows(page) -> list[dict]:
    """Each message of a page with its words in the request's language."""
    return [{"message": message, "text": render_message(message.kind, message.params)} for message in page]


class PreferencesForm(forms.Form):
    """A checkbox per group and channel, and the language of e-mail and SMS."""

    language = forms.ChoiceField(label=gettext_lazy("E-mail and SMS in"), choices=settings.LANGUAGES)

    def __init__(self, *args, chosen: dict[str, Channels], **kwargs):
        super().__init__(*args, **kwargs)
        for group in NotificationGroup:
            for channel in NotificationChannel:
                self.fields[f"{group.value}-{channel.value}"] = forms.BooleanField(
                    label=f"{group.label}: {channel.label}",
                    required=False,
                    initial=getattr(chosen[group.value], channel.value),
                )

    def rows(self) -> list[tuple[str, list]]:
        """The checkboxes as a table: a row per group, a column per channel."""
        return [
            (group.label, [self[f"{group.value}-{channel.value}"] for channel in NotificationChannel])
            for group in NotificationGroup
        ]

    def channels(self) -> dict[str, Channels]:
        data = self.cleaned_data
        return {
            group: Channels(**{channel: data[f"{group}-{channel}"] for channel in NotificationChannel.values})
            for group in NotificationGroup.values
        }


@login_required
def inbox(request):
    page = Paginator(selectors.personal_messages(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    form = PreferencesForm(
        initial={"language": request.user.language}, chosen=services.preferences_of(user=request.user)
    )
    context = {
        "page": page,
        "rows": message_rows(page),
        "form": form,
        "channels": NotificationChannel.labels,
        "me_tab": "messages",
    }
    return render(request, "notifications/inbox.html", context)


@login_required
@require_POST
def read(request, message_id: int):
    """Open a message: it is marked read and the member goes where it leads (or back to the list)."""
    try:
        message = selectors.message_of(messages=selectors.personal_messages(user=request.user), message_id=message_id)
    except NotFound:
        raise Http404 from None
    services.message_read(message=message)
    return redirect(render_message(message.kind, message.params).link or "shop-messages")


@login_required
@require_POST
def read_all(request):
    services.messages_read_all(messages=selectors.personal_messages(user=request.user))
    return redirect("shop-messages")


@login_required
@require_POST
def preferences(request):
    form = PreferencesForm(request.POST, chosen=services.preferences_of(user=request.user))
    if form.is_valid():
        services.preferences_update(user=request.user, groups=form.channels(), language=form.cleaned_data["language"])
        flash.success(request, _("Your notification settings are saved."))
    else:
        flash.error(request, _("Choose a language from the list."))
    return redirect("shop-messages")
