package io.wirehub;

import org.apache.camel.main.Main;

/**
 * The hub as a plain camel-main application, as {@code mvn camel:run} starts it: settings from
 * {@code config/application.properties} (environment variables override any key, as camel-main
 * does), routes from {@code camel.main.routes-include-pattern}, each stage wired by its
 * configuration class of {@code camel.main.configuration-classes}. Run from the project folder.
 * {@code java -jar target/wirehub.jar run} starts the same hub through the command line.
 */
public final class WirehubApplication {
    private WirehubApplication() {
    }

    public static void main(String[] args) throws Exception {
        java.nio.file.Path config = java.nio.file.Path.of("config");
        if (java.nio.file.Files.isDirectory(config)) {
            // The checks and log settings of `wirehub run`, before Camel starts: a mistake is one line
            // naming file, entry and key, not a stack trace from deep inside camel-main.
            HubConfig cfg = HubConfig.load(config);
            Logging.apply(cfg);
            java.util.List<String> problems = ConfigCheck.startProblems(cfg);
            if (!problems.isEmpty()) {
                problems.forEach(System.err::println);
                throw new ConfigException("wirehub: not started: " + problems.size() + " mistake"
                        + (problems.size() == 1 ? "" : "s") + " in the configuration (listed above)");
            }
        }
        // No base package scan (new Main() rather than new Main(WirehubApplication.class)): the
        // stages bind in the order the properties list them.
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:config/application.properties");
        main.run(args);
    }
}
