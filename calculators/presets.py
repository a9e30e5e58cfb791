"""Named scenarios for each calculator, every number with its source and grade.

Grades (core.Grade): ``official_filing`` for a company's own filing (Yatsen),
``industry_report`` for research firms, platform data and reputable secondary
sources (grade A−/B in shared/research/anchors_calculators.md), and
``illustrative`` for blog and vendor figures (grade C) and for anything
assumed. A number adapted from a source by more than plain arithmetic is
illustrative, whatever the source's grade.

A preset sets only the fields it has a reason for; the rest keep the
calculator's defaults (``Calculator.defaulted_fields`` lists them, and
``describe`` shows them). The registry attaches these tuples to the calculators.
"""

from __future__ import annotations

from calculators.core import Grade, Number, Preset, PresetValue, Source, Text

# ------------------------------------------------------------------ sources

YATSEN_Q2_2021 = "https://news.futunn.com/translate_tc/17131838180/8202122/1"
PERFECT_DIARY_CARD = "http://dooded.com/news/163.html"
BEAUTY_ADD_RATE = "https://www.nctoro.com/gongnue/109372.html"
LUCKIN_GROUPS = "https://suo.run/details/1851.html"
WECOM_FEE = "https://wescrm.com/siyuzhishiku/qiweiyunying/7117.html"
PLATFORM_CAC_2016 = "http://www.nbyzjl.com/2017/10/17/28358.html"
SKOK_SAAS_METRICS = "http://www.forentrepreneurs.com/saas-metrics-2-definitions-2/"
FEED_ADS_VS_FISSION = "https://www.y916.com/content/tips/1129.html"
FISSION_CASE = "http://ducksell.com/p/12901.html"


def _v(value: Number, en: str, zh: str, url: str = "", grade: Grade = "illustrative") -> PresetValue:
    return PresetValue(value, Source(Text(en, zh), url), grade)


def _assumed(value: Number, en: str, zh: str) -> PresetValue:
    return _v(value, f"Assumption: {en}", f"假设：{zh}")


YATSEN_MARGIN = _v(
    65.7,
    "Yatsen Holding (Perfect Diary), Q2 2021 results: gross margin 65.7 %",
    "逸仙电商（完美日记母公司）2021 年第二季度业绩：毛利率 65.7%",
    YATSEN_Q2_2021,
    "official_filing",
)
WECHAT_PAY_FEE = _v(
    0.6,
    "WeChat Pay's standard merchant rate, about 0.6 % (common knowledge, not re-checked)",
    "微信支付标准商户费率约 0.6%（行业常识，未再核实）",
)

# ------------------------------------------------------------------ ltv_cac

LTV_CAC = (
    Preset(
        "dtc_beauty",
        Text("DTC beauty brand (Perfect Diary style)", "美妆 DTC 品牌（完美日记式）"),
        Text(
            "A cosmetics brand selling to its own customers; revenue per customer and margin come from"
            " Yatsen's"
            " filing, churn and acquisition cost are assumed.",
            "自营渠道卖彩妆的品牌：客单收入和毛利率取自逸仙电商财报，流失率和获客成本为假设。",
        ),
        {
            "arpu": _v(
                38.9,
                "Yatsen Q2 2021 results: net revenue per DTC customer 116.7 yuan a quarter, ÷ 3 for a month",
                "逸仙电商 2021 年二季度业绩：DTC 客户人均季度净收入 116.7 元，除以 3 折成月",
                YATSEN_Q2_2021,
                "official_filing",
            ),
            "gross_margin": YATSEN_MARGIN,
            "monthly_churn": _assumed(
                8, "about one customer in twelve stops buying each month", "每月约十二分之一的客户不再购买"
            ),
            "cac": _v(
                150,
                "Assumption at the low end of the 150–400 yuan platform-level acquisition costs in broker"
                " estimates (not a brand's own figure)",
                "假设，取券商测算的平台级获客成本（150–400 元）的低端；并非品牌自身数据",
                PLATFORM_CAC_2016,
            ),
        },
    ),
    Preset(
        "coffee_chain",
        Text("Coffee chain with store groups (Luckin style)", "连锁咖啡门店社群（瑞幸式）"),
        Text(
            "Customers won in store WeChat groups with a first-cup coupon: cheap to acquire, frequent,"
            " fickle."
            " All figures are illustrative.",
            "用首杯券把门店顾客拉进社群：获客便宜、复购频繁、也容易流失。所有数字均为示意。",
        ),
        {
            "arpu": _assumed(
                60, "about four cups a month at about 15 yuan after coupons", "每月约 4 杯，券后每杯约 15 元"
            ),
            "gross_margin": _assumed(60, "gross margin of a freshly made drink", "现制饮品的毛利率"),
            "monthly_churn": _assumed(10, "one member in ten drifts away each month", "每月约一成会员流失"),
            "cac": _v(
                10,
                "Assumption: the price given up on the 3.8-折 (62 % off) coupon for joining a store group"
                " (Luckin case, as re-told by suo.run)",
                "假设：入群送的 3.8 折券让掉的价格（瑞幸案例，suo.run 转述）",
                LUCKIN_GROUPS,
            ),
        },
    ),
    Preset(
        "insurance_agent",
        Text("Insurance agent", "保险代理人"),
        Text(
            "Complex goods sold on trust: few clients, long relationships, expensive to win. All figures are"
            " illustrative.",
            "靠信任成交的复杂商品：客户少、关系长、获客贵。所有数字均为示意。",
        ),
        {
            "arpu": _assumed(
                50, "commission of about 600 yuan a year per client", "每位客户每年约 600 元佣金"
            ),
            "gross_margin": _assumed(
                90, "the agent's own costs take about a tenth", "代理人自身开销约占一成"
            ),
            "monthly_churn": _assumed(1, "policies lapse slowly", "保单退保、断缴的速度很慢"),
            "cac": _assumed(
                1000,
                "meetings, gifts and months of follow-up to win one client",
                "拿下一位客户要见面、送礼、跟进好几个月",
            ),
            "horizon_months": _assumed(120, "a ten-year client relationship", "按十年的客户关系计算"),
        },
    ),
    Preset(
        "b2b_saas",
        Text("B2B SaaS at the textbook benchmark", "B2B SaaS（教科书基准线）"),
        Text(
            "A subscription priced so that acquisition cost is earned back in exactly 12 months, Skok's"
            " limit;"
            " see whether LTV : CAC also reaches 3.",
            "按 Skok 的标准设定：获客成本正好 12 个月收回；看看 LTV : CAC 能不能同时达到 3。",
        ),
        {
            "arpu": _assumed(1000, "1,000 yuan per account per month", "每个账户每月 1,000 元"),
            "gross_margin": _assumed(80, "a typical software gross margin", "软件公司常见的毛利率"),
            "monthly_churn": _assumed(2, "about a fifth of accounts lost a year", "每年约流失五分之一的账户"),
            "cac": _v(
                9600,
                "Set so that CAC ÷ monthly margin = 12 months, the payback limit in Skok's SaaS Metrics 2.0",
                "按 Skok《SaaS Metrics 2.0》的 12 个月回本上限设定：CAC ÷ 月毛利 = 12",
                SKOK_SAAS_METRICS,
            ),
        },
    ),
    Preset(
        "standard_goods",
        Text("Standard goods on a marketplace (tissue paper)", "平台标品卖家（纸巾类）"),
        Text(
            "A price-led product bought wherever it is cheapest: thin margin, high churn, platform-level"
            " acquisition cost. It never pays back.",
            "谁便宜买谁的标品：毛利薄、流失高、获客成本按平台水平算。这笔账永远收不回来。",
        ),
        {
            "arpu": _assumed(30, "a pack of tissues a month", "每月一提纸巾"),
            "gross_margin": _assumed(20, "a thin margin on a price-led product", "比价型商品的薄毛利"),
            "monthly_churn": _assumed(15, "buyers follow the lowest price", "买家跟着最低价走"),
            "cac": _v(
                147.67,
                "JD's 2016 marketing spend per new annual active user, 147.67 yuan (broker note citing"
                " Analysys); a platform-level figure, not a seller's own CAC",
                "京东 2016 年每新增一位年活跃用户的营销费用 147.67 元（券商研报，引易观数据）；是平台级数字，"
                "不是商家自身的获客成本",
                PLATFORM_CAC_2016,
                "industry_report",
            ),
        },
    ),
)

# ------------------------------------------------------------------ funnel

FUNNEL = (
    Preset(
        "dtc_beauty_parcel_card",
        Text("Parcel card to WeCom (Perfect Diary style)", "包裹卡加企微（完美日记式）"),
        Text(
            "Every marketplace order ships with a red-packet card inviting the buyer to add the brand's WeCom"
            " account; revenue per buyer is Yatsen's filed quarterly figure, so the period is a quarter.",
            "每个平台订单附一张红包卡，引导买家加品牌企业微信；每位购买者收入取逸仙电商财报的季度数，"
            "所以周期按一个季度算。",
        ),
        {
            "visitors": _assumed(
                100000, "one month of marketplace orders, each with a card", "一个月的平台订单，每单一张卡"
            ),
            "cost_per_visitor": _v(
                0.425,
                "Assumption: a 0.2-yuan card for every parcel plus a 1.5-yuan red packet for the 15 % who"
                " add:"
                " 0.2 + 0.15 × 1.5 (Perfect Diary paid 1–2 yuan per friend added, case write-up, 2021)",
                "假设：每个包裹一张 0.2 元的卡，加微的 15% 再各发 1.5 元红包：0.2 + 0.15 × 1.5"
                "（完美日记每加一位好友花 1–2 元，案例拆解，2021）",
                PERFECT_DIARY_CARD,
            ),
            "activation_rate": _v(
                15,
                "Beauty brands report 15–20 % add rates with lucky-draw offers (operations blog); the low"
                " end",
                "运营文章称美妆类目用抽奖活动加微率可达 15%–20%；取低端",
                BEAUTY_ADD_RATE,
            ),
            "retention_rate": _assumed(60, "most new friends stay a month", "大部分新好友一个月内不会删"),
            "purchase_rate": _assumed(20, "one in five buys in the quarter", "每五人中有一人在季度内下单"),
            "revenue_per_buyer": _v(
                116.7,
                "Yatsen Q2 2021 results: net revenue per DTC customer 116.7 yuan a quarter",
                "逸仙电商 2021 年二季度业绩：DTC 客户人均季度净收入 116.7 元",
                YATSEN_Q2_2021,
                "official_filing",
            ),
            "invites_per_retained": _assumed(1, "one share per retained friend", "每位留存好友分享一次"),
            "invite_conversion": _assumed(10, "one share in ten brings someone in", "十次分享带来一人"),
        },
    ),
    Preset(
        "coffee_store_groups",
        Text("Coffee store WeChat groups (Luckin style)", "咖啡门店社群（瑞幸式）"),
        Text(
            "Store staff invite customers to the store's WeCom group with a first-cup coupon; group members"
            " buy often and bring friends. All figures are illustrative.",
            "店员用首杯券邀请顾客进门店企微群；群成员复购勤，也会拉朋友进来。所有数字均为示意。",
        ),
        {
            "visitors": _assumed(
                20000,
                "customers asked at the counter in a month across ten stores",
                "十家门店一个月在柜台邀请的顾客",
            ),
            "cost_per_visitor": _v(
                3,
                "Assumption: about 10 yuan given up on the 3.8-折 first-cup coupon, times the 30 % who join"
                " (Luckin case, as re-told by suo.run)",
                "假设：3.8 折首杯券约让利 10 元，乘以 30% 的入群率（瑞幸案例，suo.run 转述）",
                LUCKIN_GROUPS,
            ),
            "activation_rate": _assumed(30, "three in ten scan the group code", "十人中三人扫码进群"),
            "retention_rate": _assumed(
                50, "half are still in the group a month later", "一个月后一半人还在群里"
            ),
            "purchase_rate": _assumed(60, "coffee is bought often", "咖啡本身就是高频消费"),
            "revenue_per_buyer": _assumed(
                60, "four cups in the month at about 15 yuan", "一个月 4 杯，每杯约 15 元"
            ),
            "invites_per_retained": _assumed(
                2, "two colleagues invited to share a coupon", "邀请两位同事一起用券"
            ),
            "invite_conversion": _assumed(15, "coupon invitations convert well", "带券的邀请转化较高"),
        },
    ),
    Preset(
        "fission_campaign",
        Text("Red-packet referral campaign", "红包裂变活动"),
        Text(
            "Seed users share a poster; friends who join and stay a week unlock a reward for both. K crosses"
            " 1,"
            " so referral sustains itself until the audience runs out.",
            "种子用户转发海报，好友进群满一周双方都拿奖励。K 超过 1，裂变可以自我延续，直到目标人群用完。",
        ),
        {
            "visitors": _assumed(1000, "one thousand seed users", "一千名种子用户"),
            "cost_per_visitor": _v(
                0.35,
                "A red-packet fission case paid 0.35 yuan per follower kept 7 days (case write-up); used here"
                " as"
                " the cost per seed user",
                "某红包裂变案例：每个留存 7 天的粉丝花 0.35 元（案例文章）；这里当作每个种子用户的成本",
                FISSION_CASE,
            ),
            "activation_rate": _assumed(80, "the reward needs the user to join", "领奖励必须先进群"),
            "retention_rate": _assumed(60, "the reward keeps people a month", "奖励让人至少留一个月"),
            "purchase_rate": _assumed(5, "few buy the paid course", "买正价课的人很少"),
            "revenue_per_buyer": _assumed(99, "a 99-yuan course", "一门 99 元的课"),
            "invites_per_retained": _assumed(5, "the poster asks for five friends", "海报要求邀请五位好友"),
            "invite_conversion": _assumed(
                45, "a reward for both sides converts well", "双方都有奖励，转化较高"
            ),
        },
    ),
    Preset(
        "official_account_ads",
        Text("Paid follows for an official account", "公众号投放涨粉"),
        Text(
            "Feed ads that buy official-account followers: every visitor here is already a follower, and few"
            " are still around two weeks later.",
            "投朋友圈广告买公众号粉丝：这里的每个访客都已经关注，但两周后还在看的寥寥无几。",
        ),
        {
            "cost_per_visitor": _v(
                4.5,
                "An official-account test: feed ads cost 4.5 yuan per follower (operations blog)",
                "某公众号投放测试：朋友圈广告每个粉丝 4.5 元（运营文章）",
                FEED_ADS_VS_FISSION,
            ),
            "activation_rate": _assumed(100, "the visitor count is the follower count", "访客数就是粉丝数"),
            "retention_rate": _v(
                15,
                "The same test: under 15 % of those followers still active in week two; the upper end",
                "同一测试：第二周仍活跃的粉丝不到 15%；取上限",
                FEED_ADS_VS_FISSION,
            ),
            "purchase_rate": _assumed(10, "one active follower in ten buys", "活跃粉丝中十分之一下单"),
            "revenue_per_buyer": _assumed(100, "one 100-yuan order", "一单 100 元"),
            "invites_per_retained": _assumed(0, "no referral mechanism", "没有裂变机制"),
        },
    ),
    Preset(
        "insurance_agent",
        Text("Insurance agent's content funnel", "保险代理人内容获客"),
        Text(
            "Readers of an agent's posts add her on WeChat; few buy, but each sale is large and clients refer"
            " friends. All figures are illustrative.",
            "读者看了代理人的内容加她微信；成交的人少，但单笔大，老客户还会转介绍。所有数字均为示意。",
        ),
        {
            "visitors": _assumed(
                2000, "readers reached by promoted posts in a month", "一个月推广内容触达的读者"
            ),
            "cost_per_visitor": _assumed(1, "one yuan per reader reached", "每触达一位读者 1 元"),
            "activation_rate": _assumed(10, "one reader in ten adds her", "十位读者中一位加微信"),
            "retention_rate": _assumed(
                70, "people who add an adviser rarely delete her", "加了顾问的人很少删"
            ),
            "purchase_rate": _assumed(5, "a policy is a big decision", "买保险是个大决定"),
            "revenue_per_buyer": _assumed(3000, "first-year commission on one policy", "一张保单的首年佣金"),
            "invites_per_retained": _assumed(1, "one friend introduced", "介绍一位朋友"),
            "invite_conversion": _assumed(20, "a friend's introduction carries trust", "熟人介绍自带信任"),
        },
    ),
)

# ------------------------------------------------------------------ pool_migration

POOL_MIGRATION = (
    Preset(
        "dtc_beauty",
        Text("Beauty brand parcel cards (Perfect Diary style)", "美妆包裹卡引流（完美日记式）"),
        Text(
            "The worked example of the handbook: marketplace buyers invited by a red-packet card, with"
            " Yatsen's"
            " filed gross margin. Order frequencies, ROAS and churn stay at the (illustrative) defaults.",
            "手册里的算例：用红包卡把平台买家拉进企微，毛利率取逸仙电商财报。下单频次、ROAS、流失率沿用默认值"
            "（示意）。",
        ),
        {
            "add_rate": _v(
                10,
                "Assumption, below the 15–20 % add rates beauty brands report for lucky draws (operations"
                " blog)",
                "假设，低于运营文章所称美妆类目抽奖活动 15%–20% 的加微率",
                BEAUTY_ADD_RATE,
            ),
            "incentive_per_member": _v(
                1.5,
                "Perfect Diary paid a 1–2 yuan red packet per friend added (case write-up, 2021); the middle",
                "完美日记每加一位好友发 1–2 元红包（案例拆解，2021）；取中间值",
                PERFECT_DIARY_CARD,
            ),
            "cost_per_exposure": _assumed(0.2, "printing one parcel card", "印一张包裹卡"),
            "gross_margin": YATSEN_MARGIN,
            "payment_fee": WECHAT_PAY_FEE,
            "opex_per_member_month": _v(
                0.6,
                "Assumption: one operator costing 11,200 yuan a month per 20,000 members (a WeCom account's"
                " cap) plus SCRM tools and WeCom's 0.1 yuan per contact a year",
                "假设：每 2 万会员（企微单账号上限）配一名月成本 1.12 万元的运营，加上 SCRM"
                " 工具和企业微信每个联系人每年 0.1 元的费用",
                WECOM_FEE,
            ),
        },
    ),
    Preset(
        "coffee_store_groups",
        Text("Coffee store groups vs delivery apps (Luckin style)", "咖啡门店社群 vs 外卖平台（瑞幸式）"),
        Text(
            "Store customers join a WeCom group for a first-cup coupon instead of ordering through a delivery"
            " platform; members buy 30 % more often. All figures are illustrative.",
            "门店顾客用首杯券换进企微群，不再走外卖平台下单；群成员购买频次高 30%。所有数字均为示意。",
        ),
        {
            "cohort_size": _assumed(
                20000, "customers asked at the counter in a month", "一个月在柜台邀请的顾客"
            ),
            "add_rate": _assumed(30, "three in ten scan the group code", "十人中三人扫码进群"),
            "incentive_per_member": _v(
                8,
                "Assumption: margin given up on the 3.8-折 first-cup coupon (Luckin case, as re-told by"
                " suo.run)",
                "假设：3.8 折首杯券让掉的毛利（瑞幸案例，suo.run 转述）",
                LUCKIN_GROUPS,
            ),
            "cost_per_exposure": _assumed(0, "the group code sits on the counter", "群二维码就摆在柜台上"),
            "aov": _assumed(15, "one drink after coupons", "券后一杯的价格"),
            "gross_margin": _assumed(60, "gross margin of a freshly made drink", "现制饮品的毛利率"),
            "payment_fee": WECHAT_PAY_FEE,
            "platform_fee": _assumed(
                20, "a delivery platform's commission and fees", "外卖平台的佣金与服务费"
            ),
            "private_orders_per_month": _v(
                2.6,
                "Luckin reported members of store groups buying 30 % more often (as re-told by suo.run):"
                " 2 × 1.3",
                "瑞幸称社群会员月购买频次提升 30%（suo.run 转述）：2 × 1.3",
                LUCKIN_GROUPS,
            ),
            "public_orders_per_month": _assumed(2, "two delivery orders a month", "每月点两次外卖"),
            "paid_reach_share": _assumed(
                20, "some orders need a paid push on the platform", "部分订单要在平台上付费推广"
            ),
            "roas": _assumed(4, "platform promotion returns 4 yuan per yuan", "平台推广花 1 元带回 4 元"),
            "opex_per_member_month": _assumed(
                0.2, "store staff run the groups between orders", "店员在出杯间隙打理社群"
            ),
            "monthly_churn": _assumed(8, "group members mute or leave", "群成员屏蔽或退群"),
            "horizon_months": _assumed(24, "two years", "两年"),
        },
    ),
    Preset(
        "insurance_agent",
        Text("Insurance agent keeping clients on WeCom", "保险代理人用企微维护客户"),
        Text(
            "An agent moves the clients she meets onto her WeCom instead of buying leads for every sale. Her"
            " own"
            " time is not costed; her only running cost is WeCom's contact fee.",
            "代理人把见过面的客户加到自己的企业微信，不再每单都去买线索。她自己的时间不计成本，"
            "唯一的运营开销是企业微信的联系人费用。",
        ),
        {
            "cohort_size": _assumed(500, "clients met in person over a year", "一年里见过面的客户"),
            "add_rate": _assumed(60, "people met in person usually accept", "见过面的人一般都会通过"),
            "incentive_per_member": _assumed(20, "a small gift", "一份小礼物"),
            "cost_per_exposure": _assumed(0, "the meeting is already paid for", "见面的成本已经花了"),
            "aov": _assumed(5000, "one year's premium on a policy", "一张保单一年的保费"),
            "gross_margin": _assumed(20, "the agent's commission share", "代理人的佣金比例"),
            "payment_fee": _assumed(0, "premiums are paid to the insurer", "保费直接交给保险公司"),
            "platform_fee": _assumed(10, "a lead platform's cut", "线索平台的分成"),
            "private_orders_per_month": _assumed(0.02, "one policy every four years", "四年一张保单"),
            "public_orders_per_month": _assumed(
                0.01, "half as many without the relationship", "没有这层关系，只有一半"
            ),
            "paid_reach_share": _assumed(
                100, "every sale to a stranger needs a bought lead", "陌生客户每一单都得买线索"
            ),
            "roas": _assumed(
                10, "a bought lead returns 10 yuan of premium per yuan", "买线索花 1 元带回 10 元保费"
            ),
            "opex_per_member_month": _v(
                0.0083,
                "WeCom's external-contact fee, about 0.1 yuan per contact a year beyond the free 2,000, ÷ 12",
                "企业微信外部联系人费用：超出免费的 2,000 人后每人每年约 0.1 元，除以 12",
                WECOM_FEE,
                "industry_report",
            ),
            "monthly_churn": _assumed(1, "clients rarely delete their adviser", "客户很少删自己的顾问"),
            "horizon_months": _assumed(120, "a ten-year relationship", "十年的客户关系"),
        },
    ),
    Preset(
        "standard_goods",
        Text("Standard goods (tissue paper)", "标品（纸巾类）"),
        Text(
            "A price-led product: buyers would reorder on the platform anyway, and they mute groups fast."
            " The extra margin never covers the cost of moving them. All figures are illustrative.",
            "比价型标品：买家本来就会在平台上回购，"
            "进了群也很快屏蔽。增量毛利永远收不回引流成本。所有数字均为示意。",
        ),
        {
            "aov": _assumed(40, "a bulk pack of tissues", "一箱纸巾"),
            "gross_margin": _assumed(25, "a thin margin on a price-led product", "比价型商品的薄毛利"),
            "private_orders_per_month": _assumed(
                0.3, "a reorder every three months or so", "大约三个月回购一次"
            ),
            "public_orders_per_month": _assumed(
                0.28, "almost all of it would happen anyway", "几乎都是本来就会发生的回购"
            ),
            "paid_reach_share": _assumed(20, "most reorders need no ad", "多数回购不用投广告"),
            "opex_per_member_month": _assumed(
                0.8, "a group-buying team posting daily deals", "团购运营每天发特价"
            ),
            "monthly_churn": _assumed(20, "price shoppers mute the group", "比价用户很快屏蔽群"),
        },
    ),
)

PRESETS: dict[str, tuple[Preset, ...]] = {
    "ltv_cac": LTV_CAC,
    "funnel": FUNNEL,
    "pool_migration": POOL_MIGRATION,
}
