"""Orders: cart, checkout, trades and store orders, payments, state machine, shipments, after-sales."""
