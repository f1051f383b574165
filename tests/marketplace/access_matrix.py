# ruff: noqa: E501
"""Who may do what: the answer each role gets from every route of the site (issue 10), checked by
test_access_matrix.py, which also fails for a route of the URL configuration that has no row here.

A row is a route as the URL resolver spells it (after a slash; a regular expression's groups written <name>) and
a method, then the answer of each of the nine roles:

    anon    not logged in
    shop    the shopper whose order, address, cart line, refund and payment are in the path
    shop2   another shopper, with an address of their own; the path names the first shopper's objects
    clerk   a clerk of the first store (whose product, order, promotion... are in the path)
    mgr     a manager of the first store
    owner   the owner of the first store
    owner2  the owner of another store, given the first store's ids: what is not theirs is not found
    oper    a platform operator (staff, in the "operator" group)
    fin     a finance user (staff, in the "finance" group): settlement terms and supply prices through the API,
            the ledger, bills and bill runs in the admin, and the admin's read of orders and stores (members/roles.py)

An answer is a status code, or `login` (302 to /accounts/login/?next=<the path>), or `admin` (302 to the admin's
login page), or `302` (any other redirect: a page's form done, or sent back with its message). The rules the rows
follow, so that a new row is easy to write:

- The API (api/v1/) answers 401 to anonymous callers wherever it needs a login; a page sends them to `login`.
- A shopper (or an operator, or finance) on a seller route gets 403; a store role below the route's gets 403
  before the object is looked up; another store's object is 404, never 403 and never 200.
- Another shopper's order, address, cart line, refund or payment is 404 (an id in a request *body* that is not
  yours is a 400 naming the field, as a missing one is: see checkout).
- /api/v1/platform/ is for operators only (401 anonymous, 403 everyone else).
- A write is sent as a valid request for the role it is meant for (test_access_matrix.REQUESTS says what each
  one sends); every refusal (401, 403, 404, 405, `login`, `admin`) must change no row in the database.
- An API route has a row for each method its view answers; a page (a Django view, whose methods the resolver does
  not say) has a row for each method that matters: GET, and POST where it takes a form.
- Rows under `[stores: franchise]` are about franchise and direct stores (they list HQ's products instead of
  publishing): there the store roles are a franchise store's staff and `owner2` owns another franchise store;
  `[stores: third_party]` goes back to the first store and its neighbour.
- The admin (/admin/) is Django's, one set of URLs per registered model, so it is covered by a row for its
  index, its login and each registered model's list (a newly registered model without a row fails like a new
  route). Its add, change and delete pages follow the same model permissions through Django's ModelAdmin, so they
  have no rows. Anyone not staff gets `admin`; operators and finance get 200 where their group holds the
  model's view permission (members/roles.py) and 403 elsewhere.

Uploaded pictures (/media/) are served by Django only with DEBUG on, in development: tests, like production, have no
such route (production serves them from its storage), so they have no row.

A row that differs from these rules says why after a `#`.
"""

ROLES = ("anon", "shop", "shop2", "clerk", "mgr", "owner", "owner2", "oper", "fin")

TABLE = """
route                                                           method  anon   shop   shop2  clerk  mgr    owner  owner2 oper   fin

# --- Public API: no login needed, the same answer for everyone
/api/v1/catalog/categories/                                     GET     200    200    200    200    200    200    200    200    200
/api/v1/catalog/products/                                       GET     200    200    200    200    200    200    200    200    200
/api/v1/catalog/products/<int:spu_id>/                          GET     200    200    200    200    200    200    200    200    200
/api/v1/catalog/products/<int:spu_id>/reviews/                  GET     200    200    200    200    200    200    200    200    200
/api/v1/catalog/products/<int:spu_id>/rating/                   GET     200    200    200    200    200    200    200    200    200
/api/v1/coupons/center/                                         GET     200    200    200    200    200    200    200    200    200
/api/v1/stores/nearby/                                          GET     200    200    200    200    200    200    200    200    200
/api/v1/stores/choose/                                          POST    401    200    200    200    200    200    200    200    200    # the member's own chosen store (decision 0037)
/api/v1/regions/                                                GET     200    200    200    200    200    200    200    200    200
/api/v1/flash/pass/                                             GET     401    200    200    200    200    200    200    200    200
/api/v1/flash/sessions/                                         GET     200    200    200    200    200    200    200    200    200
/api/v1/group-buys/                                             GET     200    200    200    200    200    200    200    200    200
/api/v1/groups/<int:group_id>/                                  GET     200    200    200    200    200    200    200    200    200
/api/v1/auctions/                                                GET     200    200    200    200    200    200    200    200    200
/api/v1/auctions/<int:auction_id>/                              GET     200    200    200    200    200    200    200    200    200
/api/v1/auctions/<int:auction_id>/deposit/                      POST    401    409    201    201    201    201    201    201    201    # the shopper paid this auction's deposit already: auction_deposit_paid
/api/v1/auctions/<int:auction_id>/bids/                         POST    401    201    409    409    409    409    409    409    409    # only the shopper paid the deposit; the others are auction_deposit_required
/api/v1/presales/                                               GET     200    200    200    200    200    200    200    200    200
/api/v1/flash/<int:session_id>/<int:sku_id>/attempts/           POST    401    401    401    401    401    401    401    401    401    # the member's pass names the member, not the login (no SQL on the hot path): none is sent here; tests/flashsales
/api/v1/auth/register/                                          POST    201    201    201    201    201    201    201    201    201    # a new account whoever asks: the request's own login is not read
/api/v1/auth/token/                                             POST    200    200    200    200    200    200    200    200    200    # the credentials in the body decide, not the caller
/api/v1/payments/callback/simulated/                            POST    200    200    200    200    200    200    200    200    200    # the gateway's signature decides, not a login
/api/schema/                                                    GET     200    200    200    200    200    200    200    200    200
/api/docs/                                                      GET     200    200    200    200    200    200    200    200    200

# --- Member API: any logged-in user, each seeing only their own
/api/v1/auth/logout/                                            POST    401    204    204    204    204    204    204    204    204
/api/v1/me/                                                     GET     401    200    200    200    200    200    200    200    200
/api/v1/me/addresses/                                           GET     401    200    200    200    200    200    200    200    200
/api/v1/me/addresses/                                           POST    401    201    201    201    201    201    201    201    201
/api/v1/me/addresses/<int:address_id>/                          GET     401    200    404    404    404    404    404    404    404
/api/v1/me/addresses/<int:address_id>/                          PATCH   401    200    404    404    404    404    404    404    404
/api/v1/me/addresses/<int:address_id>/                          DELETE  401    204    404    404    404    404    404    404    404

# --- A member's company (企业采购, decision 0039): the shopper is its admin; everyone else has none: 404
/api/v1/me/company/                                             GET     401    200    404    404    404    404    404    404    404
/api/v1/me/company/                                             POST    401    409    201    201    201    201    201    201    201    # the shopper belongs to a company already: already_in_company
/api/v1/me/company/members/                                     GET     401    200    404    404    404    404    404    404    404
/api/v1/me/company/members/                                     POST    401    201    404    404    404    404    404    404    404
/api/v1/me/company/members/<int:member_id>/                     DELETE  401    204    404    404    404    404    404    404    404
/api/v1/me/company/addresses/                                   GET     401    200    404    404    404    404    404    404    404
/api/v1/me/company/addresses/                                   POST    401    201    404    404    404    404    404    404    404
/api/v1/me/company/addresses/<int:company_address_id>/          DELETE  401    204    404    404    404    404    404    404    404
/api/v1/me/company/invoice-titles/                              GET     401    200    404    404    404    404    404    404    404
/api/v1/me/company/invoice-titles/                              POST    401    201    404    404    404    404    404    404    404
/api/v1/me/company/invoice-titles/<int:invoice_title_id>/       DELETE  401    204    404    404    404    404    404    404    404
/api/v1/me/company/orders/                                      GET     401    200    404    404    404    404    404    404    404
/api/v1/me/company/statements/                                  GET     401    200    404    404    404    404    404    404    404    # the shopper is the company's admin: its finance reads (decision 0043)
/api/v1/me/company/statements/<int:credit_statement_id>/        GET     401    200    404    404    404    404    404    404    404
/api/v1/me/company/statements/<int:credit_statement_id>/pay/    POST    401    201    404    404    404    404    404    404    404
# --- The company's quotes and assisted orders (decision 0042): the shopper is its buyer; no one else has the company
/api/v1/me/company/deals/                                       GET     401    200    404    404    404    404    404    404    404
/api/v1/me/company/deals/                                       POST    401    201    404    404    404    404    404    404    404
/api/v1/me/company/deals/<int:deal_id>/                         GET     401    200    404    404    404    404    404    404    404
/api/v1/me/company/deals/<int:deal_id>/accept/                  POST    401    200    404    404    404    404    404    404    404
/api/v1/me/company/deals/<int:deal_id>/approve/                 POST    401    403    404    404    404    404    404    404    404    # the shopper is the company's buyer, not its approver: approval_not_allowed
/api/v1/me/company/deals/<int:deal_id>/cancel/                  POST    401    200    404    404    404    404    404    404    404
/api/v1/me/company/deals/<int:deal_id>/contract/                GET     401    200    404    404    404    404    404    404    404
/api/v1/me/company/deals/<int:deal_id>/contract/confirm/        POST    401    200    404    404    404    404    404    404    404
/api/v1/me/points/                                              GET     401    200    200    200    200    200    200    200    200
/api/v1/me/stored-value/                                        GET     401    200    200    200    200    200    200    200    200
/api/v1/me/coupons/                                             GET     401    200    200    200    200    200    200    200    200
/api/v1/me/favourites/products/                                 GET     401    200    200    200    200    200    200    200    200
/api/v1/me/favourites/products/                                 POST    401    200    201    201    201    201    201    201    201    # the shopper keeps it already: 200, nothing new
/api/v1/me/favourites/products/<int:spu_id>/                    DELETE  401    204    404    404    404    404    404    404    404    # only one's own favourites
/api/v1/me/favourites/stores/                                   GET     401    200    200    200    200    200    200    200    200
/api/v1/me/favourites/stores/                                   POST    401    200    201    201    201    201    201    201    201    # the shopper keeps it already: 200, nothing new
/api/v1/me/favourites/stores/<int:store_id>/                    DELETE  401    204    404    404    404    404    404    404    404    # only one's own favourites
/api/v1/me/coupons/redeem/                                      POST    401    201    201    201    201    201    201    201    201
/api/v1/me/messages/                                            GET     401    200    200    200    200    200    200    200    200
/api/v1/me/messages/<int:message_id>/read/                      POST    401    200    404    404    404    404    404    404    404    # a message is its reader's alone
/api/v1/me/notification-preferences/                            GET     401    200    200    200    200    200    200    200    200
/api/v1/me/notification-preferences/                            PUT     401    200    200    200    200    200    200    200    200
/api/v1/coupons/<int:template_id>/claim/                        POST    401    201    201    201    201    201    201    201    201
/api/v1/stores/applications/                                    GET     401    200    200    200    200    200    200    200    200    # each sees only their own applications
/api/v1/stores/applications/                                    POST    401    201    201    400    400    400    400    201    201    # one store per user: staff of a store cannot apply for another
/api/v1/cart/                                                   GET     401    200    200    200    200    200    200    200    200
/api/v1/cart/items/                                             POST    401    201    201    201    201    201    201    201    201
/api/v1/cart/items/<int:item_id>/                               PATCH   401    200    404    404    404    404    404    404    404
/api/v1/cart/items/<int:item_id>/                               DELETE  401    200    404    404    404    404    404    404    404
/api/v1/checkout/preview/                                       POST    401    200    400    400    400    400    400    400    400    # the body names the shopper's address: not yours is "choose one of your addresses"
/api/v1/checkout/submit/                                        POST    401    201    400    400    400    400    400    400    400    # as the preview: the address in the body is not theirs
/api/v1/payments/<str:trade_no>/                                POST    401    201    404    404    404    404    404    404    404
/api/v1/orders/                                                 GET     401    200    200    200    200    200    200    200    200
/api/v1/orders/<str:order_no>/                                  GET     401    200    404    404    404    404    404    404    404
/api/v1/orders/<str:order_no>/cancel/                           POST    401    200    404    404    404    404    404    404    404
/api/v1/orders/<str:order_no>/confirm-receipt/                  POST    401    200    404    404    404    404    404    404    404
/api/v1/orders/<str:order_no>/refunds/                          POST    401    201    404    404    404    404    404    404    404
/api/v1/orders/<str:order_no>/lines/<int:line_id>/review/       POST    401    201    404    404    404    404    404    404    404
/api/v1/me/reviews/                                             GET     401    200    200    200    200    200    200    200    200
/api/v1/me/reviews/<int:review_id>/follow-up/                   POST    401    201    404    404    404    404    404    404    404
/api/v1/me/vouchers/                                            GET     401    200    200    200    200    200    200    200    200
/api/v1/me/vouchers/<int:voucher_id>/refund/                    POST    401    200    404    404    404    404    404    404    404
/api/v1/me/presale-deposits/                                    GET     401    200    200    200    200    200    200    200    200
/api/v1/me/presale-deposits/<int:deposit_id>/withdraw/          POST    401    409    404    404    404    404    404    404    404    # the shopper's deposit is not paid yet: presale_deposit_not_payable (tests/presales)
/api/v1/me/presale-deposits/<int:deposit_id>/                   GET     401    200    404    404    404    404    404    404    404    # only one's own deposits
/api/v1/me/groups/                                              GET     401    200    200    200    200    200    200    200    200
/api/v1/me/groups/<int:place_id>/                               GET     401    200    404    404    404    404    404    404    404    # only one's own places
/api/v1/me/auctions/                                            GET     401    200    200    200    200    200    200    200    200
/api/v1/me/auctions/<int:auction_id>/                           GET     401    200    404    404    404    404    404    404    404    # only auctions one paid a deposit for or bid on
/api/v1/refunds/                                                GET     401    200    200    200    200    200    200    200    200
/api/v1/refunds/<int:refund_id>/                                GET     401    200    404    404    404    404    404    404    404
/api/v1/refunds/<int:refund_id>/cancel/                         POST    401    200    404    404    404    404    404    404    404
/api/v1/refunds/<int:refund_id>/escalate/                       POST    401    200    404    404    404    404    404    404    404

# --- Seller API: store staff; owners and managers change goods, prices and stock, the owner alone staff
/api/v1/seller/store/                                           GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/categories/                                      GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/brands/                                          GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/products/                                        GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/products/                                        POST    401    403    403    403    201    201    201    403    403
/api/v1/seller/products/<int:spu_id>/                           GET     401    403    403    200    200    200    404    403    403
/api/v1/seller/products/<int:spu_id>/                           PATCH   401    403    403    403    200    200    404    403    403
/api/v1/seller/products/<int:spu_id>/submit/                    POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/products/<int:spu_id>/on-shelf/                  POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/products/<int:spu_id>/off-shelf/                 POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/products/<int:spu_id>/images/                    POST    401    403    403    403    201    201    404    403    403
/api/v1/seller/products/<int:spu_id>/images/<int:image_id>/     DELETE  401    403    403    403    204    204    404    403    403
/api/v1/seller/stock/                                           GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/stock/                                           POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/stock/low/                                       GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/orders/                                          GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/orders/<str:order_no>/                           GET     401    403    403    200    200    200    404    403    403
/api/v1/seller/pickups/collect/                                 POST    401    403    403    409    409    409    409    403    403    # no order has this pickup code: pickup_code_unknown; the hand-over is tests/orders/test_pickup.py
/api/v1/seller/pos/skus/                                        GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/pos/member/                                      GET     401    403    403    404    404    404    404    403    403    # no phone or card code asked for: no member
/api/v1/seller/pos/quote/                                       POST    401    403    403    200    200    200    400    403    403    # owner2 names the first store's SKU: a 400 naming it
/api/v1/seller/pos/sales/                                       POST    401    403    403    201    201    201    400    403    403    # owner2 names the first store's SKU: a 400 naming it
/api/v1/seller/pos/sales/<str:trade_no>/refund/                 POST    401    403    403    403    200    200    404    403    403    # the first store's counter sale; clerks give no money back
/api/v1/seller/pos/settings/                                    GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/pos/settings/                                    PUT     401    403    403    403    403    200    200    403    403
/api/v1/seller/pos/accounts/                                    GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/pos/accounts/                                    POST    401    403    403    403    201    201    201    403    403
/api/v1/seller/pos/accounts/<int:account_id>/repay/             POST    401    403    403    403    409    409    404    403    403    # the account owes nothing yet: pos_repayment_too_much
/api/v1/seller/staff/figures/                                   GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/shipments/                                       GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/shipments/<int:parcel_id>/ship/                  POST    401    403    403    200    200    200    404    403    403
/api/v1/seller/refunds/                                         GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/refunds/<int:refund_id>/approve/                 POST    401    403    403    200    200    200    404    403    403
/api/v1/seller/refunds/<int:refund_id>/reject/                  POST    401    403    403    200    200    200    404    403    403
/api/v1/seller/refunds/<int:refund_id>/receive/                 POST    401    403    403    200    200    200    404    403    403
/api/v1/seller/reviews/                                         GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/reviews/<int:review_id>/reply/                   POST    401    403    403    200    200    200    404    403    403
/api/v1/seller/promotions/                                      GET     401    403    403    403    200    200    200    403    403
/api/v1/seller/promotions/                                      POST    401    403    403    403    201    201    201    403    403
/api/v1/seller/promotions/<int:promotion_id>/                   GET     401    403    403    403    200    200    404    403    403
/api/v1/seller/promotions/<int:promotion_id>/                   PATCH   401    403    403    403    200    200    404    403    403    # one that starts tomorrow (a started one is promotion_started: tests/promotions)
/api/v1/seller/promotions/<int:promotion_id>/stop/              POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/flash-sessions/                                  GET     401    403    403    403    200    200    200    403    403
/api/v1/seller/flash-sessions/                                  POST    401    403    403    403    201    201    400    403    403    # owner2 names the first store's SKU in the body: a 400 naming it
/api/v1/seller/group-buys/                                      GET     401    403    403    200    200    200    200    403    403    # clerks read their store's group buys
/api/v1/seller/group-buys/                                      POST    401    403    403    403    201    201    400    403    403    # owner2 names the first store's SKU in the body: a 400 naming it
/api/v1/seller/group-buys/<int:campaign_id>/stop/               POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/flash-sessions/<int:session_id>/publish/         POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/auctions/                                        GET     401    403    403    200    200    200    200    403    403    # clerks read the store's auctions
/api/v1/seller/auctions/                                        POST    401    403    403    403    201    201    400    403    403    # owner2 names the first store's SKU in the body: a 400 naming it
/api/v1/seller/auctions/<int:auction_id>/publish/               POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/auctions/<int:auction_id>/cancel/                POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/vouchers/redeem/                                 POST    401    403    403    201    201    201    409    403    403    # owner2's store is not where the voucher is valid: voucher_wrong_store
/api/v1/seller/vouchers/redemptions/                            GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/voucher-goods/<int:spu_id>/terms/                GET     401    403    403    200    200    200    404    403    403
/api/v1/seller/voucher-goods/<int:spu_id>/terms/                PUT     401    403    403    403    200    200    404    403    403
/api/v1/seller/voucher-goods/<int:spu_id>/terms/                DELETE  401    403    403    403    409    409    404    403    403    # a voucher of the goods was issued: voucher_goods_sold
/api/v1/seller/presales/                                        GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/presales/                                        POST    401    403    403    403    201    201    400    403    403    # owner2 names the first store's SKU in the body: a 400 naming it
/api/v1/seller/presales/<int:presale_id>/publish/               POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/presales/<int:presale_id>/cancel/                POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/flash-sessions/<int:session_id>/cancel/          POST    401    403    403    403    200    200    404    403    403    # the draft: cancelled (a published one: tests/flashsales)
/api/v1/seller/coupon-templates/                                GET     401    403    403    403    200    200    200    403    403
/api/v1/seller/coupon-templates/                                POST    401    403    403    403    201    201    201    403    403
/api/v1/seller/coupon-templates/<int:template_id>/              GET     401    403    403    403    200    200    404    403    403
/api/v1/seller/coupon-templates/<int:template_id>/              PATCH   401    403    403    403    200    200    404    403    403
/api/v1/seller/coupon-templates/<int:template_id>/stop/         POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/coupon-templates/<int:template_id>/statistics/   GET     401    403    403    403    200    200    404    403    403
/api/v1/seller/freight-templates/                               GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/freight-templates/                               POST    401    403    403    403    201    201    201    403    403
/api/v1/seller/freight-templates/<int:template_id>/             GET     401    403    403    200    200    200    404    403    403
/api/v1/seller/freight-templates/<int:template_id>/             PUT     401    403    403    403    200    200    404    403    403
/api/v1/seller/freight-templates/<int:template_id>/             DELETE  401    403    403    403    204    204    404    403    403
/api/v1/seller/warehouses/                                      GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/warehouses/                                      POST    401    403    403    403    201    201    201    403    403
/api/v1/seller/staff/                                           GET     401    403    403    403    403    200    200    403    403
/api/v1/seller/staff/                                           POST    401    403    403    403    403    201    201    403    403
/api/v1/seller/staff/<int:membership_id>/                       DELETE  401    403    403    403    403    204    404    403    403
/api/v1/seller/member-codes/                                    GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/member-codes/<int:code_id>/regenerate/           POST    401    403    403    403    403    201    404    403    403
/api/v1/seller/members-gained/                                  GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/skus/<int:sku_id>/wholesale/                     GET     401    403    403    403    200    200    404    403    403
/api/v1/seller/skus/<int:sku_id>/wholesale/                     PUT     401    403    403    403    200    200    404    403    403
/api/v1/seller/price-lists/                                     GET     401    403    403    403    200    200    200    403    403
/api/v1/seller/price-lists/                                     POST    401    403    403    403    201    201    400    403    403    # owner2 names the first store's SKU in the body: a 400 naming it
/api/v1/seller/price-lists/<int:price_list_id>/                 GET     401    403    403    403    200    200    404    403    403
/api/v1/seller/price-lists/<int:price_list_id>/                 DELETE  401    403    403    403    204    204    404    403    403

# --- Platform API: operators only
/api/v1/platform/members-gained/                                GET     401    403    403    403    403    403    403    200    403
/api/v1/platform/stores/<int:store_id>/approve/                 POST    401    403    403    403    403    403    403    200    403
/api/v1/platform/stores/<int:store_id>/reject/                  POST    401    403    403    403    403    403    403    200    403
/api/v1/platform/stores/<int:store_id>/status/                  POST    401    403    403    403    403    403    403    200    403
/api/v1/seller/deals/                                           GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/deals/                                           POST    401    403    403    201    201    201    400    403    403    # owner2 names the first store's SKU in the body: a 400 naming it
/api/v1/seller/deals/<int:deal_id>/                             GET     401    403    403    200    200    200    404    403    403
/api/v1/seller/deals/<int:deal_id>/offer/                       POST    401    403    403    200    200    200    404    403    403
/api/v1/seller/deals/<int:deal_id>/approve/                     POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/deals/<int:deal_id>/refuse/                      POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/deals/<int:deal_id>/contract/                    GET     401    403    403    200    200    200    404    403    403
/api/v1/seller/deals/<int:deal_id>/contract/confirm/            POST    401    403    403    200    200    200    404    403    403
/api/v1/seller/deal-settings/                                   GET     401    403    403    403    200    200    200    403    403
/api/v1/seller/deal-settings/                                   PUT     401    403    403    403    200    200    200    403    403
/api/v1/platform/companies/<int:company_id>/approve/            POST    401    403    403    403    403    403    403    200    403
/api/v1/platform/companies/<int:company_id>/reject/             POST    401    403    403    403    403    403    403    200    403
/api/v1/platform/companies/<int:company_id>/credit-repayments/  POST    401    403    403    403    403    403    403    201    403
/api/v1/platform/deals/                                         GET     401    403    403    403    403    403    403    200    403
/api/v1/platform/deals/<int:deal_id>/                           GET     401    403    403    403    403    403    403    200    403
/api/v1/platform/deals/<int:deal_id>/offer/                     POST    401    403    403    403    403    403    403    200    403    # an operator prices any store's deal (decision 0042)
/api/v1/platform/deals/<int:deal_id>/approve/                   POST    401    403    403    403    403    403    403    403    403    # the operator lacks the platform's approval permission (companies.approve_deal): approval_not_allowed
/api/v1/platform/deals/<int:deal_id>/refuse/                    POST    401    403    403    403    403    403    403    403    403    # as for approve
/api/v1/platform/products/<int:spu_id>/approve/                 POST    401    403    403    403    403    403    403    200    403
/api/v1/platform/products/<int:spu_id>/reject/                  POST    401    403    403    403    403    403    403    200    403
/api/v1/platform/refunds/                                       GET     401    403    403    403    403    403    403    200    403
/api/v1/platform/refunds/<int:refund_id>/arbitrate/             POST    401    403    403    403    403    403    403    200    403
/api/v1/platform/promotions/                                    GET     401    403    403    403    403    403    403    200    403
/api/v1/platform/promotions/                                    POST    401    403    403    403    403    403    403    201    403
/api/v1/platform/promotions/<int:promotion_id>/stop/            POST    401    403    403    403    403    403    403    200    403
/api/v1/platform/coupon-templates/                              GET     401    403    403    403    403    403    403    200    403
/api/v1/platform/coupon-templates/                              POST    401    403    403    403    403    403    403    201    403
/api/v1/platform/coupon-templates/<int:template_id>/            GET     401    403    403    403    403    403    403    200    403
/api/v1/platform/coupon-templates/<int:template_id>/            PATCH   401    403    403    403    403    403    403    200    403
/api/v1/platform/coupon-templates/<int:template_id>/stop/       POST    401    403    403    403    403    403    403    200    403
/api/v1/platform/coupon-templates/<int:template_id>/distribute/ POST    401    403    403    403    403    403    403    200    403
/api/v1/platform/coupon-templates/<int:template_id>/statistics/ GET     401    403    403    403    403    403    403    200    403
/api/v1/platform/redeem-batches/                                GET     401    403    403    403    403    403    403    200    403
/api/v1/platform/redeem-batches/                                POST    401    403    403    403    403    403    403    201    403

# --- Finance API: finance staff (and superusers) only
/api/v1/finance/credit-notes/                                   GET     401    403    403    403    403    403    403    403    200
/api/v1/finance/credit-notes/<int:credit_note_id>/pay-back/     POST    401    403    403    403    403    403    403    403    200    # what a refund of a repaid order on credit left the company owed, paid back (decision 0043)
/api/v1/finance/stores/<int:store_id>/terms/                    GET     401    403    403    403    403    403    403    403    200
/api/v1/finance/stores/<int:store_id>/terms/                    PUT     401    403    403    403    403    403    403    403    200
/api/v1/finance/stores/<int:store_id>/supply-prices/            PUT     401    403    403    403    403    403    403    403    200
/api/v1/seller/settlement/terms/                                GET     401    403    403    403    200    200    200    403    403    # each store's own terms: no id in the path
/api/v1/finance/bill-runs/                                     POST    401    403    403    403    403    403    403    403    202
/api/v1/finance/bill-runs/<int:run_id>/                        GET     401    403    403    403    403    403    403    403    200
/api/v1/finance/bills/                                         GET     401    403    403    403    403    403    403    403    200
/api/v1/finance/bills/<int:bill_id>/                           GET     401    403    403    403    403    403    403    403    200
/api/v1/finance/bills/<int:bill_id>/lines/                     GET     401    403    403    403    403    403    403    403    200
/api/v1/seller/settlement/bills/                               GET     401    403    403    403    200    200    200    403    403    # each store's own bills
/api/v1/seller/settlement/bills/<int:bill_id>/                 GET     401    403    403    403    200    200    404    403    403
/api/v1/seller/settlement/bills/<int:bill_id>/lines/           GET     401    403    403    403    200    200    404    403    403
/api/v1/finance/bills/<int:bill_id>/adjustments/               POST    401    403    403    403    403    403    403    403    201
/api/v1/finance/adjustments/<int:adjustment_id>/approve/       POST    401    403    403    403    403    403    403    403    200    # proposed by another finance user
/api/v1/finance/bills/<int:bill_id>/confirm/                   POST    401    403    403    403    403    403    403    403    409    # issued, an adjustment pending
/api/v1/finance/bills/<int:bill_id>/payout/                    POST    401    403    403    403    403    403    403    403    403    # paying is a permission of its own
/api/v1/finance/reports/sales/                                 GET     401    403    403    403    403    403    403    403    200
/api/v1/finance/statements/simulated/                          GET     401    403    403    403    403    403    403    403    200
/api/v1/finance/reconciliations/                               GET     401    403    403    403    403    403    403    403    200
/api/v1/finance/reconciliations/                               POST    401    403    403    403    403    403    403    403    201
/api/v1/finance/reconciliations/<int:statement_id>/            GET     401    403    403    403    403    403    403    403    200
/api/v1/finance/reconciliations/<int:statement_id>/items/      GET     401    403    403    403    403    403    403    403    200
/api/v1/finance/reconciliation-items/<int:item_id>/resolve/    POST    401    403    403    403    403    403    403    403    200
/api/v1/payouts/callback/                                      POST    400    400    400    400    400    400    400    400    400    # the provider's: unsigned here
/api/v1/seller/settlement/bills/<int:bill_id>/confirm/         POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/settlement/bills/<int:bill_id>/dispute/         POST    401    403    403    403    200    200    404    403    403
/api/v1/seller/reports/sales/                                  GET     401    403    403    403    200    200    200    403    403    # each store's own figures

# --- The finance console (/finance/): finance staff (and superusers); a form done, or refused with its message, is 302
/finance/                                                       GET     login  403    403    403    403    403    403    403    200
/finance/                                                       POST    login  403    403    403    403    403    403    403    302
/finance/runs/<int:run_id>/progress/                            GET     login  403    403    403    403    403    403    403    200
/finance/bills/                                                 GET     login  403    403    403    403    403    403    403    200
/finance/bills/<int:bill_id>/                                   GET     login  403    403    403    403    403    403    403    200
/finance/bills/<int:bill_id>/adjustments/                       POST    login  403    403    403    403    403    403    403    302
/finance/bills/<int:bill_id>/confirm/                           POST    login  403    403    403    403    403    403    403    302    # issued, an adjustment pending: back to the bill with the message
/finance/bills/<int:bill_id>/pay/                               POST    login  403    403    403    403    403    403    403    403    # paying is a permission of its own: the bill page says so
/finance/disputes/                                              GET     login  403    403    403    403    403    403    403    200
/finance/adjustments/                                           GET     login  403    403    403    403    403    403    403    200
/finance/adjustments/<int:adjustment_id>/approve/               POST    login  403    403    403    403    403    403    403    302    # proposed by another finance user
/finance/payouts/                                               GET     login  403    403    403    403    403    403    403    200
/finance/stores/                                                GET     login  403    403    403    403    403    403    403    200
/finance/reports/                                               GET     login  403    403    403    403    403    403    403    200
/finance/stores/<int:store_id>/terms/                           GET     login  403    403    403    403    403    403    403    200
/finance/stores/<int:store_id>/terms/                           POST    login  403    403    403    403    403    403    403    302
/finance/reconciliation/                                        GET     login  403    403    403    403    403    403    403    200
/finance/reconciliation/                                        POST    login  403    403    403    403    403    403    403    302
/finance/reconciliation/simulated/                              GET     login  403    403    403    403    403    403    403    200
/finance/reconciliation/<int:statement_id>/                     GET     login  403    403    403    403    403    403    403    200
/finance/reconciliation/items/<int:item_id>/resolve/            POST    login  403    403    403    403    403    403    403    302

# --- Site pages anyone opens
/                                                               GET     200    200    200    200    200    200    200    200    200
/c/<int:category_id>/                                           GET     200    200    200    200    200    200    200    200    200
/search/                                                        GET     200    200    200    200    200    200    200    200    200
/products/<int:spu_id>/                                         GET     200    200    200    200    200    200    200    200    200
/flash/                                                         GET     200    200    200    200    200    200    200    200    200
/group-buys/                                                    GET     200    200    200    200    200    200    200    200    200
/group-buys/<int:campaign_id>/                                  GET     200    200    200    200    200    200    200    200    200
/groups/<int:group_id>/                                         GET     200    200    200    200    200    200    200    200    200
/auctions/                                                      GET     200    200    200    200    200    200    200    200    200
/auctions/<int:auction_id>/                                     GET     200    200    200    200    200    200    200    200    200
/auctions/<int:auction_id>/deposit/                             POST    login  302    302    302    302    302    302    302    302    # to the gateway's page, or back with "paid already"
/auctions/<int:auction_id>/bid/                                 POST    login  302    302    302    302    302    302    302    302    # back to the auction with its message
/presale/                                                       GET     200    200    200    200    200    200    200    200    200
/presale/<int:presale_id>/                                      GET     200    200    200    200    200    200    200    200    200
/me/vouchers/                                                   GET     login  200    200    200    200    200    200    200    200
/me/vouchers/<int:voucher_id>/refund/                           POST    login  302    404    404    404    404    404    404    404    # the shopper is sent back to the list with the outcome
/me/groups/                                                     GET     login  200    200    200    200    200    200    200    200
/me/auctions/                                                   GET     login  200    200    200    200    200    200    200    200
/me/presale-deposits/                                           GET     login  200    200    200    200    200    200    200    200
/presale/deposits/<int:deposit_id>/withdraw/                    POST    login  302    404    404    404    404    404    404    404    # the shopper is sent back with the refusal's message
/stores/<int:store_id>/                                         GET     200    200    200    200    200    200    200    200    200
/join/<str:code>/                                               GET     200    200    200    200    200    200    200    200    200    # a store's member QR code: public
/stores/nearby/                                                 GET     200    200    200    200    200    200    200    200    200    # the store finder: public
/stores/choose/                                                 POST    302    302    302    302    302    302    302    302    302    # the visitor's own session (and a member's own row): back to the store page
/stores/<int:store_id>/c/<int:category_id>/                     GET     200    200    200    200    200    200    200    200    200
/favicon.ico                                                    GET     302    302    302    302    302    302    302    302    302
/healthz                                                        GET     503    503    503    503    503    503    503    503    503    # for the load balancer; 503 here because no Celery worker runs in tests
/i18n/setlang/                                                  POST    302    302    302    302    302    302    302    302    302
/accounts/login/                                                GET     200    302    302    302    302    302    302    302    302    # logged in already: sent on
/accounts/login/                                                POST    302    302    302    302    302    302    302    302    302
/accounts/logout/                                               POST    302    302    302    302    302    302    302    302    302
/accounts/register/                                             GET     200    302    302    302    302    302    302    302    302    # logged in already: sent home
/accounts/register/                                             POST    302    302    302    302    302    302    302    302    302    # a visitor is registered and logged in; someone logged in is sent home and nothing is made

# --- The member's pages: login first, then only their own
/cart/                                                          GET     200    200    200    200    200    200    200    200    200    # a visitor's own cart, kept in their session
/cart/lines/<int:item_id>/                                      POST    login  302    302    302    302    302    302    302    302    # a line not in your cart is said on your cart page ("no longer in your cart"), as for one removed in another tab; nothing changes
/cart/select-all/                                               POST    login  302    302    302    302    302    302    302    302
/cart/quote/<int:store_id>/                                     POST    login  302    302    302    302    302    302    302    302    # a business buyer's cart lines of the store become a quote (the shopper is the company's buyer); anyone else is sent back to the cart with why
/cart/add/                                                      POST    302    302    302    302    302    302    302    302    302    # into the member's cart, or the visitor's; back to the page it came from
/cart/guest/<int:sku_id>/remove/                                POST    302    302    302    302    302    302    302    302    302    # out of the visitor's own cart (a member's session has none): back to the cart
/checkout/buy-now/                                              POST    302    302    302    302    302    302    302    302    302    # to the checkout of that SKU alone (a visitor logs in there first)
/checkout/                                                      GET     login  200    302    302    302    302    302    302    302    # their own carts are empty: back to the cart
/checkout/                                                      POST    login  302    302    302    302    302    302    302    302    # the shopper goes to pay; the others' carts are empty and the address is not theirs: back to the cart, nothing placed
/checkout/address/                                              POST    login  302    302    302    302    302    302    302    302
/orders/                                                        GET     login  200    200    200    200    200    200    200    200
/orders/<str:order_no>/                                         GET     login  200    404    404    404    404    404    404    404
/orders/<str:order_no>/refund/                                  GET     login  200    404    404    404    404    404    404    404
/orders/<str:order_no>/refund/                                  POST    login  302    404    404    404    404    404    404    404
/orders/<str:order_no>/pay/                                     POST    login  302    404    404    404    404    404    404    404    # to the cashier
/cashier/<str:trade_no>/                                        GET     login  200    404    404    404    404    404    404    404
/cashier/<str:trade_no>/                                        POST    login  302    404    404    404    404    404    404    404    # the shopper goes to the gateway with the way chosen
/orders/<str:order_no>/cancel/                                  POST    login  302    404    404    404    404    404    404    404
/orders/<str:order_no>/confirm/                                 POST    login  302    404    404    404    404    404    404    404
/orders/<str:order_no>/buy-again/                               POST    login  302    404    404    404    404    404    404    404
/refunds/<int:refund_id>/                                       GET     login  200    404    404    404    404    404    404    404
/refunds/<int:refund_id>/escalate/                              POST    login  302    404    404    404    404    404    404    404
/orders/<str:order_no>/lines/<int:line_id>/review/              GET     login  200    404    404    404    404    404    404    404
/orders/<str:order_no>/lines/<int:line_id>/review/              POST    login  302    404    404    404    404    404    404    404
/me/reviews/                                                    GET     login  200    200    200    200    200    200    200    200
/me/reviews/<int:review_id>/                                    GET     login  200    404    404    404    404    404    404    404
/me/reviews/<int:review_id>/follow-up/                          POST    login  302    404    404    404    404    404    404    404
/refunds/<int:refund_id>/withdraw/                              POST    login  302    404    404    404    404    404    404    404
/pay/simulated/<str:payment_no>/                                GET     login  200    404    404    404    404    404    404    404
/pay/simulated/<str:payment_no>/                                POST    login  302    404    404    404    404    404    404    404
/me/                                                            GET     login  200    200    200    200    200    200    200    200
/me/points/                                                     GET     login  200    200    200    200    200    200    200    200
/me/member-card/                                                GET     login  200    200    200    200    200    200    200    200
/me/addresses/                                                  GET     login  200    200    200    200    200    200    200    200
/me/addresses/                                                  POST    login  302    302    302    302    302    302    302    302
/me/addresses/<int:address_id>/edit/                            GET     login  200    404    404    404    404    404    404    404
/me/addresses/<int:address_id>/edit/                            POST    login  302    404    404    404    404    404    404    404
/me/addresses/<int:address_id>/default/                         POST    login  302    404    404    404    404    404    404    404
/me/addresses/<int:address_id>/delete/                          POST    login  302    404    404    404    404    404    404    404
/me/company/                                                    GET     login  200    200    200    200    200    200    200    200    # the shopper's company; the others the form to register one
/me/company/                                                    POST    login  200    302    302    302    302    302    302    302    # the shopper belongs to a company already: the page again, nothing registered
/me/company/quotes/                                             GET     login  200    404    404    404    404    404    404    404
/me/company/quotes/                                             POST    login  302    404    404    404    404    404    404    404
/me/company/quotes/<int:deal_id>/                               GET     login  200    404    404    404    404    404    404    404
/me/company/quotes/<int:deal_id>/contract/                      GET     login  200    404    404    404    404    404    404    404
/me/company/quotes/<int:deal_id>/<str:action>/                  POST    login  302    404    404    404    404    404    404    404
/me/company/members/                                            POST    login  302    404    404    404    404    404    404    404
/me/company/addresses/                                          POST    login  302    404    404    404    404    404    404    404
/me/company/invoice-titles/                                     POST    login  302    404    404    404    404    404    404    404
/me/company/orders/                                             GET     login  200    404    404    404    404    404    404    404
/me/company/statements/                                         GET     login  200    404    404    404    404    404    404    404
/me/company/statements/<int:credit_statement_id>/               GET     login  200    404    404    404    404    404    404    404
/me/company/statements/<int:credit_statement_id>/pay/           POST    login  302    404    404    404    404    404    404    404    # the shopper to the gateway's page
/me/favourites/                                                 GET     login  200    200    200    200    200    200    200    200
/products/<int:spu_id>/favourite/                               POST    login  302    302    302    302    302    302    302    302    # back to the product page, the heart filled
/stores/<int:store_id>/favourite/                               POST    login  302    302    302    302    302    302    302    302    # back to the store page, the heart filled
/me/coupons/                                                    GET     login  200    200    200    200    200    200    200    200
/me/coupons/redeem/                                             POST    login  302    302    302    302    302    302    302    302
/me/coupons/center/                                             GET     login  200    200    200    200    200    200    200    200
/me/coupons/center/<int:template_id>/claim/                     POST    login  302    302    302    302    302    302    302    302
/me/messages/                                                   GET     login  200    200    200    200    200    200    200    200
/me/messages/<int:message_id>/read/                             POST    login  302    404    404    404    404    404    404    404
/me/messages/read-all/                                          POST    login  302    302    302    302    302    302    302    302
/me/messages/preferences/                                       POST    login  302    302    302    302    302    302    302    302
/me/store/                                                      GET     login  200    302    200    200    200    200    302    302    # the shopper's own rejected application; staff are told they have a store; no application: to the form
/me/store/apply/                                                GET     login  200    200    302    302    302    302    200    200    # staff are sent back to the status page: one store per user
/me/store/apply/                                                POST    login  302    302    302    302    302    302    302    302    # the shopper resubmits their rejected application, the others apply (staff are sent back)
/me/store/documents/<str:kind>/                                 GET     login  200    404    404    404    404    404    404    404    # a document of the caller's own application only

# --- The seller backend (/seller/): the API's roles, page by page
/seller/                                                        GET     login  403    403    200    200    200    200    403    403
/seller/products/                                               GET     login  403    403    200    200    200    200    403    403
/seller/products/new/                                           GET     login  403    403    403    200    200    200    403    403
/seller/products/<int:spu_id>/                                  GET     login  403    403    200    200    200    404    403    403
/seller/products/<int:spu_id>/                                  POST    login  403    403    403    200    200    404    403    403    # managers: the empty form comes back with its errors
/seller/products/<int:spu_id>/stock/                            GET     login  403    403    200    200    200    404    403    403
/seller/products/<int:spu_id>/stock/                            POST    login  403    403    403    302    302    404    403    403
/seller/products/<int:spu_id>/images/                           POST    login  403    403    403    302    302    404    403    403
/seller/products/<int:spu_id>/images/<int:image_id>/remove/     POST    login  403    403    403    302    302    404    403    403
/seller/products/<int:spu_id>/<str:action>/                     POST    login  403    403    403    302    302    404    403    403
/seller/orders/                                                 GET     login  403    403    200    200    200    200    403    403
/seller/orders/<str:order_no>/                                  GET     login  403    403    200    200    200    404    403    403
/seller/parcels/                                                GET     login  403    403    200    200    200    200    403    403
/seller/parcels/<int:parcel_id>/ship/                           POST    login  403    403    302    302    302    404    403    403
/seller/parcels/<int:parcel_id>/slip/                           GET     login  403    403    200    200    200    404    403    403
/seller/pickups/                                                GET     login  403    403    200    200    200    200    403    403
/seller/pickups/                                                POST    login  403    403    409    409    409    409    403    403    # no order has this pickup code: the page says so
/seller/pos/                                                    GET     login  403    403    200    200    200    200    403    403
/seller/pos/settings/                                           GET     login  403    403    403    403    200    200    403    403
/seller/pos/settings/                                           POST    login  403    403    403    403    302    302    403    403
/seller/pos/receipts/<str:trade_no>/                            GET     login  403    403    200    200    200    404    403    403    # the first store's counter sale
/seller/figures/                                                GET     login  403    403    200    200    200    200    403    403
/seller/refunds/                                                GET     login  403    403    200    200    200    200    403    403
/seller/refunds/<int:refund_id>/                                GET     login  403    403    200    200    200    404    403    403
/seller/refunds/<int:refund_id>/<str:action>/                   POST    login  403    403    302    302    302    404    403    403
/seller/reviews/                                                GET     login  403    403    200    200    200    200    403    403
/seller/reviews/<int:review_id>/reply/                          POST    login  403    403    302    302    302    404    403    403
/seller/vouchers/                                               GET     login  403    403    200    200    200    200    403    403
/seller/vouchers/                                               POST    login  403    403    200    200    200    200    403    403    # no code sent: the form comes back with its errors
/seller/vouchers/goods/                                         GET     login  403    403    200    200    200    200    403    403
/seller/vouchers/goods/<int:spu_id>/terms/                      GET     login  403    403    403    200    200    404    403    403
/seller/vouchers/goods/<int:spu_id>/terms/                      POST    login  403    403    403    200    200    404    403    403    # managers: the empty form comes back with its errors
/seller/presales/                                               GET     login  403    403    200    200    200    200    403    403
/seller/presales/new/                                           GET     login  403    403    403    200    200    200    403    403
/seller/presales/new/                                           POST    login  403    403    403    200    200    200    403    403    # managers: the empty form comes back with its errors
/seller/presales/<int:presale_id>/publish/                      POST    login  403    403    403    302    302    404    403    403
/seller/presales/<int:presale_id>/cancel/                       POST    login  403    403    403    302    302    404    403    403
/seller/wholesale/                                              GET     login  403    403    403    200    200    200    403    403
/seller/wholesale/terms/                                        POST    login  403    403    403    302    302    400    403    403    # owner2 names the first store's SKU: the form comes back with its error
/seller/deals/                                                  GET     login  403    403    200    200    200    200    403    403
/seller/deals/settings/                                         POST    login  403    403    403    302    302    302    403    403
/seller/deals/<int:deal_id>/                                    GET     login  403    403    200    200    200    404    403    403
/seller/deals/<int:deal_id>/                                    POST    login  403    403    302    302    302    404    403    403
/seller/deals/<int:deal_id>/contract/                           GET     login  403    403    200    200    200    404    403    403
/seller/deals/<int:deal_id>/approve/                            POST    login  403    403    403    302    302    404    403    403
/seller/deals/<int:deal_id>/refuse/                             POST    login  403    403    403    302    302    404    403    403
/seller/deals/<int:deal_id>/cancel/                             POST    login  403    403    302    302    302    404    403    403
/seller/deals/<int:deal_id>/confirm/                            POST    login  403    403    302    302    302    404    403    403
/seller/wholesale/price-lists/                                  POST    login  403    403    403    302    302    400    403    403    # owner2 names the first store's SKU: the form comes back with its error
/seller/wholesale/price-lists/<int:price_list_id>/delete/       POST    login  403    403    403    302    302    404    403    403
/seller/finance/                                                GET     login  403    403    403    200    200    200    403    403
/seller/bills/                                                 GET     login  403    403    403    200    200    200    403    403
/seller/bills/<int:bill_id>/                                   GET     login  403    403    403    200    200    404    403    403
/seller/reports/                                                GET     login  403    403    403    200    200    200    403    403
/seller/bills/<int:bill_id>/confirm/                           POST    login  403    403    403    302    302    404    403    403
/seller/bills/<int:bill_id>/dispute/                           POST    login  403    403    403    302    302    404    403    403
/seller/auctions/                                               GET     login  403    403    200    200    200    200    403    403    # clerks read the store's auctions
/seller/auctions/new/                                           GET     login  403    403    403    200    200    200    403    403
/seller/auctions/new/                                           POST    login  403    403    403    302    302    200    403    403    # owner2: the first store's SKU is no choice of theirs, the form comes back
/seller/auctions/<int:auction_id>/<str:action>/                 POST    login  403    403    403    302    302    404    403    403
/seller/promotions/                                             GET     login  403    403    403    200    200    200    403    403
/seller/promotions/new/                                         GET     login  403    403    403    200    200    200    403    403
/seller/promotions/new/                                         POST    login  403    403    403    200    200    200    403    403    # managers: the empty form comes back with its errors
/seller/promotions/<int:promotion_id>/edit/                     GET     login  403    403    403    200    200    404    403    403    # one that starts tomorrow; a started one sends back to the list
/seller/promotions/<int:promotion_id>/edit/                     POST    login  403    403    403    200    200    404    403    403    # managers: the empty form comes back with its errors
/seller/promotions/<int:promotion_id>/stop/                     POST    login  403    403    403    302    302    404    403    403
/seller/group-buys/                                             GET     login  403    403    200    200    200    200    403    403    # clerks read their store's group buys
/seller/group-buys/new/                                         GET     login  403    403    403    200    200    200    403    403
/seller/group-buys/new/                                         POST    login  403    403    403    200    200    200    403    403    # managers: the empty form comes back with its errors
/seller/group-buys/<int:campaign_id>/stop/                      POST    login  403    403    403    302    302    404    403    403
/seller/flash/                                                  GET     login  403    403    200    200    200    200    403    403    # clerks look (no buttons); tests/flashsales/test_seller_pages.py
/seller/flash/new/                                              GET     login  403    403    403    200    200    200    403    403
/seller/flash/new/                                              POST    login  403    403    403    200    200    200    403    403    # managers: the empty form comes back with its errors
/seller/flash/<int:session_id>/edit/                            GET     login  403    403    403    200    200    404    403    403    # the draft of tomorrow; a published one sends back to the list
/seller/flash/<int:session_id>/edit/                            POST    login  403    403    403    200    200    404    403    403    # managers: the empty form comes back with its errors
/seller/flash/<int:session_id>/publish/                         POST    login  403    403    403    302    302    404    403    403
/seller/flash/<int:session_id>/cancel/                          POST    login  403    403    403    302    302    404    403    403
/seller/coupons/                                                GET     login  403    403    403    200    200    200    403    403
/seller/coupons/new/                                            GET     login  403    403    403    200    200    200    403    403
/seller/coupons/new/                                            POST    login  403    403    403    200    200    200    403    403    # managers: the empty form comes back with its errors
/seller/coupons/<int:template_id>/                              GET     login  403    403    403    200    200    404    403    403
/seller/coupons/<int:template_id>/edit/                         GET     login  403    403    403    200    200    404    403    403
/seller/coupons/<int:template_id>/edit/                         POST    login  403    403    403    200    200    404    403    403    # managers: the empty form comes back with its errors
/seller/coupons/<int:template_id>/stop/                         POST    login  403    403    403    302    302    404    403    403
/seller/freight-templates/                                      GET     login  403    403    200    200    200    200    403    403
/seller/freight-templates/new/                                  GET     login  403    403    200    200    200    200    403    403    # a clerk sees the form read-only
/seller/freight-templates/new/                                  POST    login  403    403    403    200    200    200    403    403    # managers: the empty form comes back with its errors
/seller/freight-templates/<int:template_id>/                    GET     login  403    403    200    200    200    404    403    403
/seller/freight-templates/<int:template_id>/                    POST    login  403    403    403    200    200    404    403    403    # managers: the empty form comes back with its errors
/seller/freight-templates/<int:template_id>/retire/             POST    login  403    403    403    302    302    404    403    403
/seller/warehouses/                                             GET     login  403    403    200    200    200    200    403    403
/seller/warehouses/                                             POST    login  403    403    403    302    302    302    403    403
/seller/staff/                                                  GET     login  403    403    403    403    200    200    403    403
/seller/staff/                                                  POST    login  403    403    403    403    302    302    403    403
/seller/staff/<int:membership_id>/remove/                       POST    login  403    403    403    403    302    404    403    403
/seller/members/                                                GET     login  403    403    200    200    200    200    403    403
/seller/members/codes/<int:code_id>/regenerate/                 POST    login  403    403    403    403    302    404    403    403
/seller/profile/                                                GET     login  403    403    200    200    200    200    403    403
/seller/profile/                                                POST    login  403    403    403    302    302    302    403    403
/seller/messages/                                               GET     login  403    403    200    200    200    200    403    403
/seller/messages/<int:message_id>/read/                         POST    login  403    403    404    404    302    404    403    403    # the owner's message: each staff member reads their own
/seller/messages/read-all/                                      POST    login  403    403    302    302    302    302    403    403

[stores: franchise]
/api/v1/seller/hq-catalogue/                                    GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/listings/                                        GET     401    403    403    200    200    200    200    403    403
/api/v1/seller/listings/                                        POST    401    403    403    403    201    201    201    403    403
/api/v1/seller/listings/<int:listing_id>/                       DELETE  401    403    403    403    204    204    404    403    403
/api/v1/seller/listings/<int:listing_id>/prices/                POST    401    403    403    403    200    200    404    403    403    # back to HQ's price (null): allowed whatever HQ set
/seller/hq-catalogue/                                           GET     login  403    403    200    200    200    200    403    403
/seller/listings/                                               GET     login  403    403    200    200    200    200    403    403
/seller/listings/new/                                           POST    login  403    403    403    302    302    302    403    403
/seller/listings/<int:listing_id>/prices/                       GET     login  403    403    200    200    200    404    403    403
/seller/listings/<int:listing_id>/prices/                       POST    login  403    403    403    302    302    404    403    403    # back to HQ's price (an empty price): allowed whatever HQ set
/seller/listings/<int:listing_id>/<str:action>/                 POST    login  403    403    403    302    302    404    403    403

[stores: third_party]
# --- The admin: staff only, each model by the group's permissions
/admin/                                                         GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/login/                                                   GET     200    200    200    200    200    200    200    302    302    # logged in but not staff: the form says so and offers another account
/admin/auth/group/                                              GET     admin  admin  admin  admin  admin  admin  admin  403    403
/admin/axes/accessattempt/                                      GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/axes/accesslog/                                          GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/axes/accessfailurelog/                                   GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/marketplace/banner/                                      GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/marketplace/outboxmessage/                               GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/members/user/                                            GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/members/apitoken/                                        GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/members/memberlevel/                                     GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/members/pointsrule/                                      GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/members/pointsentry/                                     GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/members/storedvalueentry/                                GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/members/address/                                         GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/stores/store/                                            GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/stores/warehouse/                                        GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/companies/company/                                       GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/companies/pricelist/                                     GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/companies/creditstatement/                               GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/companies/creditnote/                                    GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/companies/deal/                                          GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/catalog/backendcategory/                                 GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/catalog/storefrontcategory/                              GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/catalog/brand/                                           GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/catalog/attribute/                                       GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/catalog/spu/                                             GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/catalog/spureview/                                       GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/catalog/stock/                                           GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/catalog/stockmovement/                                   GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/catalog/storelisting/                                    GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/logistics/freighttemplate/                               GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/logistics/carrier/                                       GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/promotions/promotion/                                    GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/flashsales/flashsession/                                 GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/groupbuys/campaign/                                      GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/groupbuys/group/                                         GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/auctions/auction/                                        GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/presales/presale/                                        GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/coupons/coupontemplate/                                  GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/coupons/usercoupon/                                      GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/coupons/redeembatch/                                     GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/orders/parcel/                                           GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/orders/storeorder/                                       GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/orders/refund/                                           GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/orders/keptpayment/                                      GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/orders/returnedpayment/                                  GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/reviews/review/                                          GET     admin  admin  admin  admin  admin  admin  admin  200    403
/admin/settlement/settlementterms/                              GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/settlement/supplyprice/                                  GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/settlement/billrun/                                     GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/settlement/bill/                                        GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/settlement/ledgerentry/                                 GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/settlement/adjustment/                                  GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/settlement/payout/                                      GET     admin  admin  admin  admin  admin  admin  admin  200    200
/admin/settlement/statement/                                   GET     admin  admin  admin  admin  admin  admin  admin  200    200
"""
