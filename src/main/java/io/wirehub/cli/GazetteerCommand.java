package io.wirehub.cli;

import io.wirehub.gazetteer.Gazetteer;
import io.wirehub.gazetteer.GeoNamesImporter;
import io.wirehub.gazetteer.Place;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wirehub gazetteer import|lookup}: build a gazetteer file from GeoNames dumps, query one. */
@Command(name = "gazetteer", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
        description = "Build or query the GeoNames gazetteer used by the enrich stage.",
        subcommands = {GazetteerCommand.Import.class, GazetteerCommand.Lookup.class})
public class GazetteerCommand implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** No subcommand: a usage error, the usage with its subcommands on stderr. */
    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name a command: import or lookup");
    }

    /** Builds a gazetteer file from the standard GeoNames dump files. */
    @Command(name = "import", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
            description = {"Build a gazetteer file from GeoNames dump files: cities*.txt or allCountries.txt, "
                    + "countryInfo.txt, admin1CodesASCII.txt and optionally alternateNamesV2.txt, all in --geonames DIR.",
                    "Point wirehub.gazetteer.file at the result to use it instead of the bundled one."},
            footer = {"", "Examples:",
                    "  java -jar target/wirehub.jar gazetteer import --geonames ~/geonames --out data/gazetteer.bin.gz",
                    "  java -jar target/wirehub.jar gazetteer import --geonames ~/geonames --min-population 1000 \\",
                    "      --country-names i18n-iso-countries/langs --world-countries world-countries/countries.json \\",
                    "      --out data/gazetteer.bin.gz"})
    static class Import implements Callable<Integer> {
        @Option(names = "--geonames", required = true, paramLabel = "DIR", description = "Folder with the GeoNames dump files.")
        Path geonames;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Gazetteer file to write (gzip'd).")
        Path out;
        @Option(names = "--country-names", paramLabel = "DIR",
                description = "The langs/ folder of npm i18n-iso-countries (French, English, Vietnamese country names).")
        Path countryNames;
        @Option(names = "--world-countries", paramLabel = "FILE",
                description = "countries.json of npm world-countries (demonyms, country points).")
        Path worldCountries;
        @Option(names = "--min-population", defaultValue = "0", description = "Leave out smaller populated places (default ${DEFAULT-VALUE}).")
        long minPopulation;
        @Option(names = "--second-level", arity = "1", defaultValue = "true", paramLabel = "true|false",
                description = "Add Natural Earth's second-level divisions (UK counties, Philippine provinces...; default ${DEFAULT-VALUE}).")
        boolean secondLevel;

        @Override
        public Integer call() throws Exception {
            GeoNamesImporter imp = new GeoNamesImporter().geonames(geonames).countryNames(countryNames)
                    .worldCountries(worldCountries).minPopulation(minPopulation).secondLevel(secondLevel);
            Path abs = out.toAbsolutePath();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            Path tmp = Files.createTempFile(abs.getParent(), ".gazetteer", ".tmp");
            int n;
            try (OutputStream os = Files.newOutputStream(tmp)) {
                n = imp.write(os);
            } catch (Exception e) {
                Files.deleteIfExists(tmp);
                System.err.println("gazetteer import failed: " + e.getMessage());
                return 1;
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            for (String w : imp.warnings().subList(0, Math.min(20, imp.warnings().size()))) {
                System.err.println("warning: " + w);
            }
            if (imp.warnings().size() > 20) {
                System.err.println("warning: ... " + (imp.warnings().size() - 20) + " more");
            }
            System.out.printf("%d places written to %s (%.1f MB)%n", n, abs, Files.size(abs) / 1e6);
            return 0;
        }
    }

    /** Prints the places a name or id stands for. */
    @Command(name = "lookup", mixinStandardHelpOptions = true, versionProvider = WirehubCli.Version.class,
            description = "Print the places a name (or a GeoNames id) stands for, best first.",
            footer = {"", "Examples:",
                    "  java -jar target/wirehub.jar gazetteer lookup \"Herat province\"",
                    "  java -jar target/wirehub.jar gazetteer lookup 1140026"})
    static class Lookup implements Callable<Integer> {
        @Parameters(paramLabel = "NAME|ID", description = "A place name or a GeoNames id.")
        String query;
        @Option(names = "--gazetteer", paramLabel = "FILE", description = "Gazetteer file (default: the bundled one).")
        Path file;

        @Override
        public Integer call() throws Exception {
            Gazetteer g = file == null ? Gazetteer.bundled() : Gazetteer.load(file);
            List<Place> r;
            if (query.matches("\\d+")) {
                Place p = g.byId(Long.parseLong(query));
                r = p == null ? List.of() : List.of(p);
            } else {
                r = g.search(query);
            }
            for (Place p : r.subList(0, Math.min(10, r.size()))) {
                System.out.printf("%d\t%s\t%s\t%s.%s\t%.5f\t%.5f\t%d%n", p.geonameId(), p.name(), p.featureCode(),
                        p.countryCode(), p.admin1Code(), p.lat(), p.lon(), p.population());
            }
            if (r.isEmpty()) {
                System.err.println("no place named or numbered '" + query + "' in the gazetteer"
                        + (file == null ? " (the bundled one: populated places of 500+ people, countries, first-level divisions)" : " " + file));
                return 1;
            }
            return 0;
        }
    }
}
