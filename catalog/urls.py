from django.urls import path

from catalog import apis

urlpatterns = [
    path("catalog/categories/", apis.CategoriesApi.as_view(), name="catalog-categories"),
    path("catalog/products/", apis.ProductListApi.as_view(), name="catalog-products"),
    path("catalog/products/<int:spu_id>/", apis.ProductDetailApi.as_view(), name="catalog-product"),
    path("me/favourites/products/", apis.FavouriteProductsApi.as_view(), name="me-favourite-products"),
    path("me/favourites/products/<int:spu_id>/", apis.FavouriteProductApi.as_view(), name="me-favourite-product"),
    path("me/favourites/stores/", apis.FavouriteStoresApi.as_view(), name="me-favourite-stores"),
    path("me/favourites/stores/<int:store_id>/", apis.FavouriteStoreApi.as_view(), name="me-favourite-store"),
    path("seller/categories/", apis.SellerCategoriesApi.as_view(), name="seller-categories"),
    path("seller/brands/", apis.SellerBrandsApi.as_view(), name="seller-brands"),
    path("seller/products/", apis.SellerProductsApi.as_view(), name="seller-products"),
    path("seller/products/<int:spu_id>/", apis.SellerProductDetailApi.as_view(), name="seller-product"),
    path(
        "seller/products/<int:spu_id>/submit/",
        apis.SellerProductActionApi.as_view(action="submit"),
        name="seller-product-submit",
    ),
    path(
        "seller/products/<int:spu_id>/on-shelf/",
        apis.SellerProductActionApi.as_view(action="on-shelf"),
        name="seller-product-on-shelf",
    ),
    path(
        "seller/products/<int:spu_id>/off-shelf/",
        apis.SellerProductActionApi.as_view(action="off-shelf"),
        name="seller-product-off-shelf",
    ),
    path("seller/products/<int:spu_id>/images/", apis.SellerProductImagesApi.as_view(), name="seller-product-images"),
    path(
        "seller/products/<int:spu_id>/images/<int:image_id>/",
        apis.SellerProductImageApi.as_view(),
        name="seller-product-image",
    ),
    path("seller/hq-catalogue/", apis.SellerHqCatalogueApi.as_view(), name="seller-hq-catalogue"),
    path("seller/listings/", apis.SellerListingsApi.as_view(), name="seller-listings"),
    path("seller/listings/<int:listing_id>/", apis.SellerListingApi.as_view(), name="seller-listing"),
    path(
        "seller/listings/<int:listing_id>/prices/", apis.SellerListingPriceApi.as_view(), name="seller-listing-prices"
    ),
    path("seller/stock/", apis.SellerStockApi.as_view(), name="seller-stock"),
    path("seller/stock/low/", apis.SellerLowStockApi.as_view(), name="seller-stock-low"),
    path(
        "platform/products/<int:spu_id>/approve/",
        apis.PlatformProductApproveApi.as_view(),
        name="platform-product-approve",
    ),
    path(
        "platform/products/<int:spu_id>/reject/",
        apis.PlatformProductRejectApi.as_view(),
        name="platform-product-reject",
    ),
]
