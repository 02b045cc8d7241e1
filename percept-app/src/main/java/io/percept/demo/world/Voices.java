package io.percept.demo.world;

import io.percept.demo.world.Reviews.Aspect;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What customers and sales reps write besides reviews: service tickets about a bad experience,
 * tickets raised by an IoT device fault, social-media comments, survey free text and the direct
 * sales team's visit notes. Every phrase was written for this project, per aspect and polarity, in
 * Chinese and English; texts are assembled from independently chosen parts (opening, product
 * mention, complaint, mood, request) so that they vary combinatorially, and depend only on the
 * random stream. "{}" in a phrase takes an intensifier, as in {@link Reviews}.
 */
public final class Voices {

    /** Fictional rival brands the sales team meets. */
    public static final List<String> COMPETITORS = List.of("海川", "米力", "拓野");

    /** Chinese and English variants of one phrase slot. */
    private record Phrases(String[] zh, String[] en) {

        String pick(boolean english, SplittableRandom random) {
            return Voices.pick(english ? en : zh, random);
        }
    }

    /** A device error code, what it means and its symptom in the customer's words. */
    private record ErrorCode(String category, String code, String zh, String en) {
    }

    private static final Map<Aspect, Phrases> SUBJECTS = new EnumMap<>(Aspect.class);
    private static final Map<Aspect, Phrases> COMPLAINTS = new EnumMap<>(Aspect.class);
    private static final Map<Aspect, Phrases> PRAISES = new EnumMap<>(Aspect.class);
    private static final Map<Aspect, Phrases> GRIPES = new EnumMap<>(Aspect.class);

    static {
        put(SUBJECTS, Aspect.QUALITY, new String[] {"产品质量问题", "商品有故障", "刚买就坏了"},
                new String[] {"Product defect", "Item stopped working", "Broken on arrival"});
        put(SUBJECTS, Aspect.LOGISTICS, new String[] {"物流超时未送达", "快递一直没到", "催发货"},
                new String[] {"Order not delivered", "Where is my package?", "Shipping delay"});
        put(SUBJECTS, Aspect.PRICE, new String[] {"申请价格保护", "降价补差价", "优惠券未抵扣"},
                new String[] {"Price protection request", "Price dropped after purchase", "Coupon not applied"});
        put(SUBJECTS, Aspect.SERVICE, new String[] {"投诉客服态度", "客服不回复", "要求回电"},
                new String[] {"Complaint about support agent", "No reply from support", "Callback requested"});
        put(SUBJECTS, Aspect.PACKAGING, new String[] {"包装破损", "外箱压坏", "封条被拆"},
                new String[] {"Damaged packaging", "Box arrived crushed", "Seal was broken"});
        put(SUBJECTS, Aspect.DESCRIPTION, new String[] {"实物与描述不符", "参数不一致", "缺少配件"},
                new String[] {"Item not as described", "Wrong specifications", "Missing accessories"});
        put(SUBJECTS, Aspect.AFTER_SALES, new String[] {"退货申请未处理", "维修进度查询", "售后投诉"},
                new String[] {"Return request ignored", "Repair status", "After-sales complaint"});
        put(SUBJECTS, Aspect.USABILITY, new String[] {"设备无法连接", "App 闪退", "续航问题"},
                new String[] {"Device won't connect", "App keeps crashing", "Battery life issue"});

        // what went wrong, as the customer tells it (English ones continue a sentence)
        put(COMPLAINTS, Aspect.QUALITY, new String[] {"用了不到一周就坏了", "做工{}差，外壳有裂缝", "一开机就有异响，质量{}让人失望", "屏幕出现坏点，明显是质量问题"},
                new String[] {"it broke after less than a week", "the build is {}poor and the casing is cracked",
                    "it is {}noisy as soon as I turn it on", "the screen has dead pixels out of the box"});
        put(COMPLAINTS, Aspect.LOGISTICS, new String[] {"下单一个多星期了还没收到货", "物流信息三天没更新了", "快递显示已签收，但我根本没收到", "说好的次日达，结果拖了五天"},
                new String[] {"my order still hasn't arrived after more than a week", "the tracking hasn't updated in three days",
                    "it says delivered but I never got anything", "next-day delivery turned into five days"});
        put(COMPLAINTS, Aspect.PRICE, new String[] {"刚付完款就降价了三百块，{}郁闷", "同样的东西直播间便宜了好多", "活动说好的优惠券没有抵扣", "申请价格保护被拒了"},
                new String[] {"the price dropped by 300 yuan right after I paid", "the same item is so much cheaper in your livestream",
                    "the promotion coupon was never applied", "my price protection request was rejected"});
        put(COMPLAINTS, Aspect.SERVICE, new String[] {"客服态度{}差，说两句就不回了", "在线客服排队排了一个小时", "问了三次都是机器人回复，没人解决", "客服答应回电，结果一直没人联系我"},
                new String[] {"your agent was {}rude and stopped replying", "I waited an hour in the chat queue",
                    "I asked three times and only got bot answers", "support promised a callback that never came"});
        put(COMPLAINTS, Aspect.PACKAGING, new String[] {"外箱被压扁了，里面的东西也磕坏了", "包装{}简陋，连个泡沫都没有", "收到时封条是破的，像被拆过", "盒子全湿了"},
                new String[] {"the box arrived crushed and the item is dented", "the packaging was {}flimsy with no padding at all",
                    "the seal was broken as if someone had opened it", "the box was soaking wet"});
        put(COMPLAINTS, Aspect.DESCRIPTION, new String[] {"实物和页面描述{}不一样", "颜色和图片差很多", "页面写续航两天，实际一天都撑不到", "页面说有配件，收到发现没有"},
                new String[] {"it is {}different from the product page", "the colour is nothing like the photos",
                    "the page says two days of battery but it barely lasts one", "the accessories listed on the page were missing"});
        put(COMPLAINTS, Aspect.AFTER_SALES, new String[] {"退货申请提交一周了还没人处理", "寄去维修半个月了没有任何进度", "售后{}推诿，一直让我找别的部门", "上门安装约了三次都没来"},
                new String[] {"my return request has been pending for a week", "the repair has taken two weeks with no update",
                    "after-sales keeps passing me to another department", "the installer missed three appointments"});
        put(COMPLAINTS, Aspect.USABILITY, new String[] {"App {}难用，动不动就闪退", "设备老是断连，每天都要重新配网", "续航{}短，半天就没电了", "说明书看不懂，设置了半天也没弄好"},
                new String[] {"the app is {}hard to use and keeps crashing", "it keeps disconnecting and I have to re-pair it daily",
                    "battery life is {}short, it's flat in half a day", "the manual is confusing and I still can't set it up"});

        // short takes for posts and survey answers
        put(PRAISES, Aspect.QUALITY, new String[] {"质量{}好", "做工{}扎实"},
                new String[] {"the build is {}solid", "quality is {}good"});
        put(PRAISES, Aspect.LOGISTICS, new String[] {"物流{}快", "隔天就到了"},
                new String[] {"delivery was {}fast", "arrived the next day"});
        put(PRAISES, Aspect.PRICE, new String[] {"性价比{}高", "活动价{}划算"},
                new String[] {"the price is {}fair", "the sale price is {}good"});
        put(PRAISES, Aspect.SERVICE, new String[] {"客服{}耐心", "客服回复{}快"},
                new String[] {"support was {}helpful", "support replied {}fast"});
        put(PRAISES, Aspect.PACKAGING, new String[] {"包装{}用心", "包装完好无损"},
                new String[] {"the packaging is {}nice", "arrived intact"});
        put(PRAISES, Aspect.DESCRIPTION, new String[] {"和图片一模一样", "实物{}好看"},
                new String[] {"exactly like the pics", "looks {}good in person"});
        put(PRAISES, Aspect.AFTER_SALES, new String[] {"售后{}给力", "换货{}顺利"},
                new String[] {"the replacement was {}smooth", "returns were {}easy"});
        put(PRAISES, Aspect.USABILITY, new String[] {"App{}好用", "续航{}顶"},
                new String[] {"the app is {}easy to use", "battery life is {}great"});
        put(GRIPES, Aspect.QUALITY, new String[] {"质量{}差", "用几天就坏了"},
                new String[] {"quality is {}poor", "broke within days"});
        put(GRIPES, Aspect.LOGISTICS, new String[] {"物流{}慢", "快递等了一周"},
                new String[] {"delivery was {}slow", "waited a week for shipping"});
        put(GRIPES, Aspect.PRICE, new String[] {"价格{}贵", "买完就降价"},
                new String[] {"it's {}overpriced", "the price dropped right after I bought it"});
        put(GRIPES, Aspect.SERVICE, new String[] {"客服{}敷衍", "客服不回消息"},
                new String[] {"support was {}useless", "support ghosted me"});
        put(GRIPES, Aspect.PACKAGING, new String[] {"包装破了", "盒子压扁了"},
                new String[] {"the box arrived crushed", "the packaging is {}flimsy"});
        put(GRIPES, Aspect.DESCRIPTION, new String[] {"货不对板", "和描述不一样"},
                new String[] {"not as described", "looks nothing like the pics"});
        put(GRIPES, Aspect.AFTER_SALES, new String[] {"售后{}拖拉", "退货没人管"},
                new String[] {"after-sales is {}slow", "my return request was ignored"});
        put(GRIPES, Aspect.USABILITY, new String[] {"老是断连", "续航{}拉胯"},
                new String[] {"keeps disconnecting", "battery drains {}fast"});
    }

    private static final Phrases OPENINGS = new Phrases(new String[] {"你好，", "您好，", "客服你好，", "在吗？", "投诉！", ""},
            new String[] {"Hi, ", "Hello, ", "Hi team, ", "URGENT: ", "Complaint: ", ""});
    private static final Phrases MENTIONS = new Phrases(new String[] {"我上周买的{product}，", "关于{product}：", "家里的{product}，", "刚收到的{product}，"},
            new String[] {"I bought the {product} last week and ", "about my {product}: ", "re the {product}: ",
                "I just got the {product} and "});
    private static final Phrases ANNOYED = new Phrases(new String[] {"有点失望。", "体验不太好。", "挺影响使用的。"},
            new String[] {"A bit disappointed.", "Not a great experience.", "This is quite annoying."});
    private static final Phrases ANGRY = new Phrases(new String[] {"太离谱了！", "真的很生气！", "再不处理我就去 12315 投诉了！", "第一次遇到这么差的体验！"},
            new String[] {"This is ridiculous!", "I am really angry!", "If this isn't fixed I will report it to consumer protection!",
                "Worst experience I've ever had!"});
    private static final Phrases REQUESTS = new Phrases(
            new String[] {"请尽快处理。", "麻烦尽快给个答复。", "我要求退款。", "希望给换个新的。", "请安排人给我回个电话。", "能不能直接退货？"},
            new String[] {"Please sort this out asap.", "Please get back to me soon.", "I want a refund.", "Please send me a replacement.",
                "Please call me back.", "Can I just return it?"});
    private static final Phrases FAULT_REPORTS = new Phrases(new String[] {"一直显示故障码 {code}，", "报了 {code} 故障，", "在 App 里推送了 {code} 报警，"},
            new String[] {"keeps showing error {code}", "sent an alert with {code} to the app", "displays {code}"});
    private static final Phrases FAULT_TRIES = new Phrases(new String[] {"重启了好几次也没用。", "按说明书操作了还是不行。", "这个月已经是第二次了。"},
            new String[] {"Restarting it several times didn't help.", "I followed the manual and it still fails.",
                "This is the second time this month."});
    private static final Phrases FAULT_REQUESTS = new Phrases(new String[] {"能派人上门看看吗？", "请安排维修。", "还在保修期内，要求换新。"},
            new String[] {"Can you send a technician?", "Please arrange a repair.", "It's under warranty, I want a new one."});
    private static final Phrases BAD_TAGS = new Phrases(new String[] {"避雷！", "拔草了", "无语😅", "大家慎买", "踩雷了"},
            new String[] {"Avoid.", "Regret buying this.", "Ugh.", "Not impressed 🙄", "Save your money."});
    private static final Phrases GOOD_TAGS = new Phrases(new String[] {"真香！", "种草了", "闭眼冲", "yyds", "强烈安利"},
            new String[] {"Love it!", "10/10.", "Highly recommend.", "No regrets 🙌", "Obsessed."});
    private static final Phrases BAD_QUESTIONS = new Phrases(new String[] {"有人遇到过一样的问题吗？", "售后到底管不管？", "是只有我这样吗？"},
            new String[] {"Anyone else had this?", "Is it just me?", "Does anyone at @Qinghe read this?"});
    private static final Phrases GOOD_QUESTIONS = new Phrases(new String[] {"还有什么好用的配件求推荐～", "有姐妹一起拼单吗？", "你们用的是哪款？"},
            new String[] {"Any accessories worth getting?", "What else should I try?", "Which one do you use?"});

    private static final Phrases COMPLAINT_VERBATIMS = new Phrases(new String[] {"体验很差，不会推荐。", "不太满意，希望改进。", "非常失望。", "以后不会再买了。"},
            new String[] {"Disappointing experience.", "Would not recommend.", "Not happy at all.", "Needs a lot of improvement."});
    private static final Phrases NEUTRAL_VERBATIMS = new Phrases(new String[] {"还行吧，中规中矩。", "整体一般，有改进空间。", "凑合，没有特别惊喜。"},
            new String[] {"It's okay.", "Average, nothing special.", "Fine, could be better."});
    private static final Phrases PRAISE_VERBATIMS = new Phrases(new String[] {"非常满意，已经推荐给朋友了！", "体验很好，会回购。", "很棒，点赞！"},
            new String[] {"Love it, already recommended it to friends!", "Great experience, will buy again.", "Excellent, keep it up!"});

    // the sales team's notes, in Chinese
    private static final Map<String, String[]> NEEDS = Map.of(
            "phones", new String[] {"客户想给销售团队统一换手机，关注续航和双卡。", "客户家里老人要换机，想要字大、操作简单的手机。", "客户是门店老板，想批量采购员工备用机。"},
            "audio", new String[] {"客户想给会议室配智能音箱，要求能接入现有系统。", "客户经常出差，想要降噪效果好的耳机。", "客户是健身房，想采购一批耳机做会员礼品。"},
            "wearables", new String[] {"客户想给父母买能测心率、能一键呼救的手表。", "客户是企业工会，想采购手环做员工健康福利。", "客户是跑步爱好者，关注 GPS 精度和续航。"},
            "robot-vacuums", new String[] {"家里有老人和宠物，想要吸力大的扫地机。", "客户家是大平层，关注续航和自动集尘。", "客户是民宿老板，想给几套房统一配扫拖一体机。"},
            "air-purifiers", new String[] {"客户刚装修完，想要除甲醛效果好的净化器。", "客户孩子有过敏性鼻炎，很在意滤网等级。", "客户是幼儿园，想给每个教室配一台净化器。"},
            "kitchen", new String[] {"客户新房装修，想一次配齐厨房小电。", "客户是轻食店，想采购几台破壁机，关注噪音和耐用性。", "客户家里人口多，想要大容量电饭煲。"},
            "washers", new String[] {"客户家里有婴儿，想要带高温除菌的洗衣机。", "客户是公寓运营方，想批量采购洗烘一体机。", "客户家阳台小，关心机器尺寸放不放得下。"},
            "consumables", new String[] {"客户是老用户，想了解滤网订阅和定期配送。", "客户想一次多囤几套耗材，问有没有批量价。"});
    private static final String[] GENERAL_NEEDS = {"客户想了解我们的整体产品线。"};
    private static final String[] PRICE_OBJECTIONS = {"客户觉得价格{}高，希望再给点折扣。", "客户预算有限，对价格{}敏感，问能不能分期。",
        "客户说超出预算约两成，要回去和家人商量。"};
    private static final List<String> INSTALLED = List.of("robot-vacuums", "air-purifiers", "kitchen", "washers");
    private static final String[] INSTALL_OBJECTIONS = {"客户担心安装调试麻烦，问能不能免费上门。", "客户担心家里空间不够，需要先上门量尺寸。"};
    private static final String[] OTHER_OBJECTIONS = {"客户担心售后，问了保修期和维修网点。", "客户之前用过的产品售后很差，对售后比较有顾虑。", "客户要求两周内到货，担心交期来不及。",
        "客户问旺季发货会不会延迟。"};
    private static final String[] COMPARISONS = {"客户在对比{competitor}的同类产品，对方报价低约{percent}%。", "客户提到{competitor}也在跟进，还送了延保。",
        "客户之前用过{competitor}，觉得他们的售后响应慢，倾向我们。", "{competitor}的销售上周刚来过，给了样机试用。"};
    private static final Map<String, String[]> NEXT_STEPS = Map.of(
            "lead", new String[] {"下一步：约下周上门演示。", "下一步：先发产品资料，三天后电话回访。", "下一步：邀请客户来门店体验。"},
            "proposal", new String[] {"已发报价方案，等客户内部确认。", "下一步：按需求调整配置，周五前重新报价。", "下一步：安排样机试用一周。"},
            "negotiation", new String[] {"下一步：申请特价审批，争取本周签约。", "客户要求加送延保，需向经理申请。", "下一步：确认付款方式和送货时间。"},
            "won", new String[] {"已签单，安排下周送货安装。", "客户已付款，后续跟进安装和使用培训。", "成交，约好一个月后回访使用情况。"},
            "lost", new String[] {"丢单：客户预算被砍，项目暂缓。", "丢单：客户觉得价格超出预算太多。", "丢单：客户决定继续用旧设备，明年再说。",
                "丢单：交期满足不了客户的时间要求。"});
    private static final String[] LOST_TO_COMPETITOR = {"丢单：客户最终选了{competitor}，对方价格更低。", "丢单：客户选了{competitor}，因为对方能更快交货。"};

    private static final List<ErrorCode> ERROR_CODES = List.of(
            new ErrorCode("wearables", "W-BAT-LOW", "电量掉得特别快，一天要充两次", "and the battery drains within hours"),
            new ErrorCode("wearables", "W-SYNC-02", "数据同步不到 App 里", "and it won't sync with the app"),
            new ErrorCode("wearables", "W-BT-05", "蓝牙老是断开", "and the Bluetooth keeps dropping"),
            new ErrorCode("wearables", "W-HR-11", "心率测不出来", "and the heart rate reading is blank"),
            new ErrorCode("robot-vacuums", "RV-E01", "轮子卡住了，不走了", "and the wheel is stuck"),
            new ErrorCode("robot-vacuums", "RV-E03", "边刷不转了", "and the side brush stopped spinning"),
            new ErrorCode("robot-vacuums", "RV-E07", "找不到充电座，回不去充电", "and it can't find its dock"),
            new ErrorCode("robot-vacuums", "RV-N02", "连不上网，App 显示离线", "and the app says it is offline"),
            new ErrorCode("air-purifiers", "AP-F3", "提示换滤网，可我上个月刚换过", "and asks for a new filter although I replaced it last month"),
            new ErrorCode("air-purifiers", "AP-S1", "空气质量一直显示红色，传感器好像坏了", "and the air quality sensor is stuck on red"),
            new ErrorCode("air-purifiers", "AP-M5", "风机不转了", "and the fan stopped"),
            new ErrorCode("air-purifiers", "AP-N02", "App 里显示设备离线", "and the app says it is offline"),
            new ErrorCode("washers", "WS-E10", "进水特别慢", "and it fills with water very slowly"),
            new ErrorCode("washers", "WS-E21", "排不了水，衣服泡在里面", "and it won't drain, my clothes are soaking"),
            new ErrorCode("washers", "WS-E30", "门锁不上，启动不了", "and the door won't lock so it won't start"),
            new ErrorCode("washers", "WS-E52", "脱水时震动得厉害", "and it shakes violently during the spin"));

    private static final Map<String, String> ENGLISH_NOUNS = Map.of("phones", "phone", "audio", "speaker", "wearables", "watch",
            "robot-vacuums", "robot vacuum", "air-purifiers", "air purifier", "kitchen", "kitchen appliance", "washers", "washing machine",
            "consumables", "refill kit");

    private static final String[] ZH_INTENSIFIERS = {"", "很", "非常", "特别", "超级", "挺", "太"};
    private static final String[] ZH_MILD = {"有点", "比较"};
    private static final String[] EN_INTENSIFIERS = {"", "very ", "really ", "super ", "so "};

    private Voices() {
    }

    /** A short subject line for a ticket about a bad experience with {@code aspect}. */
    public static String ticketSubject(Aspect aspect, boolean english, SplittableRandom random) {
        return SUBJECTS.get(aspect).pick(english, random);
    }

    /**
     * A customer-service ticket in the customer's words (one to three sentences) about a bad
     * experience with {@code aspect}, about half of the time naming {@code product}.
     */
    public static String ticket(Aspect aspect, Catalogue.Product product, boolean english, SplittableRandom random) {
        String opening = OPENINGS.pick(english, random);
        String mention = random.nextBoolean() ? MENTIONS.pick(english, random).replace("{product}", name(product, english)) : "";
        String complaint = fill(COMPLAINTS.get(aspect).pick(english, random), english, false, random);
        StringBuilder text = new StringBuilder(opening).append(mention).append(complaint).append(english ? ". " : "。");
        double mood = random.nextDouble();
        if (mood < 0.6) {
            text.append((mood < 0.25 ? ANGRY : ANNOYED).pick(english, random)).append(english ? " " : "");
        }
        if (random.nextDouble() < 0.85) {
            text.append(REQUESTS.pick(english, random));
        }
        return sentence(text.toString().strip(), english);
    }

    /**
     * The ticket of a customer whose {@code product} reported {@code errorCode}: the code, the
     * symptom it stands for (a generic one for a code not in {@link #errorCodes}) and a request.
     */
    public static String fault(String errorCode, Catalogue.Product product, boolean english, SplittableRandom random) {
        String symptom = ERROR_CODES.stream().filter(code -> code.code().equals(errorCode)).findFirst()
                .map(code -> english ? code.en() : code.zh()).orElse(english ? "and has stopped working" : "机器不工作了");
        String report = FAULT_REPORTS.pick(english, random).replace("{code}", errorCode);
        String opening = OPENINGS.pick(english, random);
        String tries = random.nextDouble() < 0.6 ? FAULT_TRIES.pick(english, random) : "";
        String request = (random.nextBoolean() ? FAULT_REQUESTS : REQUESTS).pick(english, random);
        String text = english
                ? opening + "my " + name(product, english) + " " + report + " " + symptom + ". " + tries + " " + request
                : opening + (random.nextBoolean() ? "我的" : "家里的") + name(product, english) + report + symptom + "。" + tries + request;
        return sentence(text.replace("  ", " "), english);
    }

    /** The error codes a product of {@code category} can report; empty for categories that are not connected. */
    public static List<String> errorCodes(Catalogue.Category category) {
        return ERROR_CODES.stream().filter(code -> code.category().equals(category.id())).map(ErrorCode::code).toList();
    }

    /**
     * A short colloquial post about {@code product} (Weibo or Xiaohongshu style in Chinese, a tweet
     * in English) from a customer whose experience was {@code experience} (aspect to +1 or -1):
     * negative when any aspect went badly, positive otherwise.
     */
    public static String social(Map<Aspect, Integer> experience, Catalogue.Product product, boolean english, SplittableRandom random) {
        boolean negative = experience.containsValue(-1);
        List<String> takes = takes(experience, negative ? -1 : 1, 2, english, random);
        if (takes.isEmpty()) {
            takes.add(fill((negative ? GRIPES : PRAISES).get(Aspect.QUALITY).pick(english, random), english, !negative, random));
        }
        String body = String.join(english ? ", " : "，", takes) + (english ? "." : "");
        String tag = (negative ? BAD_TAGS : GOOD_TAGS).pick(english, random);
        String hashtag = hashtag(product, english, random);
        StringBuilder text = new StringBuilder();
        if (random.nextBoolean()) {
            text.append(hashtag).append(' ').append(sentence(body, english)).append(' ').append(tag);
        } else {
            text.append(tag).append(' ').append(sentence(body, english)).append(' ').append(hashtag);
        }
        if (random.nextDouble() < 0.35) {
            text.append(' ').append((negative ? BAD_QUESTIONS : GOOD_QUESTIONS).pick(english, random));
        }
        return text.toString();
    }

    /**
     * A direct-sales rep's visit note, in Chinese: the customer's need in {@code category}, maybe an
     * objection (about price more likely the higher {@code priceSensitivity}, in [0, 1]), a
     * comparison with {@code competitor} when not null, and the next step for {@code stage}
     * ({@code lead}, {@code proposal}, {@code negotiation}, {@code won} or {@code lost}, which says why).
     */
    public static String salesNote(Catalogue.Category category, String stage, String competitor, double priceSensitivity,
            SplittableRandom random) {
        String[] nextSteps = NEXT_STEPS.get(stage);
        if (nextSteps == null) {
            throw new IllegalArgumentException("no sales stage " + stage);
        }
        StringBuilder note = new StringBuilder(pick(NEEDS.getOrDefault(category.id(), GENERAL_NEEDS), random));
        if (random.nextDouble() < 0.1 + 0.8 * priceSensitivity) {
            note.append(fill(pick(PRICE_OBJECTIONS, random), false, false, random));
        } else if (random.nextDouble() < 0.6) {
            boolean installation = INSTALLED.contains(category.id()) && random.nextDouble() < 0.4;
            note.append(pick(installation ? INSTALL_OBJECTIONS : OTHER_OBJECTIONS, random));
        }
        if (competitor != null) {
            String percent = Integer.toString(5 + random.nextInt(16));
            note.append(pick(COMPARISONS, random).replace("{competitor}", competitor).replace("{percent}", percent));
        }
        if (stage.equals("lost") && competitor != null && random.nextDouble() < 0.6) {
            return note.append(pick(LOST_TO_COMPETITOR, random).replace("{competitor}", competitor)).toString();
        }
        return note.append(pick(nextSteps, random)).toString();
    }

    /**
     * The free-text answer to an NPS ({@code kind} "nps", {@code score} 0 to 10) or CSAT
     * ("csat", 1 to 5) survey, as unhappy, lukewarm or happy as the score, naming aspects of
     * {@code experience} that agree with it. Never empty.
     */
    public static String surveyVerbatim(int score, String kind, Map<Aspect, Integer> experience, boolean english, SplittableRandom random) {
        int mood = mood(score, kind);
        List<String> takes = takes(experience, mood == 0 ? 1 : mood, mood == 0 ? 1 : 2, english, random);
        if (mood == 0) {
            takes.addAll(takes(experience, -1, 1, english, random));
        }
        Phrases verbatims = mood < 0 ? COMPLAINT_VERBATIMS : mood > 0 ? PRAISE_VERBATIMS : NEUTRAL_VERBATIMS;
        String general = verbatims.pick(english, random);
        if (takes.isEmpty() || random.nextDouble() < 0.2) {
            return general;
        }
        String joined = String.join(english ? (mood == 0 ? ", but " : " and ") : (mood == 0 ? "，但是" : "，"), takes);
        String said = sentence(joined + (english ? "." : "。"), english);
        return random.nextBoolean() ? said : said + (english ? " " : "") + general;
    }

    /** The general survey answers of delighted customers, which no unhappy customer gives. */
    static List<String> praiseVerbatims(boolean english) {
        return List.of(english ? PRAISE_VERBATIMS.en() : PRAISE_VERBATIMS.zh());
    }

    /** -1 unhappy, 0 lukewarm, +1 happy. */
    private static int mood(int score, String kind) {
        if (kind.equals("nps") && score >= 0 && score <= 10) {
            return score <= 6 ? -1 : score <= 8 ? 0 : 1;
        }
        if (kind.equals("csat") && score >= 1 && score <= 5) {
            return score <= 2 ? -1 : score == 3 ? 0 : 1;
        }
        throw new IllegalArgumentException("no " + kind + " score " + score);
    }

    /** Up to {@code limit} short takes on the aspects of {@code experience} that went {@code polarity}, in a random order. */
    private static List<String> takes(Map<Aspect, Integer> experience, int polarity, int limit, boolean english, SplittableRandom random) {
        List<Aspect> aspects = new ArrayList<>();
        for (Aspect aspect : Aspect.values()) {
            if (experience.getOrDefault(aspect, 0) == polarity) {
                aspects.add(aspect);
            }
        }
        List<String> takes = new ArrayList<>();
        while (!aspects.isEmpty() && takes.size() < limit) {
            Aspect aspect = aspects.remove(random.nextInt(aspects.size()));
            takes.add(fill((polarity > 0 ? PRAISES : GRIPES).get(aspect).pick(english, random), english, polarity > 0, random));
        }
        return takes;
    }

    /**
     * The product's name as the customer writes it: as sold in Chinese; in English "Qinghe" and
     * the Latin part of the name, with the category's noun when that part is only a model code.
     */
    static String name(Catalogue.Product product, boolean english) {
        if (!english) {
            return product.name();
        }
        List<String> latin = latin(product);
        boolean codesOnly = latin.stream().allMatch(word -> word.matches("[A-Z]*\\d+[a-z]*|[A-Z]{2,}"));
        String noun = codesOnly ? ENGLISH_NOUNS.getOrDefault(product.category().id(), "device") : "";
        return String.join(" ", "Qinghe", String.join(" ", latin), noun).replaceAll(" +", " ").strip();
    }

    private static String hashtag(Catalogue.Product product, boolean english, SplittableRandom random) {
        String model = String.join("", latin(product));
        if (english) {
            return random.nextDouble() < 0.3 || model.isEmpty() ? "#QingheSmart" : "#Qinghe" + model;
        }
        return "#" + (random.nextBoolean() && !model.isEmpty() ? "青禾" + model : product.name().replace(" ", "")) + "#";
    }

    private static List<String> latin(Catalogue.Product product) {
        List<String> words = new ArrayList<>();
        for (String word : product.name().split(" ")) {
            if (!word.isEmpty() && word.codePoints().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                words.add(word);
            }
        }
        return words;
    }

    /** {@code template} with each "{}" replaced by an intensifier (or a softener, for some Chinese complaints). */
    private static String fill(String template, boolean english, boolean positive, SplittableRandom random) {
        if (!template.contains("{}")) {
            return template;
        }
        String[] words = english ? EN_INTENSIFIERS : !positive && random.nextDouble() < 0.3 ? ZH_MILD : ZH_INTENSIFIERS;
        return template.replace("{}", words[random.nextInt(words.length)]);
    }

    private static String sentence(String text, boolean english) {
        return english && !text.isEmpty() ? Character.toUpperCase(text.charAt(0)) + text.substring(1) : text;
    }

    private static String pick(String[] phrases, SplittableRandom random) {
        return phrases[random.nextInt(phrases.length)];
    }

    private static void put(Map<Aspect, Phrases> table, Aspect aspect, String[] zh, String[] en) {
        table.put(aspect, new Phrases(zh, en));
    }
}
