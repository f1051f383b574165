"""Catalog: SPU / SKU, attributes, backend and storefront category trees, brands, stock, search."""
