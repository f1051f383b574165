"""The group-buy API: the storefront's live campaigns and a group's public view; the seller's campaigns (list,
create, stop)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from groupbuys import selectors, services
from groupbuys.exceptions import NotFound
from groupbuys.serializers import CampaignInputSerializer, CampaignSerializer, GroupSerializer, MyPlaceSerializer
from marketplace.api.pagination import paginated_response
from marketplace.api.schema import error_response
from stores.permissions import IsStoreManager, IsStoreStaff
from stores.seller import SellerAPIView


class CampaignListApi(APIView):
    """GET /api/v1/group-buys/: the campaigns live now, soonest to end first."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: CampaignSerializer(many=True)})
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.live_campaigns(now=timezone.now()),
            serializer_class=CampaignSerializer,
        )


class MyGroupListApi(APIView):
    """GET /api/v1/me/groups/: the groups the member opened or joined (their places), newest first."""

    @extend_schema(responses={200: MyPlaceSerializer(many=True)})
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.member_groups(user=request.user),
            serializer_class=MyPlaceSerializer,
            context={"request": request},
        )


class MyGroupApi(APIView):
    """GET /api/v1/me/groups/{id}/: one of the member's places (another member's is not found)."""

    @extend_schema(responses={200: MyPlaceSerializer, 404: error_response("not_found")})
    def get(self, request, place_id: int):
        place = get_object_or_404(selectors.member_groups(user=request.user), pk=place_id)
        return Response(MyPlaceSerializer(place, context={"request": request}).data)


class GroupApi(APIView):
    """GET /api/v1/groups/{id}/: a group as its shareable link shows it (members' names masked)."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: GroupSerializer, 404: error_response("not_found", description="No such group.")})
    def get(self, request, group_id: int):
        group = selectors.group_page(group_id=group_id)
        if group is None:
            raise NotFound()
        return Response(GroupSerializer(group).data)


class SellerCampaignListApi(SellerAPIView):
    """GET/POST /api/v1/seller/group-buys/: the store's campaigns (every staff member reads); create one for its own
    SKU (managers and owners; store funded)."""

    def get_permissions(self):
        return [IsStoreStaff()] if self.request.method == "GET" else [IsStoreManager()]

    @extend_schema(responses={200: CampaignSerializer(many=True)})
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.store_campaigns(store=self.store),
            serializer_class=CampaignSerializer,
        )

    @extend_schema(request=CampaignInputSerializer, responses={201: CampaignSerializer})
    def post(self, request):
        data = CampaignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        campaign = services.campaign_create(store=self.store, by=request.user, data=data.to_service())
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)


class SellerCampaignStopApi(SellerAPIView):
    """POST /api/v1/seller/group-buys/{id}/stop/: no new group from now on (open groups run to their deadline)."""

    permission_classes = [IsStoreManager]

    @extend_schema(
        request=None,
        responses={200: CampaignSerializer, 409: error_response("invalid_transition", description="Stopped already.")},
    )
    def post(self, request, campaign_id: int):
        campaign = get_object_or_404(selectors.store_campaigns(store=self.store), pk=campaign_id)
        campaign = services.campaign_stop(campaign=campaign, by=request.user)
        return Response(CampaignSerializer(selectors.store_campaigns(store=self.store).get(pk=campaign.pk)).data)
