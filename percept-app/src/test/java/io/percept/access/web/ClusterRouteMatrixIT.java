package io.percept.access.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.percept.ClusterServeIT;
import io.percept.testing.KafkaTestBroker;
import io.percept.testing.PostgresTestDatabase;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link RouteMatrixTests}' credential matrix over every route of a cluster-mode application, whose
 * controllers differ from embedded mode's (profiles read from PostgreSQL, their export and erasure,
 * segments and predictions over PostgreSQL): each route in an area, each credential answered as the
 * docs promise. A real Kafka broker (in this JVM) and a real PostgreSQL.
 */
class ClusterRouteMatrixIT {

    @TempDir
    Path dir;

    @Test
    void everyClusterRouteHasAnAreaAndEveryCredentialGetsWhatTheDocsPromise() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create();
                ConfigurableApplicationContext app = ClusterServeIT.start(dir, "matrix", KafkaTestBroker.uniqueTopic("cluster-matrix"), database,
                        "--percept.prediction.enabled=false")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            RouteMatrixTests.Keys keys = new RouteMatrixTests.Keys(ClusterServeIT.TOKEN, ClusterServeIT.WRITE_KEY, "shop");
            RouteMatrixTests.aWebhookWithoutSignature(port, keys);
            Set<RouteMatrixTests.Route> routes = RouteMatrixTests.routes(app);

            RouteMatrixTests.Findings findings = RouteMatrixTests.credentialMatrix(routes, port, keys);

            System.out.printf("cluster route matrix: %d routes (%s) x 6 credentials = %d checks; %d wrong%n", routes.size(), findings.perArea(),
                    findings.checks(), findings.wrong().size());
            assertThat(findings.wrong()).isEmpty();
            assertThat(routes).as("cluster mode's own routes are in the matrix").contains(new RouteMatrixTests.Route("DELETE", "/api/profiles/{id}"),
                    new RouteMatrixTests.Route("GET", "/api/profiles/{id}/export"), new RouteMatrixTests.Route("GET", "/api/profiles/{id}"));
            assertThat(findings.perArea().get(RouteMatrixTests.Area.API)).isGreaterThan(20);
            assertThat(findings.perArea().get(RouteMatrixTests.Area.TRACKING)).isGreaterThan(10);
        }
    }
}
