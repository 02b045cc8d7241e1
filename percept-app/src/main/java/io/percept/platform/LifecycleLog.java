package io.percept.platform;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** One log line when Percept is ready (with its URL) and one when it stops. */
class LifecycleLog {

    private static final Logger log = LoggerFactory.getLogger("percept");

    private final EmbeddedStore store;
    private final AdminToken adminToken;
    private volatile Instant readyAt;

    LifecycleLog(EmbeddedStore store, AdminToken adminToken) {
        this.store = store;
        this.adminToken = adminToken;
    }

    @EventListener
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void onReady(ApplicationReadyEvent event) {
        readyAt = Instant.now();
        BuildProperties build = event.getApplicationContext().getBeanProvider(BuildProperties.class).getIfAvailable();
        String version = build != null ? build.getVersion() : "dev";
        String tokenHint = adminToken.origin() == AdminToken.Origin.CONFIGURED ? "from PERCEPT_ADMIN_TOKEN" : "in " + adminToken.file();
        String took = String.format("%.1f s", event.getTimeTaken().toMillis() / 1000.0);
        if (event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            log.info("Percept {} ready in {} at http://localhost:{}/ (data {}, admin token {})",
                    version, took, web.getWebServer().getPort(), store.dataDir(), tokenHint);
        } else {
            log.info("Percept {} ready in {} (data {})", version, took, store.dataDir());
        }
    }

    @EventListener
    void onClosed(ContextClosedEvent event) {
        Instant started = readyAt;
        if (started != null) {
            long seconds = Duration.between(started, Instant.now()).toSeconds();
            log.info("Percept stopping after {}h {}m {}s", seconds / 3600, seconds / 60 % 60, seconds % 60);
        }
    }
}
