"""Demo reviews (manage.py seed_demo): the demo shoppers buy a few products of HQ and of a second store, receive
them and review them through the services with their clocks set back, so that product pages show ratings, counts
by star, photos, a follow-up and the stores' replies; one review waits in the operators' moderation queue.

Runs once: a second seed finds the demo shoppers' reviews and leaves them alone."""

from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from logistics.models import Carrier
from orders.demo import goods_in_stock, pay_trade, place_order, ship_order
from orders.lifecycle.receipt import order_confirm_receipt
from orders.pricing import LineRequest
from reviews import services
from reviews.models import Review

# (shopper index, stars, text, anonymous, photo colour or None) for each of the first products of a store.
REVIEWS = [
    (0, 5, "质量很好，物流也快，包装完整，好评！", False, "#c8102e"),
    (1, 4, "整体不错，和描述一致，就是颜色比图片稍深一点。", True, None),
    (2, 5, "第二次购买了，一如既往的好。", False, "#1f6feb"),
    (0, 3, "一般般吧，用了几天再来追评。", False, None),
    (1, 2, "发货太慢了，等了一个星期。", True, None),
]
REPLIES = {0: "感谢亲的支持，期待再次光临！", 4: "非常抱歉让您久等了，我们已经优化了发货流程。"}
HELD_TEXT = "东西不错，想要优惠的加微信 abc123"  # a hold-level word: waits for an operator in the admin
FOLLOW_UP = "用了一周，续航很给力，推荐购买。"


def photo(colour: str) -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (480, 360), colour).save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("review.jpg", buffer.getvalue(), "image/jpeg")


def seed(demo: dict) -> None:
    shoppers = demo["shoppers"][:3]
    if Review.objects.filter(user__in=shoppers).exists():
        demo["reviews"] = Review.objects.filter(user__in=shoppers).count()
        return
    now = timezone.now()
    carrier = Carrier.objects.filter(is_active=True).order_by("pk").first()
    for store in (demo["stores"]["hq"], demo["stores"]["sz"]):
        clerk = store.memberships.get(role="clerk").user
        owner = store.memberships.get(role="owner").user
        for product, sku_id in enumerate(goods_in_stock(store)[:2]):
            for index, (buyer, stars, text, anonymous, colour) in enumerate(REVIEWS):
                days_ago = 20 - index * 3 - product
                shopper = shoppers[buyer]
                trade = place_order(shopper, [LineRequest(sku_id, 1)], when=now - timedelta(days=days_ago))
                (order,) = pay_trade(trade, when=now - timedelta(days=days_ago))
                ship_order(order, carrier=carrier, by=clerk, when=now - timedelta(days=days_ago - 0.5))
                received = now - timedelta(days=days_ago - 2)
                order_confirm_receipt(order=order, by=shopper, now=received)
                review = services.review_create(
                    line=order.lines.get(),
                    by=shopper,
                    stars=stars,
                    text=text,
                    photos=[photo(colour)] if colour else [],
                    anonymous=anonymous,
                    now=received + timedelta(hours=5),
                )
                if index in REPLIES:
                    services.review_reply(review=review, store=store, by=owner, text=REPLIES[index])
                if index == 3:
                    services.review_follow_up(review=review, by=shopper, text=FOLLOW_UP)
        # One more, held for moderation by its word: the admin's queue is not empty in the demo.
        sku_id = goods_in_stock(store)[0]
        trade = place_order(shoppers[2], [LineRequest(sku_id, 1)], when=now - timedelta(days=3))
        (order,) = pay_trade(trade, when=now - timedelta(days=3))
        ship_order(order, carrier=carrier, by=clerk, when=now - timedelta(days=2.5))
        order_confirm_receipt(order=order, by=shoppers[2], now=now - timedelta(days=1))
        services.review_create(line=order.lines.get(), by=shoppers[2], stars=4, text=HELD_TEXT)
    demo["reviews"] = Review.objects.filter(user__in=shoppers).count()
