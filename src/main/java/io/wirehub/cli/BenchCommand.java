package io.wirehub.cli;

import picocli.CommandLine.Command;

/** Parent of the benchmarks: {@code wirehub bench normalize|gazetteer|dedupe|delivery}. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks on generated workloads; each prints items/s, MB/s, latency percentiles, "
                + "peak heap, and the ratio against a baseline run in the same process.")
public class BenchCommand implements Runnable {
    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }
}
