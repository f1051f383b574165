"""Payment: the merged payment of a trade, the gateways and their signed notifications, money sent back
through a gateway (by the outbox, after commit)."""
