package io.percept.cli;

import io.percept.eventlog.Channel;
import io.percept.eventlog.EventJson;
import io.percept.eventlog.EventLog;
import io.percept.eventlog.SourceName;
import io.percept.ingest.IngestCounters;
import io.percept.ingest.Source;
import io.percept.ingest.SourceCreation;
import io.percept.ingest.SourceStats;
import io.percept.ingest.Sources;
import io.percept.ingest.WriteKey;
import io.percept.platform.EmbeddedStore;
import io.percept.platform.JsonValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/** {@link SourceAdmin} directly on the data directory of a stopped Percept. */
final class LocalSourceAdmin implements SourceAdmin {

    private final ConfigurableApplicationContext context;
    private final Sources sources;

    LocalSourceAdmin(ConfigurableApplicationContext context) {
        this.context = context;
        this.sources = context.getBean(Sources.class);
    }

    @Override
    public List<Map<String, Object>> list() {
        return sources.list().stream().map(LocalSourceAdmin::view).toList();
    }

    @Override
    public Map<String, Object> create(String name, String channel, String writeKey) {
        SourceCreation outcome = sources.create(new SourceName(name), Channel.parse(channel), writeKey == null ? null : new WriteKey(writeKey));
        if (outcome instanceof SourceCreation.Created created) {
            return view(created.source());
        }
        throw new AdminException(((SourceCreation.Refused) outcome).reason());
    }

    @Override
    public Map<String, Object> setEnabled(String name, boolean enabled) {
        return view(sources.setEnabled(new SourceName(name), enabled).orElseThrow(() -> missing(name)));
    }

    @Override
    public Map<String, Object> rotate(String name, String writeKey) {
        return view(sources.rotateKey(new SourceName(name), writeKey == null ? null : new WriteKey(writeKey)).orElseThrow(() -> missing(name)));
    }

    @Override
    public Map<String, Object> stats(String name) {
        SourceName source = new SourceName(name);
        sources.find(source).orElseThrow(() -> missing(name));
        SourceStats stats = context.getBean(IngestCounters.class).stats(source);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("source", stats.source());
        view.put("requests", stats.requests());
        view.put("received", stats.received());
        view.put("accepted", stats.accepted());
        view.put("duplicates", stats.duplicates());
        view.put("rejected", stats.rejected());
        view.put("rejectedByReason", stats.rejectedByReason());
        return view;
    }

    @Override
    public List<Map<String, Object>> events(String name, int limit) {
        SourceName source = new SourceName(name);
        sources.find(source).orElseThrow(() -> missing(name));
        return context.getBean(EventLog.class).newest(source, limit).stream().map(logged -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("seq", logged.seq());
            view.put("event", JsonValues.parseObject(EventJson.write(logged.event())));
            return view;
        }).toList();
    }

    @Override
    public String target() {
        return "the data directory " + context.getBean(EmbeddedStore.class).dataDir();
    }

    @Override
    public void close() {
        context.close();
    }

    private static AdminException missing(String name) {
        return new AdminException("there is no source named '" + name + "'");
    }

    private static Map<String, Object> view(Source source) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", source.name().value());
        view.put("channel", source.channel().wireName());
        view.put("writeKey", source.writeKey().value());
        view.put("enabled", source.enabled());
        view.put("createdAt", source.createdAt().toString());
        return view;
    }
}
