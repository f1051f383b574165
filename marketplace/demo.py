"""Demo home-page banners (manage.py seed_demo): one per campaign, linking to the storefront categories the catalog
demo made, with generated pictures. One is already over, so the admin shows a banner the home page does not.
Running it again adds nothing."""

from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from marketplace.models import Banner

# (title, picture text, storefront category, left colour, right colour, days since start, days to go)
BANNERS = [
    ("手机数码 开学季 直降千元", "New phones  ·  up to 1000 off", "手机数码", (228, 57, 60), (255, 122, 69), 3, 30),
    ("国潮运动 新品首发", "Sportswear  ·  new season", "国潮运动", (30, 40, 90), (40, 90, 200), 1, 45),
    ("美食茶饮 明前龙井 限量上新", "Spring tea  ·  limited", "美食茶饮", (50, 110, 60), (140, 190, 90), 7, 20),
    ("家用电器 以旧换新", "Home appliances  ·  trade in", "家用电器", (70, 70, 80), (150, 150, 165), 2, 60),
    ("双十一 预热 (已结束)", "Last season", "潮流服饰", (120, 70, 160), (200, 120, 200), 400, -300),
]


def _picture(text: str, left: tuple[int, int, int], right: tuple[int, int, int]) -> SimpleUploadedFile:
    """A 1200 x 400 left-to-right gradient with the campaign's words (Latin: no CJK font is needed)."""
    width, height = 1200, 400
    picture = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for x in range(width):
        share = x / (width - 1)
        draw.line(
            [(x, 0), (x, height)], fill=tuple(round(a + (b - a) * share) for a, b in zip(left, right, strict=True))
        )
    for radius in (260, 180):  # two rings on the right, so the picture is not a bare gradient
        draw.ellipse((width - 300 - radius, 200 - radius, width - 300 + radius, 200 + radius), outline="white", width=3)
    draw.text((80, height / 2), text, fill=(255, 255, 255), font=ImageFont.load_default(size=56), anchor="lm")
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=88)
    return SimpleUploadedFile("banner.jpg", buffer.getvalue(), "image/jpeg")


def seed(demo: dict) -> None:
    if Banner.objects.exists():
        return
    storefront = demo["catalog"]["storefront"]
    now = timezone.now()
    for order, (title, text, category, left, right, since, to_go) in enumerate(BANNERS):
        Banner.objects.create(
            title=title,
            image=_picture(text, left, right),
            link=reverse("storefront-category", args=[storefront[category].pk]),
            sort_order=order,
            starts_at=now - timedelta(days=since),
            ends_at=now + timedelta(days=to_go),
        )
