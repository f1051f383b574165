"""The auction API: the storefront's auctions, one auction with its bids, the member's deposit and bids, and the
seller's auctions (create, list, publish, cancel)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from auctions import selectors, services
from auctions.serializers import (
    AuctionInputSerializer,
    AuctionSerializer,
    BidSerializer,
    MyAuctionSerializer,
    SellerAuctionSerializer,
)
from marketplace.api.pagination import paginated_response
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from orders.payment.gateways import gateway, gateway_names
from orders.payment.methods import method_names
from orders.payment.serializers import PaymentStartedSerializer
from stores.permissions import IsStoreManager, IsStoreStaff
from stores.seller import SellerAPIView

REFUSED = error_response(
    "auction_not_live",
    "auction_deposit_required",
    "auction_bid_too_low",
    "auction_outbid",
    "auction_deposit_paid",
    description="The auction's rules refuse it.",
)


def pay_url(payment) -> str | None:
    """Where the payer goes to pay (the gateway's page), relative."""
    return gateway(payment.method).pay_url(payment) if payment.method in gateway_names() else None


class AuctionListApi(APIView):
    """GET /api/v1/auctions/: running auctions, ending soonest first."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: AuctionSerializer(many=True)})
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.storefront_auctions(now=timezone.now()),
            serializer_class=AuctionSerializer,
        )


class AuctionDetailApi(APIView):
    """GET /api/v1/auctions/{id}/: the auction, its ten highest bids (`mine` marks the reader's) and whether the
    reader's deposit is paid."""

    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: inline_serializer(
                "AuctionDetail",
                {
                    "auction": AuctionSerializer(),
                    "bids": BidSerializer(many=True),
                    "deposit_paid": serializers.BooleanField(),
                    "winner": serializers.BooleanField(),
                },
            ),
            404: error_response("not_found", description="No such published auction."),
        }
    )
    def get(self, request, auction_id: int):
        auction = selectors.auction_of(auction_id=auction_id)
        context = {"user": request.user if request.user.is_authenticated else None}
        return Response(
            {
                "auction": AuctionSerializer(auction).data,
                "bids": BidSerializer(selectors.last_bids(auction=auction), many=True, context=context).data,
                "deposit_paid": selectors.has_paid_deposit(auction=auction, user=request.user),
                "winner": auction.winner_id is not None and auction.winner_id == request.user.pk,
            }
        )


class AuctionDepositApi(APIView):
    """POST /api/v1/auctions/{id}/deposit/ {"method"}: start paying the deposit (a payment with no orders); pay
    at `pay_url`. The gateway's notification marks the deposit paid."""

    class InputSerializer(InputSerializer):
        method = serializers.ChoiceField(choices=method_names())

    @extend_schema(request=InputSerializer, responses={201: PaymentStartedSerializer, 409: REFUSED})
    def post(self, request, auction_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payment = services.deposit_start(auction_id=auction_id, user=request.user, method=data.validated_data["method"])
        url = pay_url(payment)
        context = {"pay_url": request.build_absolute_uri(url) if url else None}
        return Response(PaymentStartedSerializer(payment, context=context).data, status=status.HTTP_201_CREATED)


class AuctionBidApi(APIView):
    """POST /api/v1/auctions/{id}/bids/ {"amount"}: a bid; at the buy-out price it wins at once."""

    class InputSerializer(InputSerializer):
        amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)

    @extend_schema(request=InputSerializer, responses={201: BidSerializer, 409: REFUSED})
    def post(self, request, auction_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        bid = services.bid_place(auction_id=auction_id, user=request.user, amount=data.validated_data["amount"])
        return Response(BidSerializer(bid, context={"user": request.user}).data, status=status.HTTP_201_CREATED)


class SellerAuctionListApi(SellerAPIView):
    """GET/POST /api/v1/seller/auctions/: the store's auctions (any staff); create a draft of its own SKU (owners
    and managers; store funded)."""

    def get_permissions(self):
        return [IsStoreStaff()] if self.request.method in ("GET", "HEAD", "OPTIONS") else [IsStoreManager()]

    @extend_schema(responses={200: SellerAuctionSerializer(many=True)})
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.store_auctions(store=self.store),
            serializer_class=SellerAuctionSerializer,
        )

    @extend_schema(request=AuctionInputSerializer, responses={201: SellerAuctionSerializer})
    def post(self, request):
        data = AuctionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        auction = services.auction_create(store=self.store, by=request.user, values=data.to_service())
        return Response(SellerAuctionSerializer(auction).data, status=status.HTTP_201_CREATED)


class SellerAuctionActionApi(SellerAPIView):
    """POST /api/v1/seller/auctions/{id}/publish/ (take the lot from stock, open it) or .../cancel/ (a draft)."""

    permission_classes = [IsStoreManager]
    action = ""

    @extend_schema(
        request=None,
        responses={
            200: SellerAuctionSerializer,
            409: error_response("invalid_transition", "insufficient_stock", description="Not a draft, or no stock."),
        },
    )
    def post(self, request, auction_id: int):
        auction = get_object_or_404(selectors.store_auctions(store=self.store), pk=auction_id)
        if self.action == "publish":
            auction = services.auction_publish(auction=auction, by=request.user)
        else:
            auction = services.auction_cancel(auction=auction, by=request.user)
        return Response(SellerAuctionSerializer(selectors.store_auctions(store=self.store).get(pk=auction.pk)).data)


class MyAuctionListApi(APIView):
    """GET /api/v1/me/auctions/: the auctions the member bid on or paid a deposit for, the latest to end first."""

    @extend_schema(responses={200: MyAuctionSerializer(many=True)})
    def get(self, request):
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.member_auctions(user=request.user),
            serializer_class=MyAuctionSerializer,
            context={"request": request},
        )


class MyAuctionApi(APIView):
    """GET /api/v1/me/auctions/{id}/: one of them (an auction the member took no part in is not found)."""

    @extend_schema(responses={200: MyAuctionSerializer, 404: error_response("not_found")})
    def get(self, request, auction_id: int):
        auction = get_object_or_404(selectors.member_auctions(user=request.user), pk=auction_id)
        return Response(MyAuctionSerializer(auction, context={"request": request}).data)
