from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_page
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.fields import RegionField
from marketplace.api.serializers import InputSerializer
from marketplace.models import Region


@method_decorator(cache_page(60 * 60 * 24), name="get")  # official divisions change about once a year
class RegionListApi(APIView):
    """GET /api/v1/regions/[?parent=<code>]: the provinces, or the children of one region, for address pickers."""

    permission_classes = [AllowAny]
    pagination_class = None  # a region has at most a few hundred children

    class QuerySerializer(InputSerializer):
        parent = RegionField(required=False)

    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = Region
            fields = ["code", "name", "level"]

    @extend_schema(parameters=[QuerySerializer], responses=OutputSerializer(many=True))
    def get(self, request):
        query = self.QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        parent = query.validated_data.get("parent")
        regions = parent.children.all() if parent else Region.objects.provinces()
        return Response(self.OutputSerializer(regions, many=True).data)
