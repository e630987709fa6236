package io.wirehub.cli;

import picocli.CommandLine.Command;

/** Parent of the benchmarks: {@code wirehub bench normalize|gazetteer|dedupe|delivery|e2e|metrics|cluster}. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
        description = "Benchmarks on generated workloads; each prints items/s, MB/s, latency percentiles, "
                + "peak heap, and the ratio against a baseline run in the same process.")
public class BenchCommand implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** No subcommand: a usage error, the usage with its subcommands on stderr. */
    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a benchmark: normalize, dedupe, gazetteer, delivery, e2e, metrics or cluster");
    }
}
