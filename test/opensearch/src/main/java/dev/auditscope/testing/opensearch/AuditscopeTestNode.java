// Test tooling: starts ONE real OpenSearch 2.19 node in this JVM, with Netty4 (HTTP + transport) and
// analysis-common loaded as classpath plugins, for Auditscope's integration tests (see ../cluster.ts).
package dev.auditscope.testing.opensearch;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;
import org.opensearch.transport.TransportService;

/**
 * Usage: java -cp CLASSPATH dev.auditscope.testing.opensearch.AuditscopeTestNode [--parent-pid=PID] [--plugin=CLASS]...
 * -Ekey=value...
 *
 * <p>The -E settings are OpenSearch node settings, as with the distribution's own launcher; path.home is required.
 * --plugin loads one more classpath plugin by class name (Netty4 and analysis-common are always loaded).
 * Prints one line starting with {@value #STARTED} on stdout once the node serves HTTP. Exits 1 with the real error
 * (one summary line starting with {@value #FAILED}, then the stack trace) when the node cannot start.
 */
public final class AuditscopeTestNode {
    static final String STARTED = "AUDITSCOPE_OPENSEARCH_STARTED";
    static final String FAILED = "AUDITSCOPE_OPENSEARCH_FAILED";

    /** The plugins a distribution ships as modules; here they are plain jars on the classpath. */
    static final List<Class<? extends Plugin>> PLUGINS = List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);

    /** Node's constructor that accepts classpath plugins is protected, so subclass it (as the test framework's MockNode does). */
    static final class ClasspathPluginNode extends Node {
        ClasspathPluginNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    private AuditscopeTestNode() {}

    public static void main(String[] args) {
        Settings.Builder builder = Settings.builder()
            // Defaults for a throwaway node on loopback; any -E argument overrides them.
            .put("network.host", "127.0.0.1")
            // A CI disk that is nearly full must not make indices read-only (flood stage) or block shard allocation.
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        long parentPid = -1;
        List<String> extraPlugins = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("-E") && arg.indexOf('=') > 2) {
                int eq = arg.indexOf('=');
                builder.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (arg.startsWith("--parent-pid=")) {
                parentPid = Long.parseLong(arg.substring("--parent-pid=".length()));
            } else if (arg.startsWith("--plugin=")) {
                extraPlugins.add(arg.substring("--plugin=".length()));
            } else {
                fail("?", new IllegalArgumentException("unknown argument '" + arg + "' (expected -Ekey=value, --parent-pid=PID or --plugin=CLASS)"));
            }
        }
        Settings settings = builder.build();
        if (settings.get("path.home") == null) {
            fail("?", new IllegalArgumentException("-Epath.home=DIR is required"));
        }
        String nodeName = settings.get("node.name", "auditscope-node");

        // The distribution's launcher (Bootstrap) also installs a security manager and enforces production bootstrap
        // checks (heap size, mmap count, file descriptors); a test node wants neither, so only the node itself is built.
        Node node = null;
        try {
            LogConfigurator.setNodeName(nodeName); // fills %node_name in log4j2.properties
            Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, java.util.Map.of(), null, () -> nodeName);
            List<Class<? extends Plugin>> plugins = new ArrayList<>(PLUGINS);
            for (String name : extraPlugins) {
                plugins.add(Class.forName(name).asSubclass(Plugin.class));
            }
            node = new ClasspathPluginNode(environment, plugins);
            node.start();
        } catch (Throwable t) {
            closeQuietly(node);
            fail(nodeName, t);
        }

        final Node started = node;
        final CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT run shutdown hooks: close the node so it leaves the cluster and flushes, as the distribution does.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeQuietly(started);
            try {
                started.awaitClose(20, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
            LogManager.shutdown(); // log4j's own hook is disabled in log4j2.properties so the close above is logged
        }, "auditscope-node-shutdown"));

        if (parentPid > 0) {
            watchParent(parentPid, nodeName);
        }

        String http = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().toString();
        String transport = node.injector().getInstance(TransportService.class).boundAddress().publishAddress().toString();
        System.out.println(STARTED + " node=" + nodeName + " cluster=" + settings.get("cluster.name", "opensearch")
            + " http=" + http + " transport=" + transport + " pid=" + ProcessHandle.current().pid());
        System.out.flush();

        // OpenSearch's threads are daemons: keep this one alive until the shutdown hook has closed the node.
        try {
            stopped.await();
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
    }

    /** Exits when the process that started us is gone, so a test runner killed with SIGKILL leaves no JVM behind. */
    private static void watchParent(long parentPid, String nodeName) {
        Thread watcher = new Thread(() -> {
            while (ProcessHandle.of(parentPid).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("auditscope: parent process " + parentPid + " is gone; stopping node " + nodeName);
            System.exit(0);
        }, "auditscope-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void closeQuietly(Node node) {
        if (node == null) return;
        try {
            node.close();
        } catch (Throwable ignored) {
            // the error that matters is the one being reported, or the process is exiting anyway
        }
    }

    private static void fail(String nodeName, Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        System.err.println(FAILED + " node=" + nodeName + " error=" + t + (root != t ? " cause=" + root : ""));
        System.err.println(trace);
        System.err.flush();
        // halt, not exit: the node may have left non-daemon threads, and there is nothing to shut down cleanly
        Runtime.getRuntime().halt(1);
    }
}
