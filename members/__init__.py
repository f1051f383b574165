"""Members: the custom user, roles, API tokens; later levels, points, addresses, stored value."""
