package io.wirehub.gazetteer;

import io.wirehub.cli.WirehubCli;
import io.wirehub.gazetteer.Geotagger.Kind;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The importer on the standard GeoNames files of ../shared/geonames (countryInfo.txt,
 * admin1CodesASCII.txt) plus a small cities file in the dump format (written for this test): the
 * gazetteer it builds answers like the bundled one for those places.
 */
class GazetteerImportTest {
    static final Path GEONAMES = Path.of("../shared/geonames");
    static final long[] CITIES = {1140026, 1142404, 1120711, 1138958, 1581130, 1566083, 112931, 1221874, 162183, 2988507};

    @TempDir
    Path dir;

    @BeforeEach
    void dumpFolder() throws Exception {
        Assumptions.assumeTrue(Files.exists(GEONAMES.resolve("countryInfo.txt")),
                "../shared/geonames absent: importer test skipped");
        Files.copy(GEONAMES.resolve("countryInfo.txt"), dir.resolve("countryInfo.txt"));
        Files.copy(GEONAMES.resolve("admin1CodesASCII.txt"), dir.resolve("admin1CodesASCII.txt"));
        try (var in = getClass().getResourceAsStream("/gazetteer/geonames-sample/cities-sample.txt")) {
            Files.copy(in, dir.resolve("cities-sample.txt"));
        }
    }

    @Test
    void importedGazetteerAnswersLikeTheBundledOne() throws Exception {
        Path out = dir.resolve("out/gazetteer.bin.gz");
        int code = WirehubCli.commandLine().execute("gazetteer", "import", "--geonames", dir.toString(), "--out", out.toString());
        assertThat(code).isZero();
        Gazetteer imported = Gazetteer.load(out);
        Gazetteer bundled = Gazetteer.bundled();
        for (long id : CITIES) {
            Place a = imported.byId(id);
            Place b = bundled.byId(id);
            assertThat(a).as("place %d", id).isNotNull();
            assertThat(a.name()).isEqualTo(b.name());
            assertThat(a.featureCode()).isEqualTo(b.featureCode());
            assertThat(a.countryCode()).isEqualTo(b.countryCode());
            assertThat(a.admin1Code()).isEqualTo(b.admin1Code());
            assertThat(a.lat()).isCloseTo(b.lat(), within(1e-4));
            assertThat(a.lon()).isCloseTo(b.lon(), within(1e-4));
            assertThat(a.population()).isEqualTo(b.population());
        }
        // divisions and countries come from the reference files, with the same ids and containment
        assertThat(imported.admin1("AF", "11").geonameId()).isEqualTo(1140025);
        // a division without its own point: Natural Earth's label point for it (natural-earth-divisions.tsv),
        // the same in the bundled file and in any import; the middle of its places' extent or its seat's
        // only for a division Natural Earth lacks
        assertThat(imported.admin1("AF", "11").lat()).isCloseTo(34.1551, within(1e-4));
        assertThat(imported.admin1("AF", "11").lat()).isCloseTo(bundled.admin1("AF", "11").lat(), within(1e-4));
        assertThat(imported.distanceKm(1140025, 1140026)).isBetween(1.0, 200.0);
        assertThat(imported.country("AF").geonameId()).isEqualTo(bundled.country("AF").geonameId());
        assertThat(imported.country("VN").geonameId()).isEqualTo(1562822);
        assertThat(imported.isInside(1142404, 1140025)).isTrue();
        assertThat(imported.isInside(1142404, 1149361)).isTrue();
        assertThat(imported.search("Herat province").get(0).geonameId()).isEqualTo(1140025);

        // the same text resolves to the same places with either gazetteer
        String text = "Les talibans contrôlent le poste-frontière d'Islam Qala, près d'Hérat, et Zinda Jan. "
                + "La province d'Hérat borde l'Iran; des réfugiés fuient vers Douchanbé et Achgabat.";
        assertThat(ids(new Geotagger(imported), text)).isEqualTo(ids(Geotagger.bundled(), text))
                .contains(1142404L, 1140026L, 1120711L, 1140025L, 130758L, 1221874L, 162183L);
        String vi = "Mưa lớn gây ngập ở Hà Nội và Sài Gòn.";
        assertThat(ids(new Geotagger(imported), vi)).isEqualTo(ids(Geotagger.bundled(), vi)).containsExactly(1581130L, 1566083L);

        // and the enrich stage takes it by property
        Properties p = new Properties();
        p.setProperty(Enricher.PROP_FILE, out.toString());
        assertThat(Enricher.fromProperties(p).tagger().gazetteer().size()).isEqualTo(imported.size());
    }

    @Test
    void missingFilesAreNamedInTheError() throws Exception {
        Files.delete(dir.resolve("countryInfo.txt"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = WirehubCli.commandLine().execute("gazetteer", "import", "--geonames", dir.toString(),
                    "--out", dir.resolve("x.bin.gz").toString());
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("countryInfo.txt");
        assertThat(dir.resolve("x.bin.gz")).doesNotExist();
    }

    @Test
    void allCountriesAndAlternateNames() throws Exception {
        // the full dump's shape: ADM1 and country features with their own points, language-tagged names
        Files.delete(dir.resolve("cities-sample.txt"));
        for (String f : List.of("allCountries.txt", "alternateNamesV2.txt")) {
            try (var in = getClass().getResourceAsStream("/gazetteer/geonames-allcountries-sample/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        GeoNamesImporter imp = new GeoNamesImporter().geonames(dir).minPopulation(500);
        Gazetteer g = imp.importGazetteer();
        assertThat(g.byId(1139999)).as("below --min-population").isNull();
        Place province = g.byId(1140025);
        assertThat(province.lat()).isEqualTo(34.5);
        assertThat(province.lon()).isEqualTo(62.0);
        assertThat(province.population()).isEqualTo(1_780_000);
        assertThat(g.country("AF").lat()).isEqualTo(33.0);
        assertThat(g.byId(1140026).name("fr")).isEqualTo("Hérat");
        Geotagger t = new Geotagger(g);
        assertThat(ids(t, "Des combats près d'Hérat et d'Islam Qala.")).containsExactly(1140026L, 1142404L);
        assertThat(ids(t, "AFG forces moved in.")).as("abbreviation from alternateNamesV2").containsExactly(1149361L);
        assertThat(ids(t, "Alexandria Ariana was founded by Alexander.")).as("historic name left out").isEmpty();
        assertThat(g.source()).contains("allCountries.txt").contains("alternateNamesV2.txt");
    }

    private static List<Long> ids(Geotagger t, String text) {
        return t.tag(text, "fr").stream().filter(m -> m.kind() == Kind.PLACE).map(m -> m.place().geonameId())
                .collect(Collectors.toList());
    }

    @Test
    void aDivisionPointIsTheMiddleOfItsPlacesExtent() {
        List<GazetteerRecord> places = new java.util.ArrayList<>();
        // a capital at the south-east edge and places spread north-west of it, and one stray point
        double[][] pts = {{-27.5, 153.0}, {-27.4, 152.9}, {-26.0, 152.0}, {-23.0, 150.0}, {-19.0, 146.0}, {-16.9, 145.7},
                {-12.5, 141.9}, {-20.7, 139.5}, {-25.0, 143.0}, {-28.5, 151.0}};
        for (double[] p : pts) {
            GazetteerRecord r = new GazetteerRecord(places.size() + 1, "p", "PPL", "AU");
            r.lat = p[0];
            r.lon = p[1];
            places.add(r);
        }
        GazetteerRecord div = new GazetteerRecord(99, "Division", "ADM1", "AU");
        GeoNamesImporter.middleOfExtent(div, places);
        assertThat(div.lat).isCloseTo((-28.5 + -12.5) / 2, within(1e-9));
        assertThat(div.lon).isCloseTo((139.5 + 153.0) / 2, within(1e-9));
        // across the antimeridian (Fiji, Chukotka): the short way round
        List<GazetteerRecord> east = new java.util.ArrayList<>();
        for (double lon : new double[]{177.0, 178.0, 179.0, 179.5, -179.5, -179.0, -178.5, -178.0}) {
            GazetteerRecord r = new GazetteerRecord(east.size() + 1, "p", "PPL", "FJ");
            r.lat = -17;
            r.lon = lon;
            east.add(r);
        }
        GazetteerRecord fj = new GazetteerRecord(98, "Division", "ADM1", "FJ");
        GeoNamesImporter.middleOfExtent(fj, east);
        assertThat(Math.abs(fj.lon)).isGreaterThan(179.0);
    }
}
