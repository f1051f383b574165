"""The group buy's API shapes, and the campaign input that the seller API and the seller page both validate with."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from groupbuys import services
from groupbuys.models import Campaign, Group, GroupStatus, MemberStatus
from groupbuys.selectors import masked_name
from marketplace.api.serializers import INTEGER_MAX, InputSerializer, IsoDateTimeField, MoneyField


class CampaignInputSerializer(InputSerializer):
    name = serializers.CharField(max_length=100)
    sku = serializers.IntegerField(min_value=1, max_value=INTEGER_MAX)
    group_price = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    opener_price = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    group_size = serializers.IntegerField(min_value=2, max_value=services.MAX_GROUP_SIZE)
    hours = serializers.IntegerField(min_value=1, max_value=services.MAX_HOURS)
    per_member_limit = serializers.IntegerField(min_value=1, max_value=services.MAX_LIMIT, default=1)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    exclusive = serializers.BooleanField(default=True)
    simulated_fill = serializers.BooleanField(default=False)

    def validate(self, data):
        if data["ends_at"] <= data["starts_at"]:
            raise serializers.ValidationError({"ends_at": [_("The end must be after the start.")]})
        return data

    def to_service(self) -> services.CampaignInput:
        values = dict(self.validated_data)
        values["sku_id"] = values.pop("sku")
        return services.CampaignInput(**values)


class CampaignSerializer(serializers.ModelSerializer):
    store = serializers.IntegerField(source="store_id", allow_null=True)
    sku = serializers.IntegerField(source="sku_id")
    product = serializers.IntegerField(source="sku.spu_id")
    title = serializers.CharField(source="sku.spu.title")
    price = MoneyField(source="sku.price")
    group_price = MoneyField()
    opener_price = MoneyField(allow_null=True)
    starts_at = IsoDateTimeField()
    ends_at = IsoDateTimeField()
    funded_by = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "store",
            "sku",
            "product",
            "title",
            "price",
            "group_price",
            "opener_price",
            "group_size",
            "hours",
            "per_member_limit",
            "starts_at",
            "ends_at",
            "exclusive",
            "simulated_fill",
            "status",
            "funded_by",
        ]

    def get_funded_by(self, campaign: Campaign) -> str:
        return "platform" if campaign.platform_funded else "store"


class GroupSerializer(serializers.ModelSerializer):
    """A group as anyone with its link sees it: places, deadline, members' masked names."""

    campaign = serializers.IntegerField(source="campaign_id")
    places_left = serializers.SerializerMethodField()
    expires_at = IsoDateTimeField()
    members = serializers.SerializerMethodField()

    class Meta:
        model = Group
        fields = ["id", "campaign", "status", "size", "places_left", "expires_at", "filled", "members"]

    def get_places_left(self, group: Group) -> int:
        return max(group.size - group.taken, 0)

    def get_members(self, group: Group) -> list[str]:
        return [masked_name(member.user) for member in group.places]


class MyPlaceSerializer(serializers.Serializer):
    """A group the member opened or joined (their place in it): the group's state, its places left and deadline,
    the link to share while it is open, and the member's order."""

    id = serializers.IntegerField(help_text="the member's place")
    group = serializers.IntegerField(source="group_id")
    campaign = serializers.IntegerField(source="group.campaign_id")
    name = serializers.CharField(source="group.campaign.name")
    sku = serializers.IntegerField(source="group.campaign.sku_id")
    title = serializers.CharField(source="group.campaign.sku.spu.title")
    group_price = MoneyField(source="group.campaign.group_price")
    is_opener = serializers.BooleanField()
    status = serializers.ChoiceField(choices=MemberStatus.choices, help_text="the member's place")
    group_status = serializers.ChoiceField(source="group.status", choices=GroupStatus.choices)
    group_size = serializers.IntegerField(source="group.size")
    places_left = serializers.SerializerMethodField()
    expires_at = IsoDateTimeField(source="group.expires_at", allow_null=True)
    order_no = serializers.CharField(source="order.order_no")
    share_url = serializers.SerializerMethodField(help_text="the group's page, while it is open to join")

    def get_places_left(self, place) -> int:
        return max(place.group.size - place.taken, 0)

    def get_share_url(self, place) -> str | None:
        if place.group.status != GroupStatus.OPEN:
            return None
        path = reverse("storefront-group", args=[place.group_id])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path
