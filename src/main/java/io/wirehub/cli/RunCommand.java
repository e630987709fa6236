package io.wirehub.cli;

import io.wirehub.Hub;
import io.wirehub.HubConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code wirehub run}: the hub itself (also what runs with no command). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the hub: poll the feeds of config/feeds.yaml, watch the inbox, write ninjs items under out/.",
        footer = {"", "Examples:",
                "  java -jar target/wirehub.jar run",
                "  java -jar target/wirehub.jar run --config /etc/wirehub",
                "  WIREHUB_INBOX_DIR=/srv/ftp/afp java -jar target/wirehub.jar run"})
public class RunCommand implements Callable<Integer> {
    @Option(names = "--config", description = "Folder with application.properties and feeds.yaml (default: ${DEFAULT-VALUE}).",
            defaultValue = "config")
    Path config;

    Integer callWithDefaults() throws Exception {
        config = Path.of("config");
        return call();
    }

    @Override
    public Integer call() throws Exception {
        Hub hub = Hub.start(HubConfig.load(config));
        hub.awaitStop();
        return 0;
    }
}
