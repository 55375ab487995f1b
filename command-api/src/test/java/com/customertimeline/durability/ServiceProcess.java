package com.customertimeline.durability;

import com.customertimeline.support.Http;
import com.customertimeline.support.TestCallers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The service jar started as an operator starts it: its own JVM, on a data folder, so that a test can
 * kill it with SIGKILL ({@link Process#destroyForcibly()}) and start it again on the same folder.
 */
final class ServiceProcess {

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The runnable jar that {@code mvn package} built (the integration tests run after it). */
    static Path jar() {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "command-api-*-exec.jar")) {
            for (Path jar : jars) {
                return jar.toAbsolutePath();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no target/command-api-*-exec.jar: run mvn verify (or package) first");
    }

    static ServiceProcess start(Path dataDir, Path log) {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                jar().toString(),
                "--server.port=" + port,
                "--timeline.data-dir=" + dataDir,
                "--logging.level.root=WARN",
                "--logging.level.com.customertimeline=INFO",
                "--TIMELINE_ADMIN_PASSWORD=" + TestCallers.ADMIN_PASSWORD));
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            ServiceProcess service = new ServiceProcess(process, port);
            service.awaitReady(Duration.ofMinutes(3));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + " while starting");
            }
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(base() + "/actuator/health/readiness"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the service was not ready within " + timeout);
    }

    String base() {
        return "http://localhost:" + port;
    }

    /** The {@code Authorization} header of a client that may send every command (made once per data folder). */
    String authorization() {
        if (authorization == null) {
            authorization = TestCallers.service(new Http(port)).authorization();
        }
        return authorization;
    }

    private String authorization;

    /** SIGKILL: no shutdown hook, no connection closed cleanly, nothing flushed. */
    void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM: the operator's normal stop. */
    void stop() {
        process.destroy();
        waitFor(Duration.ofMinutes(2));
    }

    private void waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the service did not exit within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * PostgreSQL server processes running on the data folder. Only a server's main process keeps
     * {@code -D <folder>} in its command line; its workers retitle themselves.
     */
    static List<ProcessHandle> postgresServersOn(Path dataDir) {
        String folder = "-D " + dataDir.resolve("postgres");
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(folder))
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .toList();
    }

    static Optional<Long> postmasterPid(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
