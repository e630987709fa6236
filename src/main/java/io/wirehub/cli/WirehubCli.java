package io.wirehub.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code wirehub} command line: {@code java -jar target/wirehub.jar [command]}. With no command
 * it runs the hub.
 */
@Command(name = "wirehub", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
        description = "News-feed syndication hub: ingest feeds and agency files, normalize to IPTC ninjs, "
                + "dedupe, geotag, deliver.",
        subcommands = {CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  java -jar target/wirehub.jar                      run the hub with config/ (as: run)",
                "  java -jar target/wirehub.jar run --config DIR     run the hub with another folder",
                "  java -jar target/wirehub.jar normalize feed.xml   print ninjs items as JSON lines",
                "  java -jar target/wirehub.jar gazetteer lookup Herat",
                "  java -jar target/wirehub.jar COMMAND --help       each command's options and examples"})
public class WirehubCli implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Entry point of the runnable jar. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand registered (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new WirehubCli());
        // Subcommands of each stage; keep one line per command.
        cl.addSubcommand("run", new RunCommand());
        cl.addSubcommand("normalize", new NormalizeCommand());
        cl.addSubcommand("process", new ProcessCommand());
        CommandLine bench = new CommandLine(new BenchCommand());
        bench.addSubcommand("delivery", new BenchDeliveryCommand());
        bench.addSubcommand("normalize", new BenchNormalizeCommand());
        bench.addSubcommand("gazetteer", new GazetteerBenchCommand());
        bench.addSubcommand("dedupe", new DedupeBenchCommand());
        bench.addSubcommand("e2e", new BenchE2eCommand());
        bench.addSubcommand("metrics", new BenchMetricsCommand());
        bench.addSubcommand("cluster", new BenchClusterCommand());
        cl.addSubcommand("bench", bench);
        cl.addSubcommand("gazetteer", new GazetteerCommand());
        cl.addSubcommand("geotag", new GeotagCommand());
        // Wide enough that no command's one-line summary is cut; the whole hierarchy at once.
        cl.setUsageHelpWidth(100);
        return cl;
    }

    /** No subcommand: run the hub with the default configuration. */
    @Override
    public Integer call() throws Exception {
        return new RunCommand().callWithDefaults(spec.commandLine().getErr());
    }

    /** Version from the jar manifest. */
    static class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"wirehub " + io.wirehub.Hub.version()};
        }
    }
}
