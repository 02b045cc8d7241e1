package io.percept.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Version and build time from {@code META-INF/build-info.properties} (written by the build). */
final class BuildInfo implements IVersionProvider {

    static String version() {
        return properties().getProperty("build.version", "dev");
    }

    static String buildTime() {
        return properties().getProperty("build.time", "unknown");
    }

    private static Properties properties() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // no build information: report "dev"
        }
        return properties;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"Percept " + version() + " (built " + buildTime() + ")"};
    }
}
