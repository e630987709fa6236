package io.wirehub.cli;

import io.wirehub.ConfigException;
import io.wirehub.Hub;
import io.wirehub.HubConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code wirehub run}: the hub itself (also what runs with no command). */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
        description = {"Run the hub: poll the feeds of config/feeds.yaml, watch the inbox, deliver to the subscribers "
                + "and write ninjs items under out/. Stops cleanly on Ctrl-C or SIGTERM.",
                "Relative folders (data/, inbox/, out/) are relative to the folder it runs from; the routes are in the jar.",
                "A mistake in the configuration is printed one line each (file, entry, key) and the hub does not start (exit 2)."},
        footer = {"", "Examples:",
                "  java -jar target/wirehub.jar run",
                "  java -jar /opt/wirehub/wirehub.jar run --config /etc/wirehub",
                "  WIREHUB_INBOX_DIR=/srv/ftp/afp java -jar target/wirehub.jar run"})
public class RunCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "DIR",
            description = "Folder with application.properties, feeds.yaml, push.yaml and subscribers.yaml (default: config).")
    Path config;

    @Spec
    CommandSpec spec;

    Integer callWithDefaults(PrintWriter err) throws Exception {
        config = null;
        return run(err);
    }

    @Override
    public Integer call() throws Exception {
        return run(spec.commandLine().getErr());
    }

    private Integer run(PrintWriter err) throws Exception {
        Path dir = config == null ? Path.of("config") : config;
        if (!Files.isDirectory(dir)) {
            if (config != null) {
                err.println("wirehub: --config " + config + ": no such folder (it holds application.properties, feeds.yaml, subscribers.yaml)");
                err.flush();
                return 2;
            }
            err.println("wirehub: no config/ folder in " + Path.of("").toAbsolutePath() + ": running on the built-in settings, with no feeds"
                    + " (--config DIR names another folder)");
            err.flush();
        }
        Hub hub;
        try {
            HubConfig cfg = HubConfig.load(dir);
            io.wirehub.Logging.apply(cfg);
            hub = Hub.start(cfg);
        } catch (ConfigException e) {
            for (String p : e.problems()) {
                err.println(p);
            }
            err.println("wirehub: not started: " + e.problems().size() + " mistake" + (e.problems().size() == 1 ? "" : "s")
                    + " in the configuration");
            err.flush();
            return 2;
        }
        hub.awaitStop();
        return 0;
    }
}
