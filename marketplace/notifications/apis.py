"""The message centre's API, for apps: a member's messages (their own and their store's), marking one read, and
the channels they want per group of messages."""

from types import SimpleNamespace

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.pagination import PageNumberPagination, PageQuerySerializer
from marketplace.api.serializers import InputSerializer
from marketplace.exceptions import InvalidInput
from marketplace.notifications import selectors, services
from marketplace.notifications.kinds import Channels, group_of, render
from marketplace.notifications.models import Message, MessageKind, NotificationGroup


class MessageSerializer(serializers.Serializer):
    """A message with its words in the request's language (`title`, `body`, and `note`, a person's own words)."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=MessageKind.choices)
    group = serializers.ChoiceField(choices=NotificationGroup.choices)
    title = serializers.CharField()
    body = serializers.CharField()
    note = serializers.CharField(help_text="A person's own words about it (a store's reason), or empty.")
    link = serializers.CharField(help_text="The page of this site it is about (a path), or empty.")
    params = serializers.DictField(help_text="What the words are made from: order and refund numbers, amounts.")
    store = serializers.IntegerField(allow_null=True, help_text="The store a staff member is told about; null: yours.")
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, message: Message) -> dict:
        text = render(message.kind, message.params)
        return super().to_representation(
            SimpleNamespace(
                id=message.pk,
                kind=message.kind,
                group=group_of(message.kind),
                title=text.title,
                body=text.body,
                note=text.note,
                link=text.link,
                params=message.params,
                store=message.store_id,
                created_at=message.created_at,
                read_at=message.read_at,
            )
        )


class UnreadSerializer(serializers.Serializer):
    unread = serializers.IntegerField(help_text="How many of the caller's messages are unread (all of them).")


class MessageListApi(APIView):
    """GET /api/v1/me/messages/?unread=: the caller's messages, newest first, with the unread count beside them."""

    page_extras = UnreadSerializer

    class QuerySerializer(PageQuerySerializer):
        unread = serializers.BooleanField(required=False, allow_null=True, default=None, help_text="Only unread ones.")

    @extend_schema(parameters=[QuerySerializer], responses=MessageSerializer(many=True))
    def get(self, request):
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        messages = selectors.messages_of(user=request.user)
        unread = messages.filter(read_at__isnull=True)
        if query.validated_data.get("unread"):
            messages = unread
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(messages, request, view=self)
        response = paginator.get_paginated_response(MessageSerializer(page, many=True).data)
        response.data["unread"] = unread.count()
        return response


class MessageReadApi(APIView):
    """POST /api/v1/me/messages/{id}/read/: mark one of the caller's messages read (again: no change)."""

    @extend_schema(request=None, responses=MessageSerializer)
    def post(self, request, message_id: int):
        message = selectors.message_of(messages=selectors.messages_of(user=request.user), message_id=message_id)
        return Response(MessageSerializer(services.message_read(message=message)).data)


class ChannelsSerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=NotificationGroup.choices)
    label = serializers.CharField()
    site = serializers.BooleanField(help_text="In the message centre (/me/messages/, /seller/messages/).")
    email = serializers.BooleanField(help_text="By e-mail, to the account's address.")
    sms = serializers.BooleanField(help_text="By SMS, to the account's phone.")


class PreferencesSerializer(serializers.Serializer):
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, help_text="The language e-mail and SMS are written in."
    )
    groups = ChannelsSerializer(many=True)


class ChannelsInputSerializer(InputSerializer):
    group = serializers.ChoiceField(choices=NotificationGroup.choices)
    site = serializers.BooleanField()
    email = serializers.BooleanField()
    sms = serializers.BooleanField()


def preferences_json(user, chosen: dict[str, Channels]) -> dict:
    labels = dict(NotificationGroup.choices)
    groups = [{"group": group, "label": str(labels[group]), **vars(channels)} for group, channels in chosen.items()]
    return PreferencesSerializer({"language": user.language, "groups": groups}).data


class NotificationPreferencesApi(APIView):
    """GET|PUT /api/v1/me/notification-preferences/: which channels tell the caller of each group of messages, and
    the language of e-mail and SMS. A PUT names the groups it changes; the others stay as they are."""

    class InputSerializer(InputSerializer):
        language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
        groups = ChannelsInputSerializer(many=True, required=False, max_length=len(NotificationGroup.values))

    @extend_schema(responses=PreferencesSerializer)
    def get(self, request):
        return Response(preferences_json(request.user, services.preferences_of(user=request.user)))

    @extend_schema(request=InputSerializer, responses=PreferencesSerializer)
    def put(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        groups = {}
        for row in data.validated_data.get("groups", []):
            if row["group"] in groups:
                raise InvalidInput(fields={"groups": [_("%(group)s is named twice.") % {"group": row["group"]}]})
            groups[row["group"]] = Channels(site=row["site"], email=row["email"], sms=row["sms"])
        chosen = services.preferences_update(
            user=request.user, groups=groups, language=data.validated_data.get("language")
        )
        return Response(preferences_json(request.user, chosen))
