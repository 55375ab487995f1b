package com.customertimeline.support;

import com.customertimeline.CustomerTimelineApplication;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts and stops the whole service in-process, as an operator would start and stop the jar, so a
 * test can restart it on the same storage.
 */
public final class RunningService implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningService(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static RunningService start(Map<String, Object> properties) {
        return start(properties, new Class<?>[0]);
    }

    /** Starts the service with test configuration added to the application's own. */
    public static RunningService start(Map<String, Object> properties, Class<?>... testConfiguration) {
        // as command-line arguments, so they win over application.yml like an operator's flags would
        if (properties.containsKey("spring.datasource.url") && !properties.containsKey(TestMasterKey.PROPERTY)) {
            // a database of the shared test server: the key store there is wrapped by the run's one key
            Map<String, Object> withKey = new java.util.LinkedHashMap<>(properties);
            withKey.put(TestMasterKey.PROPERTY, TestMasterKey.json());
            properties = withKey;
        }
        String[] args = Stream.concat(
                        properties.containsKey("TIMELINE_ADMIN_PASSWORD")
                                ? Stream.of("--server.port=0")
                                : Stream.of(
                                        "--server.port=0", "--TIMELINE_ADMIN_PASSWORD=" + TestCallers.ADMIN_PASSWORD),
                        properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()))
                .toArray(String[]::new);
        CustomerTimelineApplication.disableUpdateCheckerUnlessConfigured(); // as main() does
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CustomerTimelineApplication.class)
                .sources(testConfiguration)
                .run(args);
        return new RunningService(context);
    }

    public int port() {
        return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    }

    /** A client that may send every command and read every view (APP, AUDITOR, ADMIN). */
    public Http http() {
        return TestCallers.service(new Http(port()));
    }

    /** The service without credentials. */
    public Http anonymous() {
        return new Http(port());
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        TestCallers.forget(port());
        context.close();
    }
}
