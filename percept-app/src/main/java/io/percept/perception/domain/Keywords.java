package io.percept.perception.domain;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The keywords of a short customer text (review, ticket, comment, sales note, survey answer), in
 * the order they first occur, each once, with where it stands in the text.
 *
 * <p>Chinese is segmented by HanLP's Viterbi segmenter with its core and custom dictionaries
 * (person-name recognition off: it costs time and customer texts rarely need it). A word is kept
 * when its part of speech is a noun, verb, verbal noun, adjective, idiom or domain term, it is not a
 * stopword, and it has two characters or more, except single-character nouns (书, 屏, 膜) and a
 * short list of complaint words (慢, 贵, 卡). A degree adverb fused with such a word by the
 * dictionary (太慢, 很差) yields the word. Latin words inside Chinese text are treated as English.
 *
 * <p>English is cut into words of letters and digits (with inner apostrophes), lower-cased; stopwords,
 * numbers and single letters are dropped, possessive 's is removed and plurals are made singular
 * by a few suffix rules ("batteries" → "battery", "glitches" → "glitch", "delays" → "delay").
 *
 * <p>Thread-safe: one HanLP segmenter, configured in the constructor and only read afterwards
 * (HanLP keeps a segmentation's state on the stack; its configuration calls are what is unsafe).
 * The first Chinese text loads HanLP's dictionaries, which takes about a second.
 */
public final class Keywords {

    /**
     * One keyword of a text.
     *
     * @param word  the normalised keyword (a Chinese word as written; English lower-cased and singular)
     * @param start offset of its first character in the text (UTF-16 index)
     * @param end   offset after its last character; {@code text.substring(start, end)} is the word as written
     */
    public record Keyword(String word, int start, int end) {

        public Keyword {
            Objects.requireNonNull(word, "word");
            if (word.isEmpty() || start < 0 || end <= start) {
                throw new IllegalArgumentException("a keyword is a non-empty word over at least one character: '" + word + "' " + start + ".." + end);
            }
        }
    }

    private static final Set<String> CHINESE_STOPWORDS = Set.of(
            "没有", "可以", "就是", "知道", "还有", "不能", "不会", "觉得", "应该", "感觉", "东西", "时候", "一下", "出现", "需要", "进行",
            "不是", "没什么", "不怎么", "挺好", "也挺", "没想到", "说什么", "有一点", "没得", "买了", "买给", "再买", "只能", "还要", "能够",
            "可能", "不用", "认为", "看到", "看看", "起来", "一样", "这样", "那样", "怎么", "什么", "问题", "事情", "情况", "方面", "有点",
            "一点", "样子", "为了", "所以", "但是", "因为", "然后", "而且", "已经", "一个", "这个", "那个", "自己", "大家", "我们", "你们",
            "他们", "真是", "不要", "还是", "只是", "好像", "来说", "开始", "成为", "告诉", "说明", "表示", "得到", "包括", "中的", "不到",
            "不想", "不如", "是不是", "说是", "以为", "看着", "回来", "估计", "不知", "算是", "肯定", "个人", "继续", "差不多", "看起来", "拿到");

    /** Single characters that carry a meaning of their own in customer texts, whatever their part of speech. */
    private static final Set<String> MEANINGFUL_SINGLES = Set.of(
            "慢", "快", "贵", "差", "坏", "烂", "假", "旧", "脏", "吵", "臭", "漏", "卡", "烫", "碎", "破", "痒", "霉", "甜", "咸", "辣",
            "苦", "酸", "香", "脆", "硬", "软", "薄", "厚", "冷", "热", "潮", "退", "丑", "松", "紧", "屏");

    /** Single-character nouns too vague to be keywords. */
    private static final Set<String> VAGUE_SINGLE_NOUNS = Set.of(
            "人", "事", "星", "值", "月", "处", "心", "理", "数", "量", "话", "气", "口", "头", "样", "点", "次", "天", "年", "里", "时",
            "边", "方", "物", "性", "者", "家", "个", "种", "型", "款", "分", "号", "位", "力");

    private static final String DEGREE_ADVERBS = "很太超挺真好蛮较最特巨贼";

    private static final Set<String> ENGLISH_STOPWORDS = Set.of(
            "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "aren't", "as", "at",
            "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "can't", "cannot", "could",
            "couldn't", "did", "didn't", "do", "does", "doesn't", "doing", "don't", "down", "during", "each", "even", "ever", "every",
            "few", "for", "from", "further", "get", "gets", "getting", "got", "had", "hadn't", "has", "hasn't", "have", "haven't",
            "having", "he", "he'd", "he'll", "he's", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "i'd",
            "i'll", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "itself", "just", "let's", "lot", "me",
            "more", "most", "much", "many", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "one", "only", "or",
            "other", "our", "ours", "ourselves", "out", "over", "own", "really", "same", "she", "she'd", "she'll", "she's", "should",
            "shouldn't", "so", "some", "still", "such", "than", "that", "that's", "the", "their", "theirs", "them", "themselves",
            "then", "there", "there's", "these", "they", "they'd", "they'll", "they're", "they've", "this", "those", "through", "to",
            "too", "under", "until", "up", "us", "very", "was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "well", "were",
            "weren't", "what", "what's", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "won't", "would",
            "wouldn't", "yet", "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself", "yourselves", "im", "ive",
            "dont", "didnt", "doesnt", "cant", "wont", "isnt", "wasnt", "thats", "go", "going", "went", "make", "made", "say", "said",
            "want", "wanted", "know", "think", "thing", "things", "way", "come", "came", "take", "took", "see", "use", "used", "using",
            "try", "tried", "since", "though", "although", "however", "maybe", "anyway", "ok", "okay", "oh", "please",
            "thank", "thanks", "etc", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten");

    /** "-ies" plurals whose singular ends in "ie" rather than "y". */
    private static final Set<String> IE_SINGULARS = Set.of(
            "movie", "cookie", "calorie", "selfie", "zombie", "rookie", "smoothie", "brownie", "hoodie", "genie", "pie", "tie");

    private final int max;
    private final Segment segment;

    /**
     * @param max the most keywords {@link #extract} returns for one text (at least 1)
     */
    public Keywords(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        this.max = max;
        this.segment = HanLP.newSegment().enableNameRecognize(false).enableOffset(true);
    }

    /**
     * The first {@code max} distinct keywords of {@code text}, in order of first occurrence.
     *
     * @param language {@code zh}, {@code en} or {@code und} (no letters: no keywords), as told by
     *                 {@code io.percept.analytics.text.Sentences.language}
     * @throws IllegalArgumentException for another language
     */
    public List<Keyword> extract(String text, String language) {
        Objects.requireNonNull(text, "text");
        switch (language) {
            case "zh":
                return chinese(text);
            case "en":
                return english(text, 0, text.length(), new ArrayList<>(), new HashSet<>());
            case "und":
                return List.of();
            default:
                throw new IllegalArgumentException("keywords are found in zh, en or und texts, not " + language);
        }
    }

    private List<Keyword> chinese(String text) {
        List<Keyword> keywords = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Term term : segment.seg(text)) {
            if (keywords.size() == max) {
                break;
            }
            String word = term.word;
            int start = term.offset;
            String tag = term.nature.toString();
            if (tag.equals("nx") || isLatin(word.charAt(0))) {
                english(text, start, start + word.length(), keywords, seen);
            } else if (word.length() == 2 && DEGREE_ADVERBS.indexOf(word.charAt(0)) >= 0 && MEANINGFUL_SINGLES.contains(word.substring(1))) {
                add(word.substring(1), start + 1, start + 2, keywords, seen);
            } else if (keptPartOfSpeech(tag) && !CHINESE_STOPWORDS.contains(word)
                    && (word.length() > 1 || MEANINGFUL_SINGLES.contains(word) || isPlainNoun(tag) && !VAGUE_SINGLE_NOUNS.contains(word))
                    && Character.isLetter(word.charAt(0))) {
                add(word, start, start + word.length(), keywords, seen);
            }
        }
        return keywords;
    }

    /**
     * Nouns of every kind (including Latin words, {@code nx}, handled as English), domain terms
     * ({@code g*}), verbs ({@code v}, intransitive {@code vi}, verbal nouns {@code vn}, verb phrases
     * {@code vl}), adjectives ({@code a}, adjectival nouns {@code an}, phrases {@code al}), idioms and
     * set phrases ({@code i}, {@code l}). Not 是/有 ({@code vshi}, {@code vyou}), directional, formal
     * or adverbial verbs, morphemes, adverbs, pronouns, numbers, measure words, particles, prepositions,
     * conjunctions, time and place words, interjections or punctuation.
     */
    private static boolean keptPartOfSpeech(String tag) {
        switch (tag.charAt(0)) {
            case 'n':
            case 'g':
                return true;
            case 'v':
                return tag.equals("v") || tag.equals("vi") || tag.equals("vn") || tag.equals("vl");
            case 'a':
                return tag.equals("a") || tag.equals("an") || tag.equals("al");
            case 'i':
            case 'l':
                return tag.length() == 1;
            default:
                return false;
        }
    }

    /** Common ({@code n}) or food ({@code nf}) nouns: single characters of other noun tags are mostly surnames and morphemes. */
    private static boolean isPlainNoun(String tag) {
        return tag.equals("n") || tag.equals("nf");
    }

    /** Adds the English keywords of {@code text[from, to)} and returns {@code keywords}. */
    private List<Keyword> english(String text, int from, int to, List<Keyword> keywords, Set<String> seen) {
        int i = from;
        while (i < to && keywords.size() < max) {
            while (i < to && !isWordChar(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < to && (isWordChar(text.charAt(i)) || (text.charAt(i) == '\'' || text.charAt(i) == '\u2019') && i + 1 < to && isWordChar(text.charAt(i + 1)))) {
                i++;
            }
            if (i > start) {
                String word = englishWord(halfWidth(text.substring(start, i)).toLowerCase(Locale.ROOT));
                if (word != null) {
                    add(word, start, i, keywords, seen);
                }
            }
        }
        return keywords;
    }

    /** The keyword a lower-cased token stands for, or null when it is none. */
    static String englishWord(String token) {
        if (ENGLISH_STOPWORDS.contains(token)) {
            return null;
        }
        String word = token.endsWith("'s") ? token.substring(0, token.length() - 2) : token;
        word = singular(word);
        if (word.length() < 2 || ENGLISH_STOPWORDS.contains(word) || word.indexOf('\'') >= 0 || !hasLetter(word)) {
            return null;
        }
        return word;
    }

    /** A light plural remover: a normaliser for matching, not a lemmatiser. */
    static String singular(String word) {
        int n = word.length();
        if (n <= 3 || !word.endsWith("s") || word.endsWith("ss") || word.endsWith("us") || word.endsWith("is")) {
            return word;
        }
        if (word.endsWith("ies") && n > 4) {
            String ie = word.substring(0, n - 1);
            return IE_SINGULARS.contains(ie) ? ie : word.substring(0, n - 3) + "y";
        }
        if (word.endsWith("sses") || word.endsWith("xes") || word.endsWith("shes") || word.endsWith("ches") && !word.endsWith("aches")) {
            return word.substring(0, n - 2);
        }
        return word.substring(0, n - 1);
    }

    /** Full-width ASCII (Ａ, ｂ, ３) as ASCII, and the typographic apostrophe as a plain one. */
    private static String halfWidth(String token) {
        char[] chars = token.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= '\uFF01' && c <= '\uFF5E') {
                chars[i] = (char) (c - 0xFEE0);
            } else if (c == '\u2019') {
                chars[i] = '\'';
            }
        }
        return new String(chars);
    }

    private static void add(String word, int start, int end, List<Keyword> keywords, Set<String> seen) {
        if (seen.add(word)) {
            keywords.add(new Keyword(word, start, end));
        }
    }

    private static boolean isWordChar(char c) {
        return c < 0x80 ? c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' : Character.isLetterOrDigit(c) && !isHan(c);
    }

    /** An ASCII or full-width Latin letter. */
    private static boolean isLatin(char c) {
        char ascii = c >= '\uFF21' && c <= '\uFF5A' ? (char) (c - 0xFEE0) : c;
        return ascii >= 'a' && ascii <= 'z' || ascii >= 'A' && ascii <= 'Z';
    }

    private static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    private static boolean hasLetter(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (Character.isLetter(word.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
