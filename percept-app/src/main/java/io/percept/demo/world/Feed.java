package io.percept.demo.world;

import io.percept.eventlog.Channel;
import java.util.List;

/**
 * Where the world's records go into Percept, the way a real company's would: the website, app,
 * marketplace and order system send Segment-spec messages through the tracking API; the store
 * tills, direct-sales CRM, review, service, social, survey and IoT platforms export files that
 * the importers read with their built-in templates (docs/imports.md). The IoT platform reports
 * device bindings through the tracking API and exports its telemetry as files.
 */
public enum Feed {
    WEB("web.jsonl", Channel.WEB, null),
    APP("app.jsonl", Channel.APP, null),
    MARKETPLACE("marketplace.jsonl", Channel.ECOMMERCE, null),
    /** Device bindings from the IoT platform: the owner's member id with the device's id. */
    DEVICES("devices.jsonl", Channel.IOT, null),
    /** Refunds from the order system, each message naming the channel of its order. */
    REFUNDS("refunds.jsonl", Channel.ECOMMERCE, null),
    STORE_ORDERS("store-orders.csv", Channel.STORE, "orders", "order_id", "ordered_at", "customer_id", "product_id", "product_name",
            "category", "quantity", "unit_price", "country", "region", "city", "store"),
    SALES_ORDERS("sales-orders.csv", Channel.SALES, "orders", "order_id", "ordered_at", "customer_id", "product_id", "product_name",
            "category", "quantity", "unit_price", "country", "region", "city", "store"),
    SALES_VISITS("sales-visits.csv", Channel.SALES, "sales-visits", "customer_id", "visit_id", "visited_at", "account", "contact",
            "sales_rep", "stage", "competitor", "notes"),
    REVIEWS("reviews.csv", Channel.ECOMMERCE, "reviews", "customer_id", "review_id", "reviewed_at", "product_id", "order_id", "rating",
            "title", "review_text"),
    TICKETS("tickets.csv", Channel.SERVICE, "tickets", "customer_id", "ticket_id", "created_at", "category", "status", "priority",
            "product_id", "order_id", "subject", "description"),
    SOCIAL("social.csv", Channel.SOCIAL, "social", "customer_id", "platform", "author_id", "comment_id", "posted_at", "post_id", "url",
            "likes", "shares", "text"),
    SURVEYS("surveys.csv", Channel.SURVEY, "surveys", "customer_id", "response_id", "answered_at", "survey", "kind", "score",
            "product_id", "verbatim"),
    IOT("iot.csv", Channel.IOT, "iot", "customer_id", "device_id", "measured_at", "model", "firmware", "metric", "value", "battery",
            "error_code");

    private final String file;
    private final Channel channel;
    private final String template;
    private final List<String> columns;

    Feed(String file, Channel channel, String template, String... columns) {
        this.file = file;
        this.channel = channel;
        this.template = template;
        this.columns = List.of(columns);
    }

    /** The file it is written to by {@code percept generate}. */
    public String file() {
        return file;
    }

    /** The channel of its source (messages may name their own). */
    public Channel channel() {
        return channel;
    }

    /** The import template that reads it, or {@code null} for Segment messages sent to the tracking API. */
    public String template() {
        return template;
    }

    /** Whether its records are Segment messages (else CSV rows). */
    public boolean tracked() {
        return template == null;
    }

    /** The CSV header (empty for tracked feeds). */
    public List<String> columns() {
        return columns;
    }

    /** The name of its source in Percept, e.g. {@code demo-web}. */
    public String source() {
        return "demo-" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
