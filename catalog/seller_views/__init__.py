"""Seller backend pages of the catalog (decision 0010), gathered by marketplace/seller_urls.py: the store's products
and their stock (`products`), and for franchise and direct stores, which sell HQ's catalogue instead of publishing
(seed 004), HQ's catalogue to list from and the store's listings (`listings`)."""
