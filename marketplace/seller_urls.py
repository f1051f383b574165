"""The seller backend's pages under /seller/. Each app keeps its own page views in `seller_views` (a module, or a
package of them where one would be long: catalog's); the project package gathers them here, as it gathers the API's
URLs, because stores (the seller's home) may not import the apps above it."""

from django.urls import path

from auctions import seller_views as auctions
from catalog.seller_views import listings, products
from companies import seller_views as companies
from companies.deals import seller_views as deals
from coupons import seller_views as coupons
from flashsales import seller_views as flash
from groupbuys import seller_views as groupbuys
from logistics import seller_views as logistics
from marketplace.notifications import seller_views as notifications
from orders.aftersales import seller_views as aftersales
from orders.lifecycle import seller_views as orders
from orders.pickup import seller_views as pickup
from orders.pos import seller_views as pos
from orders.shipping import seller_views as shipping
from presales import seller_views as presales
from promotions import seller_views as promotions
from reviews import seller_views as reviews
from settlement import seller_views as settlement
from settlement.reports import views as reports
from stores import seller_views as stores
from vouchers import seller_views as vouchers

app_name = "seller"

urlpatterns = [
    path("", orders.dashboard, name="dashboard"),
    path("products/", products.product_list, name="products"),
    path("products/new/", products.product_create, name="product-new"),
    path("products/<int:spu_id>/", products.product_edit, name="product-edit"),
    path("products/<int:spu_id>/stock/", products.product_stock, name="product-stock"),
    path("products/<int:spu_id>/images/", products.product_image_add, name="product-image-add"),
    path(
        "products/<int:spu_id>/images/<int:image_id>/remove/",
        products.product_image_remove,
        name="product-image-remove",
    ),
    path("products/<int:spu_id>/<str:action>/", products.product_action, name="product-action"),
    path("auctions/", auctions.auction_list, name="auctions"),
    path("auctions/new/", auctions.auction_create, name="auction-new"),
    path("auctions/<int:auction_id>/<str:action>/", auctions.auction_action, name="auction-action"),
    path("hq-catalogue/", listings.hq_catalogue, name="hq-catalogue"),
    path("listings/", listings.listing_list, name="listings"),
    path("listings/new/", listings.listing_create, name="listing-new"),
    path("listings/<int:listing_id>/prices/", listings.listing_prices, name="listing-prices"),  # before the action
    path("listings/<int:listing_id>/<str:action>/", listings.listing_action, name="listing-action"),
    path("orders/", orders.order_list, name="orders"),
    path("orders/<str:order_no>/", orders.order_detail, name="order-detail"),
    path("parcels/", shipping.parcel_list, name="parcels"),
    path("pickups/", pickup.pickup_desk, name="pickups"),
    path("pos/", pos.counter, name="pos"),
    path("pos/settings/", pos.pos_settings, name="pos-settings"),
    path("pos/receipts/<str:trade_no>/", pos.receipt, name="pos-receipt"),
    path("figures/", pos.staff_figures, name="staff-figures"),
    path("parcels/<int:parcel_id>/ship/", shipping.parcel_ship_view, name="parcel-ship"),
    path("parcels/<int:parcel_id>/slip/", shipping.parcel_slip, name="parcel-slip"),
    path("refunds/", aftersales.refund_list, name="refunds"),
    path("refunds/<int:refund_id>/", aftersales.refund_detail, name="refund-detail"),
    path("refunds/<int:refund_id>/<str:action>/", aftersales.refund_decide, name="refund-decide"),
    path("reviews/", reviews.review_list, name="reviews"),
    path("wholesale/", companies.wholesale, name="wholesale"),
    path("deals/", deals.deal_list, name="deals"),
    path("deals/settings/", deals.deal_settings, name="deal-settings"),
    path("deals/<int:deal_id>/", deals.deal_detail, name="deal-detail"),
    path("deals/<int:deal_id>/contract/", deals.deal_contract, name="deal-contract"),
    path("deals/<int:deal_id>/approve/", deals.deal_approve, name="deal-approve"),
    path("deals/<int:deal_id>/refuse/", deals.deal_refuse, name="deal-refuse"),
    path("deals/<int:deal_id>/cancel/", deals.deal_cancel, name="deal-cancel"),
    path("deals/<int:deal_id>/confirm/", deals.deal_confirm, name="deal-confirm"),
    path("wholesale/terms/", companies.wholesale_terms_set, name="wholesale-terms"),
    path("wholesale/price-lists/", companies.price_list_create, name="price-list-new"),
    path("wholesale/price-lists/<int:price_list_id>/delete/", companies.price_list_delete, name="price-list-delete"),
    path("presales/", presales.presale_list, name="presales"),
    path("presales/new/", presales.presale_create, name="presale-new"),
    path("presales/<int:presale_id>/publish/", presales.presale_publish, name="presale-publish"),
    path("presales/<int:presale_id>/cancel/", presales.presale_cancel, name="presale-cancel"),
    path("vouchers/", vouchers.redeem, name="voucher-redeem"),
    path("vouchers/goods/", vouchers.goods, name="voucher-goods"),
    path("vouchers/goods/<int:spu_id>/terms/", vouchers.terms_edit, name="voucher-terms"),
    path("reviews/<int:review_id>/reply/", reviews.review_reply, name="review-reply"),
    path("finance/", orders.finance, name="finance"),
    path("bills/", settlement.bill_list, name="bills"),
    path("bills/<int:bill_id>/", settlement.bill_detail, name="bill-detail"),
    path("bills/<int:bill_id>/confirm/", settlement.bill_answer, {"action": "confirm"}, name="bill-confirm"),
    path("bills/<int:bill_id>/dispute/", settlement.bill_answer, {"action": "dispute"}, name="bill-dispute"),
    path("promotions/", promotions.promotion_list, name="promotions"),
    path("promotions/new/", promotions.promotion_create, name="promotion-new"),
    path("promotions/<int:promotion_id>/edit/", promotions.promotion_edit, name="promotion-edit"),
    path("promotions/<int:promotion_id>/stop/", promotions.promotion_stop, name="promotion-stop"),
    path("coupons/", coupons.template_list, name="coupons"),
    path("coupons/new/", coupons.template_create, name="coupon-new"),
    path("coupons/<int:template_id>/", coupons.template_statistics, name="coupon-statistics"),
    path("coupons/<int:template_id>/edit/", coupons.template_edit, name="coupon-edit"),
    path("coupons/<int:template_id>/stop/", coupons.template_stop, name="coupon-stop"),
    path("flash/", flash.session_list, name="flash-sessions"),
    path("flash/new/", flash.session_create, name="flash-session-new"),
    path("flash/<int:session_id>/edit/", flash.session_edit, name="flash-session-edit"),
    path("flash/<int:session_id>/publish/", flash.session_publish, name="flash-session-publish"),
    path("flash/<int:session_id>/cancel/", flash.session_cancel, name="flash-session-cancel"),
    path("group-buys/", groupbuys.campaign_list, name="group-buys"),
    path("group-buys/new/", groupbuys.campaign_create, name="group-buy-new"),
    path("group-buys/<int:campaign_id>/stop/", groupbuys.campaign_stop, name="group-buy-stop"),
    path("freight-templates/", logistics.template_list, name="freight-templates"),
    path("freight-templates/new/", logistics.template_edit, name="freight-template-new"),
    path("freight-templates/<int:template_id>/", logistics.template_edit, name="freight-template-edit"),
    path("freight-templates/<int:template_id>/retire/", logistics.template_retire, name="freight-template-retire"),
    path("warehouses/", stores.warehouses, name="warehouses"),
    path("staff/", stores.staff, name="staff"),
    path("members/", stores.members, name="members"),
    path("members/codes/<int:code_id>/regenerate/", stores.invitation_regenerate, name="invitation-regenerate"),
    path("staff/<int:membership_id>/remove/", stores.staff_remove, name="staff-remove"),
    path("profile/", stores.profile, name="profile"),
    path("messages/", notifications.inbox, name="messages"),
    path("messages/<int:message_id>/read/", notifications.read, name="message-read"),
    path("messages/read-all/", notifications.read_all, name="messages-read-all"),
    path("reports/", reports.seller_reports, name="reports"),
]
