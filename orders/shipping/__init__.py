"""The second split (after payment): a paid store order becomes parcels. `split` is the pure algorithm,
`sources` reads the stock it works from."""
