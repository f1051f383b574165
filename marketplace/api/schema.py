from drf_spectacular import openapi


class AutoSchema(openapi.AutoSchema):
    """Names each view's nested serializers after the view ("RegisterApi.InputSerializer" -> "RegisterInput"), so
    the many InputSerializer / OutputSerializer classes of the codebase become distinct schema components."""

    def get_serializer_name(self, serializer, direction):
        cls = type(serializer)
        owner, _, name = cls.__qualname__.rpartition(".")
        if not owner:
            return super().get_serializer_name(serializer, direction)
        return owner.removesuffix("Api") + name.removesuffix("Serializer")
