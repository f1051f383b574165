"""The reviews API (API.md "Reviews"): a shopper reviews a received line and follows it up, anyone reads a
product's reviews and rating, the store lists its reviews and replies. Thin views: input, one service or selector,
output."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from catalog.selectors import product_for_sale
from marketplace.api.pagination import PageQuerySerializer, paginated_response
from marketplace.api.parsers import JSONParser
from marketplace.api.schema import error_response
from marketplace.api.serializers import InputSerializer
from marketplace.exceptions import NotFound
from orders.lifecycle.selectors import member_order
from reviews import selectors, services
from reviews.services import MAX_PHOTOS, MAX_TEXT
from stores.seller import SellerAPIView

REFUSED = error_response(
    "review_not_allowed",
    "already_reviewed",
    description="`review_not_allowed`: not received yet, or the review window closed (or the review is hidden); "
    "`already_reviewed`: done once already.",
)


class PhotoSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    thumbnail = serializers.SerializerMethodField()

    def _absolute(self, url: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_url(self, photo) -> str:
        return self._absolute(photo.image.url)

    def get_thumbnail(self, photo) -> str:
        return self._absolute(photo.thumb_url)


class FollowUpSerializer(serializers.Serializer):
    text = serializers.CharField()
    photos = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(PhotoSerializer(many=True))
    def get_photos(self, follow_up) -> list:
        photos = [photo for photo in follow_up.review.photos.all() if photo.follow_up]
        return PhotoSerializer(photos, many=True, context=self.context).data


class ReplySerializer(serializers.Serializer):
    text = serializers.CharField(source="reply")
    created_at = serializers.DateTimeField(source="replied_at")


class ReviewSerializer(serializers.Serializer):
    """A review as the storefront shows it: an anonymous author's name masked (张**)."""

    id = serializers.IntegerField()
    author = serializers.CharField(source="author_name")
    anonymous = serializers.BooleanField()
    stars = serializers.IntegerField()
    text = serializers.CharField()
    specs = serializers.DictField(child=serializers.CharField())
    photos = serializers.SerializerMethodField()
    follow_up = serializers.SerializerMethodField()
    reply = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(PhotoSerializer(many=True))
    def get_photos(self, review) -> list:
        photos = [photo for photo in review.photos.all() if not photo.follow_up]
        return PhotoSerializer(photos, many=True, context=self.context).data

    def _follow_up(self, review):
        return selectors.public_follow_up(review)

    @extend_schema_field(FollowUpSerializer(allow_null=True))
    def get_follow_up(self, review) -> dict | None:
        follow_up = self._follow_up(review)
        return FollowUpSerializer(follow_up, context=self.context).data if follow_up else None

    @extend_schema_field(ReplySerializer(allow_null=True))
    def get_reply(self, review) -> dict | None:
        return ReplySerializer(review).data if review.replied_at else None


class MemberReviewSerializer(ReviewSerializer):
    """A review as its author sees it: with its status (held ones only they see), the reason it was hidden, and the
    follow-up whatever its status."""

    status = serializers.CharField()
    hidden_reason = serializers.CharField()
    order_no = serializers.CharField(source="order.order_no")
    line = serializers.IntegerField(source="line_id")
    product = serializers.IntegerField(source="spu_id")
    title = serializers.CharField()

    def _follow_up(self, review):
        return getattr(review, "follow_up", None)


class StoreReviewSerializer(ReviewSerializer):
    product = serializers.IntegerField(source="spu_id")
    title = serializers.CharField()


class RatingSerializer(serializers.Serializer):
    average = serializers.DecimalField(max_digits=2, decimal_places=1)
    count = serializers.IntegerField()
    stars = serializers.SerializerMethodField()
    with_photos = serializers.IntegerField()

    def get_stars(self, rating) -> dict[str, int]:
        return {str(stars): count for stars, count in rating.by_star.items()}


# --- Shoppers


class ReviewCreateApi(APIView):
    """POST /api/v1/orders/{order_no}/lines/{line_id}/review/ (JSON, or multipart with up to 5 `photos`):
    `{"stars": 1-5, "text", "anonymous"}` -> 201 the review. Only the order's shopper, once the order is received,
    within REVIEW_WINDOW_DAYS; once per line. A hold-level word holds it for moderation (`status` "held")."""

    parser_classes = [JSONParser, MultiPartParser]

    class InputSerializer(InputSerializer):
        stars = serializers.IntegerField(min_value=1, max_value=5)
        text = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
        anonymous = serializers.BooleanField(required=False, default=False)
        photos = serializers.ListField(
            child=serializers.FileField(), required=False, default=list, max_length=MAX_PHOTOS
        )

    @extend_schema(request=InputSerializer, responses={201: MemberReviewSerializer, 409: REFUSED})
    def post(self, request, order_no: str, line_id: int):
        order = member_order(user=request.user, order_no=order_no)
        line = next((line for line in order.lines.all() if line.pk == line_id), None)
        if line is None:
            raise NotFound()
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_create(line=line, by=request.user, **data.validated_data)
        review = selectors.member_review(user=request.user, review_id=review.pk)
        return Response(
            MemberReviewSerializer(review, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class ReviewFollowUpApi(APIView):
    """POST /api/v1/me/reviews/{review_id}/follow-up/ `{"text"}` (and multipart `photos`) -> 201 the review with its
    follow-up (追评). Once per review, by its author."""

    parser_classes = [JSONParser, MultiPartParser]

    class InputSerializer(InputSerializer):
        text = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
        photos = serializers.ListField(
            child=serializers.FileField(), required=False, default=list, max_length=MAX_PHOTOS
        )

    @extend_schema(request=InputSerializer, responses={201: MemberReviewSerializer, 409: REFUSED})
    def post(self, request, review_id: int):
        review = selectors.member_review(user=request.user, review_id=review_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.review_follow_up(review=review, by=request.user, **data.validated_data)
        review = selectors.member_review(user=request.user, review_id=review.pk)
        return Response(
            MemberReviewSerializer(review, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class MemberReviewListApi(APIView):
    """GET /api/v1/me/reviews/: the member's reviews, newest first, in every status."""

    @extend_schema(parameters=[PageQuerySerializer], responses=MemberReviewSerializer(many=True))
    def get(self, request):
        PageQuerySerializer(data=request.query_params).is_valid(raise_exception=True)
        return paginated_response(
            request=request,
            view=self,
            queryset=selectors.member_reviews(user=request.user).select_related("order"),
            serializer_class=MemberReviewSerializer,
            context={"request": request},
        )


# --- The storefront


class ReviewFilterSerializer(PageQuerySerializer):
    stars = serializers.IntegerField(min_value=1, max_value=5, required=False)
    with_photos = serializers.BooleanField(required=False, default=False)


class ProductReviewListApi(APIView):
    """GET /api/v1/catalog/products/{spu_id}/reviews/?stars=&with_photos=1: a product's published reviews, newest
    first."""

    permission_classes = [AllowAny]

    @extend_schema(parameters=[ReviewFilterSerializer], responses=ReviewSerializer(many=True))
    def get(self, request, spu_id: int):
        if product_for_sale(spu_id=spu_id) is None:
            raise NotFound()
        filters = ReviewFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        reviews = selectors.product_reviews(
            spu_id=spu_id, stars=filters.validated_data.get("stars"), with_photos=filters.validated_data["with_photos"]
        )
        return paginated_response(
            request=request,
            view=self,
            queryset=reviews,
            serializer_class=ReviewSerializer,
            context={"request": request},
        )


class ProductRatingApi(APIView):
    """GET /api/v1/catalog/products/{spu_id}/rating/: the average stars (to 0.1), the count, the count of each star
    and of reviews with photos."""

    permission_classes = [AllowAny]

    @extend_schema(responses=RatingSerializer)
    def get(self, request, spu_id: int):
        if product_for_sale(spu_id=spu_id) is None:
            raise NotFound()
        return Response(RatingSerializer(selectors.product_rating(spu_id=spu_id)).data)


# --- The store


class SellerReviewListApi(SellerAPIView):
    """GET /api/v1/seller/reviews/?stars=&replied=true|false: the store's published reviews, newest first."""

    class FilterSerializer(PageQuerySerializer):
        stars = serializers.IntegerField(min_value=1, max_value=5, required=False)
        replied = serializers.BooleanField(required=False, allow_null=True, default=None)

    @extend_schema(parameters=[FilterSerializer], responses=StoreReviewSerializer(many=True))
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        reviews = selectors.store_reviews(
            store=self.store, stars=filters.validated_data.get("stars"), replied=filters.validated_data["replied"]
        )
        return paginated_response(
            request=request,
            view=self,
            queryset=reviews,
            serializer_class=StoreReviewSerializer,
            context={"request": request},
        )


class SellerReviewReplyApi(SellerAPIView):
    """POST /api/v1/seller/reviews/{review_id}/reply/ `{"text"}` -> 200 the review with the store's reply. Once per
    review; another store's review is not found."""

    class InputSerializer(InputSerializer):
        text = serializers.CharField(max_length=MAX_TEXT)

    @extend_schema(request=InputSerializer, responses={200: StoreReviewSerializer, 409: REFUSED})
    def post(self, request, review_id: int):
        review = get_object_or_404(selectors.store_reviews(store=self.store), pk=review_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.review_reply(review=review, store=self.store, by=request.user, text=data.validated_data["text"])
        review = selectors.store_review(store=self.store, review_id=review.pk)
        return Response(StoreReviewSerializer(review, context={"request": request}).data)
