"""What every API of every app shares: the error shape, pagination, strict input serializers."""
