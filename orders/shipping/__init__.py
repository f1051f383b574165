"""Shipping, the second split (after payment): a paid store order becomes parcels. `split` is the pure algorithm,
`sources` reads the stock it works from, `services` writes the parcels and ships them, `tracking` follows them to
the door; the seller's shipping API and pages."""
