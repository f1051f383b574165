"""Group-buy reads: the storefront's live campaigns with their open groups, a group's public page (its members'
names masked), and a store's own campaigns (another store's is not found)."""

from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet

from groupbuys.models import TAKING_A_PLACE, Campaign, CampaignStatus, Group, GroupStatus, Member
from stores.models import Store

OPEN_GROUPS_SHOWN = 5


def _with_places(groups: QuerySet[Group]) -> QuerySet[Group]:
    """Each group's places taken (`taken`) by placed or paid orders, in the query."""
    return groups.annotate(taken=Count("members", filter=Q(members__status__in=TAKING_A_PLACE)))


def joinable_groups(*, now: datetime) -> QuerySet[Group]:
    return _with_places(Group.objects.filter(status=GroupStatus.OPEN, expires_at__gt=now)).order_by("expires_at", "id")


def live_campaigns(*, now: datetime) -> QuerySet[Campaign]:
    """Campaigns live now, soonest to end first, with their SKU and product."""
    return (
        Campaign.objects.filter(status=CampaignStatus.ACTIVE, starts_at__lte=now, ends_at__gt=now)
        .select_related("sku__spu")
        .order_by("ends_at", "id")
    )


def campaign_for_storefront(*, campaign_id: int, now: datetime) -> Campaign | None:
    """A live campaign with its groups open to join (the fullest first), or None."""
    return (
        live_campaigns(now=now)
        .filter(pk=campaign_id)
        .prefetch_related(Prefetch("groups", queryset=joinable_groups(now=now), to_attr="open_groups"))
        .first()
    )


def group_page(*, group_id: int) -> Group | None:
    """A group for its shareable page: campaign, SKU, product, opener, and the members holding a place."""
    members = Member.objects.filter(status__in=TAKING_A_PLACE).select_related("user").order_by("joined_at", "id")
    return (
        _with_places(Group.objects.filter(pk=group_id).exclude(status=GroupStatus.FORMING))
        .select_related("campaign__sku__spu")
        .prefetch_related(Prefetch("members", queryset=members, to_attr="places"))
        .first()
    )


def masked_name(user) -> str:
    """A member as others see them on a group's page: the first character and stars (张**)."""
    name = user.get_full_name() or user.username
    return name[:1] + "**"


def store_campaigns(*, store: Store) -> QuerySet[Campaign]:
    return Campaign.objects.filter(store=store).select_related("sku__spu").order_by("-starts_at", "-id")


def with_group_counts(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Each campaign's groups open now, complete and failed (`groups_open`, `groups_succeeded`, `groups_failed`)."""
    return campaigns.annotate(
        **{
            f"groups_{status}": Count("groups", filter=Q(groups__status=status))
            for status in (GroupStatus.OPEN, GroupStatus.SUCCEEDED, GroupStatus.FAILED)
        }
    )


def member_groups(*, user) -> QuerySet[Member]:
    """A member's places, newest first, with their group and campaign, and the group's places taken (`taken`), in
    one query whatever the page's size. The opener's own unpaid order counts: a forming group shows too."""
    taken = Count("group__members", filter=Q(group__members__status__in=TAKING_A_PLACE))
    return (
        Member.objects.filter(user=user)
        .select_related("group__campaign__sku__spu", "order")
        .annotate(taken=taken)
        .order_by("-joined_at", "-id")
    )
