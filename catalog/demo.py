"""A demo catalogue (manage.py seed_demo): three- and four-level backend categories with attribute templates,
storefront categories, 14 brands, 60 products and about 260 SKUs in the HQ and third-party stores, with
generated pictures; the direct and franchise stores list and stock part of HQ's goods. Products go through the
services (create, submit, approve), so every total and event is what a real seller would produce. Running it
again adds nothing."""

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from catalog import selectors, services
from catalog.models import (
    Attribute,
    AttributeKind,
    AttributeValue,
    BackendCategory,
    Brand,
    ImageKind,
    ShippingCategory,
    Spu,
    StorefrontCategory,
    StoreListing,
)
from catalog.services import AttributeInput, SkuInput, SpecInput
from marketplace.money import quantize
from members.demo import demo_user

# Backend tree: 数码家电 and 食品酒水 have three levels, 服饰鞋包 reaches four (运动户外 > 运动鞋 > 跑步鞋).
CATEGORY_TREE = {
    "数码家电": {
        "手机通讯": {"手机": {}, "手机配件": {}},
        "电脑办公": {"笔记本": {}, "平板电脑": {}},
        "大家电": {"冰箱": {}, "洗衣机": {}},
    },
    "服饰鞋包": {
        "男装": {"T恤": {}, "衬衫": {}},
        "女装": {"连衣裙": {}},
        "运动户外": {"运动鞋": {"跑步鞋": {}, "篮球鞋": {}}},
    },
    "食品酒水": {
        "休闲零食": {"坚果炒货": {}, "饼干糕点": {}},
        "茶叶": {"绿茶": {}, "红茶": {}},
    },
}

# Leaf category -> how its goods travel (the shipment split sends these in their own parcels).
SHIPPING_CATEGORIES = {
    "冰箱": ShippingCategory.OVERSIZE,
    "洗衣机": ShippingCategory.OVERSIZE,
    "笔记本": ShippingCategory.FRAGILE,
    "平板电脑": ShippingCategory.FRAGILE,
}

KEY, SALES, OTHER = AttributeKind.KEY, AttributeKind.SALES, AttributeKind.OTHER
# category: [(name, kind, values, custom values allowed, filterable)]; subcategories inherit.
TEMPLATES = {
    "数码家电": [("型号", KEY, [], True, False)],
    "手机": [
        ("颜色", SALES, ["黑色", "白色", "蓝色", "紫色", "绿色"], True, True),
        ("存储容量", SALES, ["128GB", "256GB", "512GB", "1TB"], False, True),
        ("屏幕尺寸", OTHER, ["6.1英寸", "6.7英寸", "6.8英寸"], True, True),
        ("网络制式", OTHER, ["5G", "4G"], False, True),
    ],
    "手机配件": [("颜色", SALES, ["黑色", "白色"], True, False), ("接口", OTHER, ["USB-C", "Lightning"], False, True)],
    "笔记本": [
        ("颜色", SALES, ["银色", "深空灰", "黑色"], True, True),
        ("配置", SALES, ["i5/16GB/512GB", "i7/32GB/1TB", "M3/16GB/512GB", "M3/24GB/1TB"], False, False),
        ("屏幕尺寸", OTHER, ["13.6英寸", "14英寸", "16英寸"], False, True),
    ],
    "平板电脑": [
        ("颜色", SALES, ["银色", "深空灰", "蓝色"], True, True),
        ("存储容量", SALES, ["128GB", "256GB", "512GB"], False, True),
    ],
    "大家电": [("能效等级", OTHER, ["一级能效", "二级能效"], False, True)],
    "冰箱": [("容量", SALES, ["450L", "510L", "600L"], False, True)],
    "洗衣机": [("容量", SALES, ["10公斤", "12公斤"], False, True)],
    "服饰鞋包": [
        ("款号", KEY, [], True, False),
        ("颜色", SALES, ["黑色", "白色", "灰色", "藏青", "红色", "卡其"], True, True),
        ("材质", OTHER, ["纯棉", "涤纶", "亚麻", "网布"], False, True),
    ],
    "男装": [("尺码", SALES, ["S", "M", "L", "XL", "XXL"], False, True)],
    "女装": [("尺码", SALES, ["S", "M", "L", "XL"], False, True)],
    "运动鞋": [("鞋码", SALES, ["39", "40", "41", "42", "43", "44"], False, True)],
    "食品酒水": [("产地", KEY, [], True, True), ("保质期", OTHER, ["180天", "270天", "365天", "18个月"], False, False)],
    "休闲零食": [
        ("净含量", SALES, ["250g", "500g", "1kg"], False, True),
        ("口味", OTHER, ["原味", "椒盐", "奶油"], False, True),
    ],
    "茶叶": [
        ("净含量", SALES, ["50g", "100g", "250g"], False, True),
        ("等级", OTHER, ["特级", "一级"], False, True),
    ],
}

# (name, English name, origin, categories it may be used in)
BRANDS = [
    ("华为", "HUAWEI", "中国", ["数码家电"]),
    ("小米", "Xiaomi", "中国", ["数码家电"]),
    ("苹果", "Apple", "美国", ["手机通讯", "电脑办公"]),
    ("联想", "Lenovo", "中国", ["电脑办公"]),
    ("海尔", "Haier", "中国", ["大家电"]),
    ("美的", "Midea", "中国", ["大家电"]),
    ("李宁", "LI-NING", "中国", ["服饰鞋包"]),
    ("安踏", "ANTA", "中国", ["服饰鞋包"]),
    ("优衣库", "UNIQLO", "日本", ["男装", "女装"]),
    ("耐克", "Nike", "美国", ["运动户外", "男装"]),
    ("三只松鼠", "Three Squirrels", "中国", ["食品酒水"]),
    ("良品铺子", "BESTORE", "中国", ["休闲零食"]),
    ("狮峰", "Shifeng", "中国", ["茶叶"]),
    ("小罐茶", "Xiaoguan Tea", "中国", ["茶叶"]),
]

# Storefront: (name, parent, backend categories, brands)
STOREFRONT = [
    ("手机数码", None, ["手机通讯", "电脑办公"], []),
    ("手机", "手机数码", ["手机"], []),
    ("电脑平板", "手机数码", ["笔记本", "平板电脑"], []),
    ("苹果专区", "手机数码", [], ["苹果"]),
    ("家用电器", None, ["大家电"], []),
    ("潮流服饰", None, ["男装", "女装"], []),
    ("运动专区", None, ["运动户外"], []),
    ("国潮运动", "运动专区", ["运动户外", "男装"], ["李宁", "安踏"]),
    ("美食茶饮", None, ["食品酒水"], []),
]

# (store, leaf category, brand, title, picture label, key value, other attributes, specs, base price, step)
# A SKU costs base + step x (index of its value in the last spec).
PRODUCTS = [
    ("sz", "手机", "华为", "华为 Mate 60 Pro 5G 卫星通话 智能手机", "Mate 60 Pro", "Mate 60 Pro",
     {"屏幕尺寸": "6.8英寸", "网络制式": "5G"}, [("颜色", ["黑色", "白色", "紫色"]), ("存储容量", ["256GB", "512GB"])],
     "6999", "1000"),
    ("sz", "手机", "华为", "华为 Pura 70 超聚光影像 手机", "Pura 70", "Pura 70",
     {"屏幕尺寸": "6.7英寸", "网络制式": "5G"}, [("颜色", ["黑色", "白色"]), ("存储容量", ["256GB", "512GB"])],
     "5499", "500"),
    ("sz", "手机", "华为", "华为 nova 12 前置双摄 轻薄手机", "nova 12", "nova 12",
     {"屏幕尺寸": "6.7英寸", "网络制式": "4G"}, [("颜色", ["黑色", "白色", "绿色"]), ("存储容量", ["256GB", "512GB"])],
     "2999", "300"),
    ("sz", "手机", "小米", "小米 14 徕卡光学 骁龙8Gen3 手机", "Xiaomi 14", "Xiaomi 14",
     {"屏幕尺寸": "6.1英寸", "网络制式": "5G"}, [("颜色", ["黑色", "白色", "绿色"]), ("存储容量", ["256GB", "512GB"])],
     "3999", "500"),
    ("sz", "手机", "小米", "小米 14 Ultra 专业影像旗舰 手机", "14 Ultra", "Xiaomi 14 Ultra",
     {"屏幕尺寸": "6.7英寸", "网络制式": "5G"}, [("颜色", ["黑色", "白色"]), ("存储容量", ["512GB", "1TB"])],
     "6499", "500"),
    ("sz", "手机", "小米", "Redmi K70 2K直屏 电竞手机", "Redmi K70", "Redmi K70",
     {"屏幕尺寸": "6.7英寸", "网络制式": "5G"}, [("颜色", ["黑色", "白色", "紫色"]), ("存储容量", ["256GB", "512GB"])],
     "2499", "300"),
    ("sz", "手机", "小米", "小米 Civi 4 Pro 自拍美颜 手机", "Civi 4 Pro", "Civi 4 Pro",
     {"屏幕尺寸": "6.7英寸", "网络制式": "5G"}, [("颜色", ["黑色", "蓝色"]), ("存储容量", ["256GB", "512GB"])],
     "2999", "300"),
    ("hq", "手机", "苹果", "Apple iPhone 15 A16芯片 5G 手机", "iPhone 15", "iPhone 15",
     {"屏幕尺寸": "6.1英寸", "网络制式": "5G"}, [("颜色", ["黑色", "蓝色", "绿色"]), ("存储容量", ["128GB", "256GB"])],
     "5999", "1000"),
    ("hq", "手机", "苹果", "Apple iPhone 15 Pro Max 钛金属 手机", "15 Pro Max", "iPhone 15 Pro Max",
     {"屏幕尺寸": "6.7英寸", "网络制式": "5G"}, [("颜色", ["黑色", "白色"]), ("存储容量", ["256GB", "512GB", "1TB"])],
     "9999", "2000"),
    ("hq", "手机", "华为", "华为 Mate X5 折叠屏 手机", "Mate X5", "Mate X5",
     {"屏幕尺寸": "6.8英寸", "网络制式": "5G"}, [("颜色", ["黑色", "紫色"]), ("存储容量", ["256GB", "512GB"])],
     "12999", "1000"),
    ("sz", "手机配件", "华为", "华为 66W 超级快充 充电器套装", "66W Charger", "HW-110600C00",
     {"接口": "USB-C"}, [("颜色", ["白色"])], "149", "0"),
    ("sz", "手机配件", "小米", "小米 氮化镓 GaN 67W 充电器", "GaN 67W", "MDY-12-EH",
     {"接口": "USB-C"}, [("颜色", ["白色", "黑色"])], "129", "0"),
    ("sz", "手机配件", "小米", "小米 充电宝 20000mAh 快充版", "Power Bank", "PB2022ZM",
     {"接口": "USB-C"}, [("颜色", ["黑色", "白色"])], "149", "0"),
    ("hq", "手机配件", "苹果", "Apple MagSafe 磁吸 无线充电器", "MagSafe", "MX6X3CH",
     {"接口": "USB-C"}, [("颜色", ["白色"])], "329", "0"),
    ("sz", "手机配件", "华为", "华为 FreeBuds Pro 3 降噪 蓝牙耳机", "FreeBuds Pro 3", "FreeBuds Pro 3",
     {"接口": "USB-C"}, [("颜色", ["白色", "黑色"])], "1499", "0"),
    ("sz", "笔记本", "联想", "联想 ThinkPad X1 Carbon 商务 轻薄笔记本", "X1 Carbon", "X1 Carbon Gen 12",
     {"屏幕尺寸": "14英寸"}, [("颜色", ["黑色"]), ("配置", ["i5/16GB/512GB", "i7/32GB/1TB"])], "9999", "3000"),
    ("sz", "笔记本", "联想", "联想 小新 Pro 14 高性能 笔记本电脑", "Xiaoxin Pro 14", "Xiaoxin Pro 14",
     {"屏幕尺寸": "14英寸"}, [("颜色", ["银色", "深空灰"]), ("配置", ["i5/16GB/512GB", "i7/32GB/1TB"])],
     "5299", "1200"),
    ("sz", "笔记本", "华为", "华为 MateBook X Pro 微绒典藏版 笔记本", "MateBook X Pro", "MateBook X Pro 2024",
     {"屏幕尺寸": "14英寸"}, [("颜色", ["深空灰", "银色"]), ("配置", ["i5/16GB/512GB", "i7/32GB/1TB"])],
     "8999", "2000"),
    ("hq", "笔记本", "苹果", "Apple MacBook Air 13 M3 芯片 笔记本", "MacBook Air", "MacBook Air 13 M3",
     {"屏幕尺寸": "13.6英寸"}, [("颜色", ["银色", "深空灰"]), ("配置", ["M3/16GB/512GB", "M3/24GB/1TB"])],
     "8999", "3000"),
    ("sz", "笔记本", "小米", "Redmi Book Pro 16 2.5K 高刷 笔记本", "Redmi Book 16", "Redmi Book Pro 16",
     {"屏幕尺寸": "16英寸"}, [("颜色", ["深空灰"]), ("配置", ["i5/16GB/512GB", "i7/32GB/1TB"])], "4999", "1000"),
    ("sz", "平板电脑", "华为", "华为 MatePad Pro 13.2 柔光版 平板", "MatePad Pro", "MatePad Pro 13.2",
     {}, [("颜色", ["深空灰", "蓝色"]), ("存储容量", ["256GB", "512GB"])], "5199", "800"),
    ("hq", "平板电脑", "苹果", "Apple iPad Air 11 M2 平板电脑", "iPad Air", "iPad Air 11",
     {}, [("颜色", ["深空灰", "蓝色"]), ("存储容量", ["128GB", "256GB"])], "4799", "900"),
    ("sz", "平板电脑", "小米", "小米平板 6 Pro 骁龙8+ 平板", "Xiaomi Pad 6", "Xiaomi Pad 6 Pro",
     {}, [("颜色", ["深空灰", "蓝色"]), ("存储容量", ["128GB", "256GB"])], "2399", "300"),
    ("hq", "冰箱", "海尔", "海尔 510升 对开门 一级能效 变频冰箱", "Haier 510L", "BCD-510WGHSSEDS9",
     {"能效等级": "一级能效"}, [("容量", ["510L", "600L"])], "3999", "1000"),
    ("hq", "冰箱", "美的", "美的 450升 十字双开门 风冷无霜冰箱", "Midea 450L", "BCD-450WSPZM(E)",
     {"能效等级": "一级能效"}, [("容量", ["450L", "510L"])], "2899", "500"),
    ("hq", "冰箱", "海尔", "海尔 法式多门 全空间保鲜 冰箱", "Haier French", "BCD-500WLHFD7",
     {"能效等级": "二级能效"}, [("容量", ["510L", "600L"])], "4599", "800"),
    ("hq", "洗衣机", "海尔", "海尔 10公斤 滚筒洗衣机 除菌螨", "Haier 10kg", "EG100MATE28S",
     {"能效等级": "一级能效"}, [("容量", ["10公斤", "12公斤"])], "1999", "500"),
    ("hq", "洗衣机", "美的", "美的 洗烘一体机 10公斤 滚筒", "Midea Dryer", "MD100V58WIT",
     {"能效等级": "一级能效"}, [("容量", ["10公斤", "12公斤"])], "2499", "600"),
    ("sz", "洗衣机", "小米", "米家 滚筒洗衣机 10kg 智能投放", "Mijia 10kg", "XQG100MJ103W",
     {"能效等级": "二级能效"}, [("容量", ["10公斤"])], "1599", "0"),
    ("hq", "T恤", "优衣库", "优衣库 男装 U系列 圆领T恤 纯棉短袖", "UNIQLO U Tee", "455365",
     {"材质": "纯棉"}, [("颜色", ["白色", "黑色", "藏青"]), ("尺码", ["M", "L", "XL"])], "79", "0"),
    ("hq", "T恤", "李宁", "李宁 运动速干T恤 男款 短袖", "LI-NING Dry Tee", "ATSS301",
     {"材质": "涤纶"}, [("颜色", ["黑色", "白色"]), ("尺码", ["M", "L", "XL", "XXL"])], "129", "0"),
    ("hq", "T恤", "安踏", "安踏 纯棉短袖T恤 男 国潮印花", "ANTA Cotton Tee", "952328135",
     {"材质": "纯棉"}, [("颜色", ["白色", "红色"]), ("尺码", ["M", "L", "XL"])], "99", "0"),
    ("hq", "T恤", "耐克", "Nike Dri-FIT 男子 速干训练T恤", "Nike Dri-FIT", "AR6029",
     {"材质": "涤纶"}, [("颜色", ["黑色", "灰色"]), ("尺码", ["M", "L", "XL"])], "199", "0"),
    ("hq", "T恤", "安踏", "安踏 冰丝T恤 男 夏季 透气短袖", "ANTA Ice Tee", "952329112",
     {"材质": "涤纶"}, [("颜色", ["黑色", "灰色"]), ("尺码", ["M", "L", "XL"])], "89", "0"),
    ("hq", "衬衫", "优衣库", "优衣库 男装 免烫 牛津纺衬衫 长袖", "UNIQLO Oxford", "461201",
     {"材质": "纯棉"}, [("颜色", ["白色", "藏青"]), ("尺码", ["M", "L", "XL"])], "199", "0"),
    ("hq", "衬衫", "优衣库", "优衣库 男装 优质亚麻 衬衫", "UNIQLO Linen", "459566",
     {"材质": "亚麻"}, [("颜色", ["白色", "卡其"]), ("尺码", ["M", "L", "XL"])], "249", "0"),
    ("hq", "衬衫", "李宁", "李宁 商务休闲 长袖衬衫 男", "LI-NING Shirt", "ACSS011",
     {"材质": "纯棉"}, [("颜色", ["白色", "灰色"]), ("尺码", ["M", "L", "XL"])], "229", "0"),
    ("hq", "连衣裙", "优衣库", "优衣库 女装 印花 长款连衣裙", "UNIQLO Dress", "465766",
     {"材质": "涤纶"}, [("颜色", ["藏青", "红色"]), ("尺码", ["S", "M", "L"])], "249", "0"),
    ("hq", "连衣裙", "优衣库", "优衣库 女装 亚麻混纺 连衣裙", "UNIQLO Linen Dress", "467112",
     {"材质": "亚麻"}, [("颜色", ["白色", "卡其"]), ("尺码", ["S", "M", "L"])], "299", "0"),
    ("hq", "连衣裙", "安踏", "安踏 运动连衣裙 女 夏季 速干", "ANTA Sport Dress", "962325512",
     {"材质": "涤纶"}, [("颜色", ["黑色", "白色"]), ("尺码", ["S", "M", "L"])], "199", "0"),
    ("hq", "跑步鞋", "李宁", "李宁 赤兔6 PRO 竞速跑鞋 男", "Chitu 6 Pro", "ARMT013",
     {"材质": "网布"}, [("颜色", ["白色", "黑色"]), ("鞋码", ["40", "41", "42", "43"])], "499", "0"),
    ("hq", "跑步鞋", "李宁", "李宁 飞电3 CHALLENGER 碳板跑鞋", "Feidian 3", "ARMT037",
     {"材质": "网布"}, [("颜色", ["白色", "红色"]), ("鞋码", ["40", "41", "42", "43"])], "899", "0"),
    ("hq", "跑步鞋", "安踏", "安踏 C202 GT 马拉松 竞速跑鞋", "ANTA C202", "112315585",
     {"材质": "网布"}, [("颜色", ["白色", "黑色"]), ("鞋码", ["40", "41", "42", "43"])], "699", "0"),
    ("hq", "跑步鞋", "耐克", "Nike Pegasus 40 男子 公路跑鞋", "Pegasus 40", "DV3853",
     {"材质": "网布"}, [("颜色", ["黑色", "白色"]), ("鞋码", ["41", "42", "43", "44"])], "899", "0"),
    ("hq", "篮球鞋", "李宁", "李宁 韦德之道11 篮球鞋 男 高帮", "Way of Wade 11", "ABAT055",
     {"材质": "网布"}, [("颜色", ["黑色", "红色"]), ("鞋码", ["41", "42", "43"])], "1499", "0"),
    ("hq", "篮球鞋", "安踏", "安踏 KT9 汤普森 篮球鞋", "ANTA KT9", "112411101",
     {"材质": "网布"}, [("颜色", ["白色", "藏青"]), ("鞋码", ["41", "42", "43"])], "999", "0"),
    ("hq", "篮球鞋", "耐克", "Nike LeBron 21 EP 男子 篮球鞋", "LeBron 21", "FN0709",
     {"材质": "网布"}, [("颜色", ["黑色", "白色"]), ("鞋码", ["42", "43", "44"])], "1399", "0"),
    ("hq", "坚果炒货", "三只松鼠", "三只松鼠 每日坚果 混合果仁 独立小包", "Daily Nuts", "安徽芜湖",
     {"口味": "原味", "保质期": "180天"}, [("净含量", ["500g", "1kg"])], "59.9", "50"),
    ("hq", "坚果炒货", "三只松鼠", "三只松鼠 夏威夷果 奶油味 带壳", "Macadamia", "安徽芜湖",
     {"口味": "奶油", "保质期": "270天"}, [("净含量", ["250g", "500g"])], "29.9", "25"),
    ("hq", "坚果炒货", "良品铺子", "良品铺子 碧根果 长寿果 奶油味", "Pecans", "湖北武汉",
     {"口味": "奶油", "保质期": "270天"}, [("净含量", ["250g", "500g"])], "32.9", "28"),
    ("hq", "坚果炒货", "良品铺子", "良品铺子 开心果 无漂白 椒盐味", "Pistachios", "湖北武汉",
     {"口味": "椒盐", "保质期": "270天"}, [("净含量", ["250g", "500g"])], "39.9", "35"),
    ("hq", "饼干糕点", "良品铺子", "良品铺子 蛋黄酥 雪媚娘 中式糕点", "Egg Yolk Pastry", "湖北武汉",
     {"口味": "原味", "保质期": "180天"}, [("净含量", ["250g", "500g"])], "25.9", "20"),
    ("hq", "饼干糕点", "三只松鼠", "三只松鼠 手撕面包 早餐 整箱", "Bread", "安徽芜湖",
     {"口味": "原味", "保质期": "180天"}, [("净含量", ["500g", "1kg"])], "19.9", "15"),
    ("hq", "饼干糕点", "良品铺子", "良品铺子 芝麻薄饼 香脆 饼干", "Sesame Crisps", "湖北武汉",
     {"口味": "椒盐", "保质期": "270天"}, [("净含量", ["250g", "500g"])], "15.9", "12"),
    ("hq", "绿茶", "狮峰", "狮峰牌 西湖龙井 明前特级 绿茶", "Longjing", "浙江杭州",
     {"等级": "特级", "保质期": "18个月"}, [("净含量", ["50g", "100g", "250g"])], "298", "260"),
    ("hq", "绿茶", "小罐茶", "小罐茶 黄山毛峰 特级 绿茶 礼盒", "Maofeng", "安徽黄山",
     {"等级": "特级", "保质期": "18个月"}, [("净含量", ["50g", "100g"])], "250", "230"),
    ("hq", "绿茶", "狮峰", "狮峰牌 龙井 雨前一级 口粮茶", "Longjing Yuqian", "浙江杭州",
     {"等级": "一级", "保质期": "18个月"}, [("净含量", ["100g", "250g"])], "128", "160"),
    ("hq", "红茶", "小罐茶", "小罐茶 正山小种 红茶 礼盒装", "Lapsang", "福建武夷山",
     {"等级": "特级", "保质期": "18个月"}, [("净含量", ["50g", "100g"])], "250", "230"),
    ("hq", "红茶", "小罐茶", "小罐茶 滇红 金芽 红茶", "Dianhong", "云南凤庆",
     {"等级": "特级", "保质期": "18个月"}, [("净含量", ["50g", "100g"])], "250", "230"),
    ("hq", "红茶", "狮峰", "狮峰牌 九曲红梅 杭州红茶", "Jiuqu Hongmei", "浙江杭州",
     {"等级": "一级", "保质期": "18个月"}, [("净含量", ["100g", "250g"])], "158", "200"),
]  # fmt: skip

# Picture backgrounds: a product's family colour, and the colour itself for colour pictures.
FAMILY_COLOURS = {"数码家电": (38, 70, 120), "服饰鞋包": (150, 60, 70), "食品酒水": (70, 120, 60)}
VALUE_COLOURS = {
    "黑色": (30, 30, 30),
    "白色": (240, 240, 240),
    "蓝色": (40, 90, 200),
    "紫色": (120, 70, 160),
    "绿色": (60, 140, 90),
    "银色": (200, 200, 205),
    "深空灰": (80, 80, 85),
    "灰色": (140, 140, 140),
    "藏青": (30, 40, 90),
    "红色": (200, 40, 40),
    "卡其": (190, 170, 120),
}


def _picture(label: str, background: tuple[int, int, int], *, size: int = 800) -> SimpleUploadedFile:
    """A square PNG with a label (Latin: the demo needs no CJK font installed)."""
    picture = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(picture)
    ink = (20, 20, 20) if sum(background) > 450 else (250, 250, 250)
    draw.rectangle((24, 24, size - 24, size - 24), outline=ink, width=6)
    font = ImageFont.load_default(size=size // 12)
    draw.text((size / 2, size / 2), label, fill=ink, font=font, anchor="mm")
    buffer = BytesIO()
    picture.save(buffer, "PNG")
    return SimpleUploadedFile(f"{label.lower().replace(' ', '-')}.png", buffer.getvalue(), "image/png")


def _categories(tree: dict, parent: BackendCategory | None, found: dict[str, BackendCategory]) -> None:
    for name, children in tree.items():
        category, _ = BackendCategory.objects.get_or_create(name=name, parent=parent)
        found[name] = category
        _categories(children, category, found)


def _templates(categories: dict[str, BackendCategory]) -> dict[tuple[str, str], Attribute]:
    """(category name, attribute name) -> attribute; a leaf's inherited attributes are looked up upwards."""
    attributes = {}
    for category_name, rows in TEMPLATES.items():
        for order, (name, kind, values, custom_allowed, filterable) in enumerate(rows):
            attribute, _ = Attribute.objects.get_or_create(
                category=categories[category_name],
                name=name,
                defaults={
                    "kind": kind,
                    "required": kind != OTHER,
                    "custom_allowed": custom_allowed,
                    "filterable": filterable,
                    "sort_order": order,
                },
            )
            for value_order, value in enumerate(values):
                AttributeValue.objects.get_or_create(
                    attribute=attribute, value=value, defaults={"sort_order": value_order}
                )
            attributes[(category_name, name)] = attribute
    return attributes


def _attribute(attributes: dict, category: BackendCategory, name: str) -> Attribute:
    for ancestor in category.get_ancestors(ascending=True, include_self=True):
        if (ancestor.name, name) in attributes:
            return attributes[(ancestor.name, name)]
    raise KeyError(f"{category.name} has no attribute {name}")


def seed(demo: dict) -> None:
    categories: dict[str, BackendCategory] = {}
    _categories(CATEGORY_TREE, None, categories)
    attributes = _templates(categories)
    brands = {}
    for name, english_name, origin, allowed in BRANDS:
        brand, created = Brand.objects.get_or_create(
            name=name, defaults={"english_name": english_name, "origin": origin}
        )
        if created:
            brand.categories.add(*(categories[category] for category in allowed))
        brands[name] = brand
    storefront: dict[str, StorefrontCategory] = {}
    for name, parent, backend, brand_names in STOREFRONT:
        node, created = StorefrontCategory.objects.get_or_create(name=name, parent=storefront.get(parent))
        if created:
            node.backend_categories.add(*(categories[category] for category in backend))
            node.brands.add(*(brands[brand] for brand in brand_names))
        storefront[name] = node

    operator = demo["operator"]
    for index, row in enumerate(PRODUCTS):
        store_key, leaf, brand_name, title, label, key_value, others, specs, base, step = row
        store = demo["stores"][store_key]
        category = categories[leaf]
        shipping = _shipping(demo, store_key, category)
        existing = Spu.objects.filter(store=store, title=title)
        if existing.exists():
            # A demo seeded before products had freight templates is brought up to date.
            existing.filter(freight_template__isnull=True).update(**shipping)
            continue
        seller = demo_user(f"{store_key}_owner")
        key_attribute = next(a for a in selectors.category_attributes(category=category) if a.kind == KEY)
        spec_inputs = [
            SpecInput(attribute_id=_attribute(attributes, category, name).pk, values=values) for name, values in specs
        ]
        last_name, last_values = specs[-1]
        combinations = [{}]
        for name, values in specs:
            combinations = [{**combination, name: value} for combination in combinations for value in values]
        prices = [Decimal(base) + Decimal(step) * last_values.index(c[last_name]) for c in combinations]
        skus = [
            SkuInput(
                specs=combination,
                price=price,
                market_price=quantize(price * Decimal("1.2")),
                code=f"{store_key.upper()}{index:03d}-{number:02d}",
                weight_g=500,
                stock=(index * 7 + number * 3) % 40,
                low_stock_threshold=5,
            )
            for number, (combination, price) in enumerate(zip(combinations, prices, strict=True))
        ]
        spu = services.spu_create(
            store=store,
            by=seller,
            category=category,
            brand=brands[brand_name],
            title=title,
            subtitle=f"{brand_name}官方正品 · 全国联保 · 七天无理由退货",
            goods_code=f"G{index:04d}",
            description_pc=f"<h2>{title}</h2><p>{brand_name}出品，品质保证。</p>",
            description_mobile=f"<p>{title}</p>",
            after_sales="七天无理由退货，质量问题十五天包换。",
            attributes=[
                AttributeInput(attribute_id=key_attribute.pk, value=key_value),
                *(
                    AttributeInput(attribute_id=_attribute(attributes, category, name).pk, value=value)
                    for name, value in others.items()
                ),
            ],
            specs=spec_inputs,
            skus=skus,
            **shipping,
        )
        family = FAMILY_COLOURS[category.get_root().name]
        services.spu_image_add(spu=spu, by=seller, image=_picture(label, family), kind=ImageKind.MAIN)
        if specs[0][0] == "颜色":
            for colour in specs[0][1]:
                picture = _picture(label, VALUE_COLOURS[colour], size=400)
                services.spu_image_add(spu=spu, by=seller, image=picture, kind=ImageKind.SPEC, spec_value=colour)
        # Most goods are on sale; a few wait in each state so the seller and review pages have something.
        if index % 20 == 13:
            continue  # a draft
        services.spu_submit(spu=spu, by=seller)
        if index % 20 == 7:
            continue  # waiting in the review queue
        if index % 20 == 17:
            services.spu_reject(spu=spu, by=operator, reason="主图需要白底, 请更换后重新提交")
            continue
        services.spu_approve(spu=spu, by=operator)
    _franchise_listings(demo)
    _favourites(demo)
    demo["catalog"] = {"categories": categories, "brands": brands, "storefront": storefront}


def _shipping(demo: dict, store_key: str, category: BackendCategory) -> dict:
    """Big-ticket electronics ship free; clothes and food go by the standard template, free from 99 yuan, so a
    shopper buying a snack or a T-shirt meets freight at checkout. Appliances are oversize, screens fragile."""
    templates = demo["freight_templates"][store_key]
    electronics = category.get_root().name == "数码家电"
    return {
        "freight_template_id": templates["free" if electronics else "standard"].pk,
        "shipping_category": SHIPPING_CATEGORIES.get(category.name, ShippingCategory.NORMAL),
    }


def _franchise_listings(demo: dict) -> None:
    """The direct and franchise stores list some of HQ's goods and stock them in their own warehouse."""
    hq_goods = list(Spu.objects.for_sale().filter(store=demo["stores"]["hq"]).order_by("pk"))
    for store_key, every in (("sh", 2), ("hz", 3)):
        store = demo["stores"][store_key]
        if StoreListing.objects.filter(store=store).exists():
            continue
        owner = demo_user(f"{store_key}_owner")
        warehouse = store.warehouses.order_by("pk").first()
        for spu in hq_goods[::every]:
            services.listing_create(store=store, spu=spu, by=owner)
            for sku in spu.skus.filter(is_active=True):
                services.stock_adjust(sku=sku, warehouse=warehouse, delta=5, reason="HQ 配货", by=owner)


def _favourites(demo: dict) -> None:
    """The first demo shopper keeps two HQ products and HQ's store among their favourites (我的收藏)."""
    shopper = demo["shoppers"][0]
    hq = demo["stores"]["hq"]
    for spu in Spu.objects.for_sale().filter(store=hq).order_by("pk")[:2]:
        services.product_favourite_add(user=shopper, spu=spu)
    services.store_favourite_add(user=shopper, store=hq)
