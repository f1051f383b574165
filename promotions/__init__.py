"""Promotions: the rules and the pure pricing pipeline; flash sale, group buy, presale, wholesale tiers."""
