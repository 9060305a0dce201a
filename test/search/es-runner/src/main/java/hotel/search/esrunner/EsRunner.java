package hotel.search.esrunner;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.health.ClusterHealthResponse;
import org.elasticsearch.cluster.ClusterName;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.EsRunnerNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts one real Elasticsearch 8 node inside this JVM for integration tests.
 *
 * <pre>
 * java -cp CLASSPATH hotel.search.esrunner.EsRunner --base-dir DIR [--http-port 9200] [--transport-port 0]
 *      [--cluster-name es-runner] [--node-name es-runner-0] [-E key=value ...]
 * </pre>
 * Each option may also be given as a system property ({@code -Des.runner.http.port=...}, {@code es.runner.base.dir},
 * {@code es.runner.transport.port}, {@code es.runner.cluster.name}, {@code es.runner.node.name}).
 * DIR holds config/, data/ and logs/ (created if missing). Prints {@code ES_RUNNER READY ...} on stdout once the
 * cluster is yellow or green and {@code GET /} answers over HTTP; closes the node on SIGTERM/SIGINT.
 */
public final class EsRunner {

    public static final String READY_MARKER = "ES_RUNNER READY";

    private EsRunner() {}

    public static void main(String[] args) throws Exception {
        // As the stock launcher does: let the node close before log4j shuts down, and no JMX / lookups.
        System.setProperty("log4j.shutdownHookEnabled", "false");
        System.setProperty("log4j2.disable.jmx", "true");
        System.setProperty("log4j2.formatMsgNoLookups", "true");

        String httpPort = System.getProperty("es.runner.http.port", "9200");
        String transportPort = System.getProperty("es.runner.transport.port", "0");
        String baseDir = System.getProperty("es.runner.base.dir");
        String clusterName = System.getProperty("es.runner.cluster.name", "es-runner");
        String nodeName = System.getProperty("es.runner.node.name", "es-runner-0");
        List<String[]> extra = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--http-port" -> httpPort = value(args, ++i, a);
                case "--transport-port" -> transportPort = value(args, ++i, a);
                case "--base-dir" -> baseDir = value(args, ++i, a);
                case "--cluster-name" -> clusterName = value(args, ++i, a);
                case "--node-name" -> nodeName = value(args, ++i, a);
                case "-E" -> {
                    String kv = value(args, ++i, a);
                    int eq = kv.indexOf('=');
                    if (eq <= 0) throw usage("bad -E " + kv + " (want key=value)");
                    extra.add(new String[] { kv.substring(0, eq), kv.substring(eq + 1) });
                }
                case "-h", "--help" -> {
                    System.out.println("usage: EsRunner --base-dir DIR [--http-port N] [--transport-port N] [--cluster-name X]"
                        + " [--node-name X] [-E key=value ...]");
                    return;
                }
                default -> throw usage("unknown argument " + a);
            }
        }
        if (baseDir == null) throw usage("--base-dir is required");

        Path home = Path.of(baseDir).toAbsolutePath();
        Path config = home.resolve("config");
        Path data = home.resolve("data");
        Path logs = home.resolve("logs");
        for (Path p : List.of(config, data, logs)) Files.createDirectories(p);

        Settings.Builder sb = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", data.toString())
            .put("path.logs", logs.toString())
            .put("cluster.name", clusterName)
            .put("node.name", nodeName)
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            // a test box's disk may be fuller than the default 85%/90% watermarks: never block allocation on it
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        for (String[] kv : extra) sb.put(kv[0], kv[1]);
        Settings settings = sb.build();

        Path log4jConfig = config.resolve("log4j2.properties");
        if (Files.exists(log4jConfig) == false) {
            try (InputStream in = EsRunner.class.getResourceAsStream("log4j2.properties")) {
                Files.copy(in, log4jConfig);
            }
        }
        // ES redirects System.out/err into log4j once logging is configured; keep the raw stream for the markers
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        LogConfigurator.registerErrorListener();
        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), config, () -> "es-runner-0");
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(env.settings()));
        LogConfigurator.setClusterName(ClusterName.CLUSTER_NAME_SETTING.get(env.settings()).value());
        LogConfigurator.configure(env, true);
        List<Class<? extends Plugin>> plugins = List.of(Netty4Plugin.class, RunnerCompatPlugin.class);

        final AtomicReference<Node> nodeRef = new AtomicReference<>();
        final CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println("ES_RUNNER STOPPING");
            out.flush();
            try {
                Node node = nodeRef.get();
                if (node != null) {
                    node.close();
                    if (node.awaitClose(30, TimeUnit.SECONDS) == false) {
                        err.println("ES_RUNNER node did not close within 30s");
                    }
                }
            } catch (Exception e) {
                e.printStackTrace(err);
            } finally {
                out.println("ES_RUNNER STOPPED");
                out.flush();
                stopped.countDown();
            }
        }, "es-runner-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            Node node = new EsRunnerNode(env, plugins);
            nodeRef.set(node);
            node.start();
            ClusterHealthResponse health = node.client()
                .admin()
                .cluster()
                .prepareHealth(TimeValue.timeValueSeconds(60))
                .setWaitForYellowStatus()
                .setTimeout(TimeValue.timeValueSeconds(60))
                .get();
            if (health.isTimedOut()) throw new IllegalStateException("cluster not yellow after 60s: " + health.getStatus());
            int port = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().getPort();
            String url = "http://127.0.0.1:" + port + "/";
            awaitHttp(url, 30_000);
            out.println(
                READY_MARKER + " url=" + url + " version=" + Build.current().qualifiedVersion() + " status=" + health.getStatus()
                    + " pid=" + ProcessHandle.current().pid() + " jvm_uptime_ms=" + ManagementFactory.getRuntimeMXBean().getUptime()
            );
            out.flush();
        } catch (Throwable t) {
            err.println("ES_RUNNER FAILED: " + t);
            t.printStackTrace(err);
            err.flush();
            System.exit(1); // runs the hook, which closes the node if it was built
        }
        stopped.await(); // keep main alive until the shutdown hook has run
    }

    private static void awaitHttp(String url, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        Exception last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(2000);
                c.setReadTimeout(5000);
                int code = c.getResponseCode();
                try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
                    if (in != null) in.readAllBytes();
                }
                if (code == 200) return;
                last = new IOException("GET " + url + " -> HTTP " + code);
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("HTTP did not answer at " + url, last);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) throw usage(flag + " needs a value");
        return args[i];
    }

    private static IllegalArgumentException usage(String msg) {
        return new IllegalArgumentException(msg + "; see --help");
    }
}
