package io.jenkins.plugins.releasegate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Debian's Chromium, run headless with a fresh profile and without network services of its own, and driven over the
 * DevTools protocol: it opens a page as a user's browser would and reports what the page's console said (messages,
 * uncaught exceptions, content blocked by the Content-Security-Policy, failed loads), takes a screenshot of the whole
 * page and reads its DOM and rendered text.
 *
 * <p>Missing Chromium is a failure, not a reason to skip: CI installs it ({@code apt-get install chromium}). One
 * instance drives one tab; {@link #close()} ends the browser.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    /** How long Chromium's start, a page load or one protocol command may take before the helper gives up. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    /** The window's size in CSS pixels: screenshots are as wide as the window and as long as the page. */
    private static final int WIDTH = 1280;

    private static final int HEIGHT = 900;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path log;
    private final Inbox inbox;
    private final WebSocket socket;
    private final AtomicInteger lastCommandId = new AtomicInteger();

    /**
     * One console message of a page.
     *
     * @param level {@code error}, {@code warning}, {@code info}, {@code log}, {@code debug} or {@code verbose}
     * @param source where it came from: {@code console-api} (the page's script), {@code javascript} (an uncaught
     *     exception), {@code security} (a Content-Security-Policy violation), {@code network} (a failed load)...
     * @param text the message
     */
    record ConsoleMessage(String level, String source, String text) {
        boolean isError() {
            return level.equals("error");
        }

        @Override
        public String toString() {
            return "[" + level + "/" + source + "] " + text;
        }
    }

    /**
     * What a page showed once loaded and idle.
     *
     * @param url the address that was opened
     * @param status the HTTP status of the page itself
     * @param headers the HTTP response headers of the page itself, names in lower case
     * @param dom the DOM serialized as HTML, after the page's scripts ran
     * @param text the text the page renders (its body's {@code innerText}, which leaves hidden elements out)
     * @param console the page's console messages from the start of the navigation until the page was idle
     */
    record PageView(
            String url,
            int status,
            Map<String, String> headers,
            String dom,
            String text,
            List<ConsoleMessage> console) {
        /**
         * Returns the console messages of level error: script errors, uncaught exceptions, Content-Security-Policy
         * violations, resources that failed to load.
         *
         * @return the errors
         */
        List<ConsoleMessage> errors() {
            return console.stream().filter(ConsoleMessage::isError).toList();
        }

        Optional<String> header(final String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    private HeadlessChromium(final Process process, final Path log, final Inbox inbox, final WebSocket socket) {
        this.process = process;
        this.log = log;
        this.inbox = inbox;
        this.socket = socket;
    }

    static void requireInstalled() {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException(EXECUTABLE + " is missing: install Debian's Chromium (apt-get install -y "
                    + "chromium) to test how the plugin's pages render");
        }
    }

    /**
     * Starts Chromium on a blank tab and connects to that tab.
     *
     * @param workDirectory where the fresh profile and Chromium's own log go
     * @return the browser, to close
     */
    static HeadlessChromium start(final Path workDirectory) throws IOException, InterruptedException {
        requireInstalled();
        Files.createDirectories(workDirectory);
        Path profile = Files.createTempDirectory(workDirectory, "chromium-profile");
        Path log = Files.createTempFile(workDirectory, "chromium", ".log");
        List<String> command = List.of(
                EXECUTABLE.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-proxy-server",
                "--user-data-dir=" + profile,
                "--enable-logging=stderr",
                "--v=0",
                "--window-size=" + WIDTH + "," + HEIGHT,
                "--lang=en-US",
                "--accept-lang=en-US,en",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            Inbox inbox = new Inbox();
            WebSocket socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(tabAddress(process, profile.resolve("DevToolsActivePort"), log), inbox)
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            HeadlessChromium chromium = new HeadlessChromium(process, log, inbox, socket);
            chromium.command("Page.enable", JSON.createObjectNode());
            chromium.command(
                    "Page.setLifecycleEventsEnabled", JSON.createObjectNode().put("enabled", true));
            chromium.command("Runtime.enable", JSON.createObjectNode());
            chromium.command("Log.enable", JSON.createObjectNode());
            chromium.command("Network.enable", JSON.createObjectNode());
            chromium.command(
                    "Emulation.setDeviceMetricsOverride",
                    JSON.createObjectNode()
                            .put("width", WIDTH)
                            .put("height", HEIGHT)
                            .put("deviceScaleFactor", 1)
                            .put("mobile", false));
            return chromium;
        } catch (InterruptedException e) {
            stop(process);
            throw e;
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
            stop(process);
            throw new IllegalStateException("Chromium did not start: " + tail(log), e);
        }
    }

    /**
     * Sends HTTP basic authentication with every request from now on, as a Jenkins user with an API token.
     *
     * @param user the user id
     * @param apiToken the user's API token
     */
    void authenticate(final String user, final String apiToken) {
        String credentials =
                Base64.getEncoder().encodeToString((user + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
        ObjectNode params = JSON.createObjectNode();
        params.putObject("headers").put("Authorization", "Basic " + credentials);
        command("Network.setExtraHTTPHeaders", params);
    }

    /**
     * Opens a page and waits until it is loaded and the network is idle.
     *
     * @param url the address
     * @return what the page showed and said
     */
    PageView open(final String url) {
        int start = inbox.mark();
        JsonNode navigation = command("Page.navigate", JSON.createObjectNode().put("url", url));
        if (!navigation.path("errorText").asText().isEmpty()) {
            throw new IllegalStateException("Chromium could not open " + url + ": " + navigation.get("errorText"));
        }
        String loaderId = navigation.path("loaderId").asText();
        String frameId = navigation.path("frameId").asText();
        for (String lifecycle : List.of("load", "networkIdle")) {
            inbox.await(
                    start,
                    event -> event.path("method").asText().equals("Page.lifecycleEvent")
                            && event.at("/params/name").asText().equals(lifecycle)
                            && event.at("/params/loaderId").asText().equals(loaderId)
                            && event.at("/params/frameId").asText().equals(frameId),
                    "the " + lifecycle + " event of " + url);
        }
        JsonNode response = inbox.since(start).stream()
                .filter(event -> event.path("method").asText().equals("Network.responseReceived")
                        && event.at("/params/loaderId").asText().equals(loaderId)
                        && event.at("/params/type").asText().equals("Document"))
                .reduce((first, second) -> second)
                .map(event -> event.at("/params/response"))
                .orElseThrow(() -> new IllegalStateException("Chromium received no page for " + url));
        Map<String, String> headers = new TreeMap<>();
        for (Map.Entry<String, JsonNode> header : response.path("headers").properties()) {
            headers.put(
                    header.getKey().toLowerCase(Locale.ROOT), header.getValue().asText());
        }
        return new PageView(
                url,
                response.path("status").asInt(),
                headers,
                evaluate("document.documentElement.outerHTML"),
                evaluate("document.body.innerText"),
                consoleMessages(inbox.since(start)));
    }

    /**
     * Evaluates a JavaScript expression in the open page, awaiting it if it is a promise.
     *
     * @param expression the expression
     * @return its value as text, {@code null} for {@code null} or {@code undefined}
     */
    String evaluate(final String expression) {
        JsonNode answer = command(
                "Runtime.evaluate",
                JSON.createObjectNode()
                        .put("expression", expression)
                        .put("returnByValue", true)
                        .put("awaitPromise", true));
        if (answer.has("exceptionDetails")) {
            throw new IllegalStateException(
                    "The page could not evaluate " + expression + ": " + answer.get("exceptionDetails"));
        }
        JsonNode value = answer.at("/result/value");
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    /**
     * Takes a PNG screenshot of the whole open page, beyond the window if the page is longer.
     *
     * @param png where to write it
     */
    void screenshot(final Path png) throws IOException {
        JsonNode size =
                command("Page.getLayoutMetrics", JSON.createObjectNode()).path("cssContentSize");
        ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        params.putObject("clip")
                .put("x", 0)
                .put("y", 0)
                .put("width", Math.ceil(size.path("width").asDouble()))
                .put("height", Math.ceil(size.path("height").asDouble()))
                .put("scale", 1);
        JsonNode screenshot = command("Page.captureScreenshot", params);
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(screenshot.path("data").asText()));
    }

    @Override
    public void close() {
        socket.abort();
        stop(process);
    }

    private JsonNode command(final String method, final ObjectNode params) {
        int id = lastCommandId.incrementAndGet();
        CompletableFuture<JsonNode> answer = inbox.expect(id);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        try {
            socket.sendText(message.toString(), true).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            JsonNode reply = answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IllegalStateException("Chromium refused " + method + ": " + reply.get("error"));
            }
            return reply.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while Chromium ran " + method, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Chromium did not answer " + method + ": " + tail(log), e);
        }
    }

    private static List<ConsoleMessage> consoleMessages(final List<JsonNode> events) {
        List<ConsoleMessage> messages = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode params = event.path("params");
            switch (event.path("method").asText()) {
                case "Runtime.consoleAPICalled" -> {
                    String type = params.path("type").asText();
                    String level =
                            switch (type) {
                                case "error", "assert" -> "error";
                                case "warning" -> "warning";
                                default -> type;
                            };
                    List<String> arguments = new ArrayList<>();
                    params.path("args")
                            .forEach(argument -> arguments.add(
                                    argument.has("value")
                                            ? argument.get("value").asText()
                                            : argument.path("description").asText()));
                    messages.add(new ConsoleMessage(level, "console-api", String.join(" ", arguments)));
                }
                case "Runtime.exceptionThrown" -> {
                    JsonNode details = params.path("exceptionDetails");
                    String description = details.at("/exception/description").asText();
                    messages.add(new ConsoleMessage(
                            "error",
                            "javascript",
                            (description.isEmpty() ? details.path("text").asText() : description) + " at "
                                    + details.path("url").asText() + ":"
                                    + details.path("lineNumber").asInt()));
                }
                case "Log.entryAdded" -> {
                    JsonNode entry = params.path("entry");
                    String url = entry.path("url").asText();
                    messages.add(new ConsoleMessage(
                            entry.path("level").asText(),
                            entry.path("source").asText(),
                            entry.path("text").asText() + (url.isEmpty() ? "" : " (" + url + ")")));
                }
                default -> {
                    // not a console message
                }
            }
        }
        return messages;
    }

    private static URI tabAddress(final Process process, final Path activePort, final Path log)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        HttpClient http = HttpClient.newHttpClient();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with " + process.exitValue() + ": " + tail(log));
            }
            List<String> lines = Files.exists(activePort) ? Files.readAllLines(activePort) : List.of();
            if (lines.size() >= 2) {
                String tabs = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lines.get(0) + "/json/list"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                for (JsonNode tab : JSON.readTree(tabs)) {
                    if (tab.path("type").asText().equals("page")) {
                        return URI.create(tab.path("webSocketDebuggerUrl").asText());
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Chromium opened no tab within " + PATIENCE + ": " + tail(log));
    }

    private static void stop(final Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static String tail(final Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Receives Chromium's messages: answers to commands, and events kept in order for the waits. */
    private static final class Inbox implements WebSocket.Listener {
        private final Map<Integer, CompletableFuture<JsonNode>> answers = new ConcurrentHashMap<>();
        private final List<JsonNode> events = new ArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile Throwable closed;

        CompletableFuture<JsonNode> expect(final int id) {
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            answers.put(id, answer);
            if (closed != null) {
                answer.completeExceptionally(closed);
            }
            return answer;
        }

        synchronized int mark() {
            return events.size();
        }

        synchronized List<JsonNode> since(final int start) {
            return List.copyOf(events.subList(start, events.size()));
        }

        synchronized JsonNode await(final int start, final Predicate<JsonNode> wanted, final String what) {
            Instant deadline = Instant.now().plus(PATIENCE);
            int next = start;
            while (true) {
                for (; next < events.size(); next++) {
                    if (wanted.test(events.get(next))) {
                        return events.get(next);
                    }
                }
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (closed != null || left <= 0) {
                    throw new IllegalStateException("Chromium sent no " + what + " within " + PATIENCE, closed);
                }
                try {
                    wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while waiting for " + what, e);
                }
            }
        }

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                receive(text);
            }
            webSocket.request(1);
            return null;
        }

        private void receive(final String text) {
            JsonNode message;
            try {
                message = JSON.readTree(text);
            } catch (IOException e) {
                throw new IllegalStateException("Chromium sent something that is not JSON: " + text, e);
            }
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer =
                        answers.remove(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            } else {
                synchronized (this) {
                    events.add(message);
                    notifyAll();
                }
            }
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason) {
            end(new IllegalStateException("Chromium closed the connection: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(final WebSocket webSocket, final Throwable error) {
            end(error);
        }

        private void end(final Throwable why) {
            closed = why;
            answers.values().forEach(answer -> answer.completeExceptionally(why));
            synchronized (this) {
                notifyAll();
            }
        }
    }
}
