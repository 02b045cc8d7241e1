package io.percept.demo.world;

import java.util.SplittableRandom;

/**
 * Who a customer is to the company's systems: name, member id, phone, e-mail, the anonymous ids
 * of their devices and their social-media handle. All derived from the customer's number (and
 * the seed where random), so the same customer gets the same identifiers in every run, and no
 * two customers share a phone or member id. A customer who shares a device uses the first device
 * of the customer before them (a household).
 */
public final class People {

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
        "何", "林", "高", "罗"};
    private static final String[] SURNAMES_PINYIN = {"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu",
        "sun", "ma", "zhu", "hu", "guo", "he", "lin", "gao", "luo"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
        "超", "秀英", "霞", "平", "刚", "桂英", "子涵", "雨轩", "浩然", "欣怡", "思远", "梓萱"};
    private static final String[] MAIL_DOMAINS = {"qq.example.cn", "163.example.cn", "mail.example.cn", "example.com"};
    private static final String[] PHONE_PREFIXES = {"138", "139", "158", "186", "136", "177", "150", "189"};

    private People() {
    }

    /**
     * The customer's identifiers.
     *
     * @param memberId     the company's member id, the {@code userId} once logged in
     * @param name         full name in Chinese
     * @param email        e-mail address, or {@code null} for the 35 % who never gave one
     * @param phone        mobile number in E.164 (+86…), unique per customer
     * @param marketplaceId the customer's buyer id on the marketplace
     * @param socialHandle handle on social media, or {@code null} for the 75 % who never post
     */
    public record Person(String memberId, String name, String email, String phone, String marketplaceId, String socialHandle) {
    }

    /** The identifiers of {@code customer} in the world of {@code seed}. */
    public static Person of(CustomerTraits customer, long seed) {
        SplittableRandom random = Sampling.stream(seed ^ 0x5045_4F50_4C45L, customer.number());
        int number = customer.number();
        int surname = random.nextInt(SURNAMES.length);
        String name = SURNAMES[surname] + GIVEN[random.nextInt(GIVEN.length)];
        String email = random.nextDouble() < 0.65
                ? SURNAMES_PINYIN[surname] + number + "@" + MAIL_DOMAINS[random.nextInt(MAIL_DOMAINS.length)] : null;
        // 7919 is prime to 10^8, so number -> 7919 x number mod 10^8 is one-to-one below 10^8
        String phone = "+86" + PHONE_PREFIXES[number % PHONE_PREFIXES.length] + String.format("%08d", number * 7919L % 100_000_000L);
        String marketplaceId = "tb" + Long.toHexString(Sampling.stream(seed ^ 0x4D41_524BL, number).nextLong() >>> 16);
        String handle = random.nextDouble() < 0.25 ? SURNAMES_PINYIN[surname] + "_" + Integer.toString(number * 31 + 7, 36) : null;
        return new Person(memberId(number), name, email, phone, marketplaceId, handle);
    }

    /** The member id of customer {@code number}, e.g. {@code QH00000017}. */
    public static String memberId(int number) {
        return String.format("QH%08d", number);
    }

    /** The anonymous id of the customer's device {@code device} (0-based); device 0 of a sharing customer is the previous customer's. */
    public static String anonymousId(CustomerTraits customer, int device, long seed) {
        int owner = device == 0 && customer.sharesDevice() && customer.number() > 1 ? customer.number() - 1 : customer.number();
        long bits = Sampling.stream(seed ^ 0x4445_5649_4345L, owner * 4L + device).nextLong();
        return new java.util.UUID(bits, bits * 0x9E3779B97F4A7C15L).toString();
    }
}
