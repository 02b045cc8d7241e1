package io.percept.profile.domain;

import io.percept.eventlog.Attributes;
import io.percept.eventlog.Channel;
import io.percept.eventlog.Event;
import io.percept.eventlog.EventType;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The computed attributes and traits of one profile, maintained one event at a time. Every update
 * is order-independent (sums, minimums, maximums, newest-wins with its time), so applying the same
 * events in any order, or to two profiles that are then merged, gives the same state, except
 * that the favourite lists are approximate once a person has more distinct keys than slots (see
 * {@link TopCounts}) and sums of scores may differ in the last bits. Not thread-safe.
 */
public final class ProfileState {

    private static final EventType[] TYPES = EventType.values();
    private static final Channel[] CHANNELS = Channel.values();
    private static final int HOURS = 24;
    private static final int WEEKDAYS = 7;
    /** Ticket statuses that close a ticket (any case); any other status leaves it open. */
    private static final Set<String> CLOSED_TICKETS = Set.of("resolved", "closed", "closed_unresolved", "solved", "done", "cancelled",
            "canceled");

    private long firstSeen = Long.MAX_VALUE;
    private long lastSeen = Long.MIN_VALUE;
    private long events;
    /** Events per type, then per channel. */
    private final int[] counts = new int[TYPES.length + CHANNELS.length];
    /**
     * Events per hour of day, then per weekday (Monday first), in the business zone; null until
     * the first event. Two bytes a bucket, saturating at 65,535: enough for an activity profile.
     */
    private char[] clock;
    private int orders;
    private double revenue;
    private int refunds;
    private double refunded;
    private long firstOrder = Long.MAX_VALUE;
    private long lastOrder = Long.MIN_VALUE;
    private TopCounts categories;
    private TopCounts products;
    private TopCounts devices;
    private Traits traits;
    private String country;
    private String region;
    private String city;
    private long locatedAt = Long.MIN_VALUE;
    /** Consent: -1 unknown, 0 refused, 1 given; with the time it was stated. */
    private byte marketing = -1;
    private byte profiling = -1;
    private long marketingAt = Long.MIN_VALUE;
    private long profilingAt = Long.MIN_VALUE;
    /** What the person said (texts and tickets); null until the first. */
    private VoiceState voice;
    /** The newest orders, for windows ("orders in the last 30 days"); null until the first. */
    private RecentOrders recentOrders;
    /** The newest events, for windows ("3 Product Viewed in the last 7 days"); null until the first. */
    private RecentEvents recentEvents;

    /** Applies one event attributed to this profile. */
    public void apply(Event event, ProfileRules rules, Interner interner) {
        Instant time = event.timestamp();
        long at = ChronoUnit.MICROS.between(Instant.EPOCH, time);
        firstSeen = Math.min(firstSeen, at);
        lastSeen = Math.max(lastSeen, at);
        events++;
        counts[event.type().ordinal()]++;
        counts[TYPES.length + event.channel().ordinal()]++;
        if (recentEvents == null) {
            recentEvents = new RecentEvents();
        }
        recentEvents.add(at, event.name(), event.type(), event.channel());
        if (clock == null) {
            clock = new char[HOURS + WEEKDAYS];
        }
        ZonedDateTime local = time.atZone(rules.zone());
        tick(local.getHour(), 1);
        tick(HOURS + local.getDayOfWeek().getValue() - 1, 1);
        String source = interner.intern(event.source().value());
        if (event.type() == EventType.IDENTIFY) {
            setTraits(event.traits(), at, source, rules, interner);
        }
        setTraits(event.context().object("traits"), at, source, rules, interner);
        consent(event, at);
        device(event.context(), interner);
        location(event, at, interner);
        if (event.type() == EventType.TRACK) {
            if (rules.orderEvents().contains(event.name())) {
                order(event.properties(), at, interner);
            } else if (rules.refundEvents().contains(event.name())) {
                refunds++;
                refunded += Math.abs(amount(event.properties()));
            }
            ticket(event.properties(), at);
        }
        Voice said = rules.voices().read(event);
        if (said != null) {
            voice().text(said, at, interner);
        }
    }

    /** Takes in everything of {@code other}: the two profiles are one person. */
    public void mergeFrom(ProfileState other, ProfileRules rules) {
        firstSeen = Math.min(firstSeen, other.firstSeen);
        lastSeen = Math.max(lastSeen, other.lastSeen);
        events += other.events;
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        if (other.clock != null) {
            if (clock == null) {
                clock = new char[HOURS + WEEKDAYS];
            }
            for (int i = 0; i < clock.length; i++) {
                tick(i, other.clock[i]);
            }
        }
        orders += other.orders;
        revenue += other.revenue;
        refunds += other.refunds;
        refunded += other.refunded;
        firstOrder = Math.min(firstOrder, other.firstOrder);
        lastOrder = Math.max(lastOrder, other.lastOrder);
        categories = merged(categories, other.categories, 10);
        products = merged(products, other.products, 10);
        devices = merged(devices, other.devices, 5);
        if (other.traits != null) {
            if (traits == null) {
                traits = new Traits();
            }
            traits.mergeFrom(other.traits, rules.traits());
        }
        if (other.locatedAt > locatedAt) {
            country = other.country;
            region = other.region;
            city = other.city;
            locatedAt = other.locatedAt;
        }
        if (other.marketingAt > marketingAt) {
            marketing = other.marketing;
            marketingAt = other.marketingAt;
        }
        if (other.profilingAt > profilingAt) {
            profiling = other.profiling;
            profilingAt = other.profilingAt;
        }
        if (other.recentOrders != null) {
            if (recentOrders == null) {
                recentOrders = new RecentOrders();
            }
            recentOrders.mergeFrom(other.recentOrders);
        }
        if (other.recentEvents != null) {
            if (recentEvents == null) {
                recentEvents = new RecentEvents();
            }
            recentEvents.mergeFrom(other.recentEvents);
        }
        if (other.voice != null) {
            voice().mergeFrom(other.voice);
        }
    }

    private VoiceState voice() {
        if (voice == null) {
            voice = new VoiceState();
        }
        return voice;
    }

    /** A track event with a {@code ticket_id} and a {@code status}: the ticket is open unless the status closes it. */
    private void ticket(Attributes properties, long at) {
        String id = ticketId(properties.get("ticket_id"));
        String status = first(properties.get("status"), null);
        if (id != null && status != null) {
            voice().ticket(id, at, !CLOSED_TICKETS.contains(status.toLowerCase(Locale.ROOT)));
        }
    }

    /** A ticket id as text: {@code 42}, not {@code 42.0}, when JSON made a whole number a double. */
    private static String ticketId(Object value) {
        if (value instanceof Number number) {
            double whole = number.doubleValue();
            return whole == Math.rint(whole) && Math.abs(whole) < 1e15 ? Long.toString(number.longValue()) : number.toString();
        }
        return first(value, null);
    }

    private void tick(int bucket, int amount) {
        clock[bucket] = (char) Math.min(Character.MAX_VALUE, clock[bucket] + amount);
    }

    private static TopCounts merged(TopCounts mine, TopCounts theirs, int capacity) {
        if (theirs == null) {
            return mine;
        }
        TopCounts result = mine != null ? mine : new TopCounts(capacity);
        result.addAll(theirs);
        return result;
    }

    /**
     * Sets traits that Percept derived (a rule's {@code setTraits}) without counting an event: the
     * profile's events, times, channels and computed attributes stay as they were.
     */
    public void applyDerivedTraits(Attributes values, long at, String source, ProfileRules rules, Interner interner) {
        setTraits(values, at, interner.intern(source), rules, interner);
    }

    /**
     * Adds and removes tags ({@link Tags#change}) that Percept derived (a rule's {@code tag} and
     * {@code segment} actions) without counting an event; the other traits and tags stay. The new list
     * is set as the trait {@value Tags#TRAIT} at {@code at} from {@code source}, as a trait value would be.
     */
    public void changeTags(Collection<String> add, Collection<String> remove, long at, String source, ProfileRules rules, Interner interner) {
        Object held = trait(Tags.TRAIT);
        List<String> changed = Tags.change(held, add, remove);
        if (changed.equals(held) || changed.isEmpty() && held == null) {
            return;
        }
        if (traits == null) {
            traits = new Traits();
        }
        traits.set(Tags.TRAIT, changed, at, interner.intern(source), rules.traits());
    }

    private void setTraits(Attributes values, long at, String source, ProfileRules rules, Interner interner) {
        if (values.isEmpty()) {
            return;
        }
        if (traits == null) {
            traits = new Traits();
        }
        for (Map.Entry<String, Object> entry : values.asMap().entrySet()) {
            traits.set(interner.intern(entry.getKey()), entry.getValue(), at, source, rules.traits());
        }
    }

    /** The marketing consent {@code event} states ({@code traits.consent.marketing}, Segment's category preferences, {@code traits.marketing_consent}); {@code null} for none. */
    public static Boolean statedMarketing(Event event) {
        return stated(event, "marketing");
    }

    /** The profiling consent {@code event} states, as {@link #statedMarketing}; {@code null} for none. */
    public static Boolean statedProfiling(Event event) {
        return stated(event, "profiling");
    }

    private static Boolean stated(Event event, String purpose) {
        return flag(event.traits().object("consent").get(purpose), event.context().object("consent").object("categoryPreferences").get(purpose),
                event.traits().get(purpose + "_consent"));
    }

    private void consent(Event event, long at) {
        Boolean givenMarketing = statedMarketing(event);
        Boolean givenProfiling = statedProfiling(event);
        if (givenMarketing != null && at >= marketingAt) {
            marketing = (byte) (givenMarketing ? 1 : 0);
            marketingAt = at;
        }
        if (givenProfiling != null && at >= profilingAt) {
            profiling = (byte) (givenProfiling ? 1 : 0);
            profilingAt = at;
        }
    }

    private static Boolean flag(Object... candidates) {
        for (Object candidate : candidates) {
            if (candidate instanceof Boolean flag) {
                return flag;
            }
            if (candidate instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(text);
            }
        }
        return null;
    }

    private void device(Attributes context, Interner interner) {
        Attributes device = context.object("device");
        Attributes os = context.object("os");
        String kind = first(device.get("type"), device.get("model"));
        String system = first(os.get("name"), null);
        if (kind == null && system == null) {
            return;
        }
        String label = kind == null ? system : system == null ? kind : kind + " / " + system;
        if (devices == null) {
            devices = new TopCounts(5);
        }
        devices.add(interner.intern(label), 1);
    }

    private void location(Event event, long at, Interner interner) {
        if (at < locatedAt) {
            return;
        }
        Attributes location = event.context().object("location");
        Attributes address = event.traits().object("address");
        Attributes properties = event.properties();
        String newCountry = first(location.get("country"), first(address.get("country"), properties.get("country")));
        String newRegion = first(location.get("region"), first(address.get("state"), properties.get("region")));
        String newCity = first(location.get("city"), first(address.get("city"), properties.get("city")));
        if (newCountry == null && newRegion == null && newCity == null) {
            return;
        }
        country = interner.intern(newCountry);
        region = interner.intern(newRegion);
        city = interner.intern(newCity);
        locatedAt = at;
    }

    private static String first(Object value, Object fallback) {
        if (value instanceof String text && !text.isBlank()) {
            return text.strip();
        }
        if (fallback instanceof String text && !text.isBlank()) {
            return text.strip();
        }
        return null;
    }

    private void order(Attributes properties, long at, Interner interner) {
        orders++;
        double amount = amount(properties);
        revenue += amount;
        firstOrder = Math.min(firstOrder, at);
        lastOrder = Math.max(lastOrder, at);
        java.util.Set<String> orderCategories = new java.util.TreeSet<>();
        if (properties.get("products") instanceof List<?> lines) {
            for (Object line : lines) {
                if (line instanceof Map<?, ?> product) {
                    double quantity = product.get("quantity") instanceof Number number ? number.doubleValue() : 1;
                    String category = first(product.get("category"), null);
                    String id = first(product.get("product_id"), first(product.get("sku"), product.get("name")));
                    if (category != null) {
                        if (categories == null) {
                            categories = new TopCounts(10);
                        }
                        categories.add(interner.intern(category), quantity);
                        orderCategories.add(category);
                    }
                    if (id != null) {
                        if (products == null) {
                            products = new TopCounts(10);
                        }
                        products.add(interner.intern(id), quantity);
                    }
                }
            }
        }
        if (recentOrders == null) {
            recentOrders = new RecentOrders();
        }
        recentOrders.add(at, amount, interner.intern(RecentOrders.join(orderCategories)));
    }

    /** An order's amount: {@code revenue}, else {@code total}, else {@code value}, else the sum of its lines. */
    public static double amount(Attributes properties) {
        for (String field : new String[] {"revenue", "total", "value"}) {
            if (properties.get(field) instanceof Number number) {
                return number.doubleValue();
            }
        }
        double sum = 0;
        if (properties.get("products") instanceof List<?> lines) {
            for (Object line : lines) {
                if (line instanceof Map<?, ?> product && product.get("price") instanceof Number price) {
                    double quantity = product.get("quantity") instanceof Number number ? number.doubleValue() : 1;
                    sum += price.doubleValue() * quantity;
                }
            }
        }
        return sum;
    }

    // ---- reading

    public boolean hasEvents() {
        return events > 0;
    }

    public long events() {
        return events;
    }

    /** First event time, epoch microseconds; {@code Long.MAX_VALUE} when there is none. */
    public long firstSeenMicros() {
        return firstSeen;
    }

    /** Last event time, epoch microseconds; {@code Long.MIN_VALUE} when there is none. */
    public long lastSeenMicros() {
        return lastSeen;
    }

    public int eventsOfType(EventType type) {
        return counts[type.ordinal()];
    }

    public int eventsOnChannel(Channel channel) {
        return counts[TYPES.length + channel.ordinal()];
    }

    /** The channel with the most events (ties: the first in {@link Channel} order); null without events. */
    public Channel preferredChannel() {
        Channel best = null;
        int most = 0;
        for (Channel channel : CHANNELS) {
            int count = eventsOnChannel(channel);
            if (count > most) {
                best = channel;
                most = count;
            }
        }
        return best;
    }

    /** Events per hour of day (0-23) in the business zone. */
    public int[] hours() {
        return counts(0, HOURS);
    }

    /** Events per weekday, Monday first, in the business zone. */
    public int[] weekdays() {
        return counts(HOURS, HOURS + WEEKDAYS);
    }

    private int[] counts(int from, int to) {
        int[] result = new int[to - from];
        if (clock != null) {
            for (int i = from; i < to; i++) {
                result[i - from] = clock[i];
            }
        }
        return result;
    }

    public int orders() {
        return orders;
    }

    /** Revenue of completed orders, before refunds. */
    public double revenue() {
        return revenue;
    }

    public int refunds() {
        return refunds;
    }

    /** Amount refunded or cancelled (positive). */
    public double refunded() {
        return refunded;
    }

    /** Revenue less refunds: the monetary value of RFM. */
    public double netRevenue() {
        return revenue - refunded;
    }

    /** Revenue per order; 0 without orders. */
    public double averageOrderValue() {
        return orders == 0 ? 0 : revenue / orders;
    }

    public long firstOrderMicros() {
        return firstOrder;
    }

    /** Last order time, epoch microseconds; {@code Long.MIN_VALUE} without orders. */
    public long lastOrderMicros() {
        return lastOrder;
    }

    public List<TopCounts.Entry> favouriteCategories(int n) {
        return categories == null ? List.of() : categories.top(n);
    }

    public List<TopCounts.Entry> favouriteProducts(int n) {
        return products == null ? List.of() : products.top(n);
    }

    public List<TopCounts.Entry> devices(int n) {
        return devices == null ? List.of() : devices.top(n);
    }

    public Map<String, Object> traits() {
        return traits == null ? Map.of() : traits.asMap();
    }

    public Object trait(String key) {
        return traits == null ? null : traits.get(key);
    }

    public Map<String, Map<String, Object>> traitProvenance() {
        return traits == null ? Map.of() : traits.provenance();
    }

    public String country() {
        return country;
    }

    public String region() {
        return region;
    }

    public String city() {
        return city;
    }

    /** Marketing consent: {@code null} when never stated. */
    public Boolean marketingConsent() {
        return marketing < 0 ? null : marketing == 1;
    }

    /** Profiling consent: {@code null} when never stated. */
    public Boolean profilingConsent() {
        return profiling < 0 ? null : profiling == 1;
    }

    /**
     * Orders at or after {@code sinceMicros} (in {@code category} when not null, ignoring case) and
     * their total amount, from the newest {@value RecentOrders#CAPACITY} orders: {@code [count, spend]}.
     */
    public double[] ordersSince(long sinceMicros, String category) {
        return recentOrders == null ? new double[2] : recentOrders.since(sinceMicros, category);
    }

    /**
     * Events at or after {@code sinceMicros} (to the second) with this name (ignoring case), type and
     * channel, each filter null for any, counted from the newest {@value RecentEvents#CAPACITY} events.
     */
    public int eventsSince(long sinceMicros, String name, EventType type, Channel channel) {
        return recentEvents == null ? 0 : recentEvents.since(sinceMicros, name, type, channel);
    }

    /** Whether the person said anything: a text or a ticket. */
    public boolean hasVoice() {
        return voice != null;
    }

    /** Texts analysed (events that carried the person's words). */
    public int texts() {
        return voice == null ? 0 : voice.texts();
    }

    /** The mean sentiment score of the texts, in [-1, 1]; {@code null} without texts. */
    public Double averageSentiment() {
        return texts() == 0 ? null : voice.averageScore();
    }

    /** The newest text's sentiment score, in [-1, 1]; {@code null} without texts. */
    public Double lastSentiment() {
        return texts() == 0 ? null : voice.lastScore();
    }

    /** The newest text's sentiment label; {@code null} without texts. */
    public Voice.Tone lastTone() {
        return voice == null ? null : voice.lastTone();
    }

    /** The newest text's time, epoch microseconds; {@code Long.MIN_VALUE} without texts. */
    public long lastSentimentMicros() {
        return voice == null ? Long.MIN_VALUE : voice.lastMicros();
    }

    public int negativeTexts() {
        return voice == null ? 0 : voice.negativeTexts();
    }

    /** Texts that were complaints (negative and about a topic). */
    public int complaints() {
        return voice == null ? 0 : voice.complaints();
    }

    /** Tickets whose newest event left them open (of the newest 16 tickets). */
    public int openComplaints() {
        return voice == null ? 0 : voice.openTickets();
    }

    /**
     * The topics of the texts at or after {@code micros} (epoch microseconds), most mentioned
     * first; counted from the newest 32 topic mentions.
     */
    public List<TopicCount> topicsSince(long micros) {
        return voice == null ? List.of() : voice.topicsSince(micros);
    }

    // ---- snapshots

    public void write(DataOutput out) throws IOException {
        out.writeLong(firstSeen);
        out.writeLong(lastSeen);
        out.writeLong(events);
        out.writeShort(counts.length);
        for (int count : counts) {
            out.writeInt(count);
        }
        out.writeBoolean(clock != null);
        if (clock != null) {
            for (char count : clock) {
                out.writeChar(count);
            }
        }
        out.writeInt(orders);
        out.writeDouble(revenue);
        out.writeInt(refunds);
        out.writeDouble(refunded);
        out.writeLong(firstOrder);
        out.writeLong(lastOrder);
        writeTop(out, categories);
        writeTop(out, products);
        writeTop(out, devices);
        out.writeBoolean(traits != null);
        if (traits != null) {
            traits.write(out);
        }
        Values.writeString(out, country);
        Values.writeString(out, region);
        Values.writeString(out, city);
        out.writeLong(locatedAt);
        out.writeByte(marketing);
        out.writeLong(marketingAt);
        out.writeByte(profiling);
        out.writeLong(profilingAt);
        out.writeBoolean(recentOrders != null);
        if (recentOrders != null) {
            recentOrders.write(out);
        }
        out.writeBoolean(recentEvents != null);
        if (recentEvents != null) {
            recentEvents.write(out);
        }
        out.writeBoolean(voice != null);
        if (voice != null) {
            voice.write(out);
        }
    }

    public static ProfileState read(DataInput in, Interner interner) throws IOException {
        ProfileState state = new ProfileState();
        state.firstSeen = in.readLong();
        state.lastSeen = in.readLong();
        state.events = in.readLong();
        int length = in.readShort();
        if (length != state.counts.length) {
            throw new IOException("snapshot from another version: " + length + " event types and channels, expected " + state.counts.length);
        }
        for (int i = 0; i < length; i++) {
            state.counts[i] = in.readInt();
        }
        if (in.readBoolean()) {
            state.clock = new char[HOURS + WEEKDAYS];
            for (int i = 0; i < state.clock.length; i++) {
                state.clock[i] = in.readChar();
            }
        }
        state.orders = in.readInt();
        state.revenue = in.readDouble();
        state.refunds = in.readInt();
        state.refunded = in.readDouble();
        state.firstOrder = in.readLong();
        state.lastOrder = in.readLong();
        state.categories = readTop(in);
        state.products = readTop(in);
        state.devices = readTop(in);
        if (in.readBoolean()) {
            state.traits = Traits.read(in, interner);
        }
        state.country = interner.intern(Values.readString(in));
        state.region = interner.intern(Values.readString(in));
        state.city = interner.intern(Values.readString(in));
        state.locatedAt = in.readLong();
        state.marketing = in.readByte();
        state.marketingAt = in.readLong();
        state.profiling = in.readByte();
        state.profilingAt = in.readLong();
        if (in.readBoolean()) {
            state.recentOrders = RecentOrders.read(in, interner);
        }
        if (in.readBoolean()) {
            state.recentEvents = RecentEvents.read(in);
        }
        if (in.readBoolean()) {
            state.voice = VoiceState.read(in, interner);
        }
        return state;
    }

    private static void writeTop(DataOutput out, TopCounts top) throws IOException {
        out.writeBoolean(top != null);
        if (top != null) {
            top.write(out);
        }
    }

    private static TopCounts readTop(DataInput in) throws IOException {
        return in.readBoolean() ? TopCounts.read(in) : null;
    }
}
