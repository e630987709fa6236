package io.wirehub.gazetteer;

import io.wirehub.gazetteer.Geotagger.Kind;
import io.wirehub.gazetteer.Geotagger.Mention;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The labeled evaluation: French, English and Vietnamese wire copy with gold toponyms
 * (src/test/resources/gazetteer/eval-*.txt, and the seed article when ../shared is present). Prints
 * tagging precision, recall, F1 and resolution accuracy within 161 km (100 miles), per language and
 * overall, and every error; fails below F1 0.85 or accuracy 0.90.
 */
class GeotagEvalTest {
    static final Path SEED = Path.of("../shared/seed/000_322bb145bcebb8c8.txt");
    private static final Pattern MARK = Pattern.compile("\\[\\[([^|\\]]+)\\|(\\d+)]]");

    record Gold(int start, int end, String literal, long id) {
    }

    record Doc(String id, String lang, String text, List<Gold> gold) {
    }

    static List<Doc> docs() throws IOException {
        List<Doc> docs = new ArrayList<>();
        for (String lang : List.of("fr", "en", "vi")) {
            String src;
            try (InputStream in = GeotagEvalTest.class.getResourceAsStream("/gazetteer/eval-" + lang + ".txt")) {
                src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String id = null;
            String dlang = null;
            StringBuilder body = new StringBuilder();
            for (String line : (src + "\n### end x").split("\n")) {
                if (line.startsWith("#") && !line.startsWith("###")) {
                    continue;
                }
                if (line.startsWith("### ")) {
                    if (id != null) {
                        docs.add(parse(id, dlang, body.toString().strip()));
                    }
                    String[] h = line.substring(4).split(" ");
                    id = h[0];
                    dlang = h.length > 1 ? h[1] : lang;
                    body.setLength(0);
                    continue;
                }
                body.append(line).append('\n');
            }
        }
        if (Files.exists(SEED)) {
            docs.add(seedDoc());
        } else {
            System.out.println("[eval] ../shared/seed absent: the seed article is left out of the evaluation");
        }
        return docs;
    }

    static Doc parse(String id, String lang, String marked) {
        StringBuilder text = new StringBuilder();
        List<Gold> gold = new ArrayList<>();
        Matcher m = MARK.matcher(marked);
        int last = 0;
        while (m.find()) {
            text.append(marked, last, m.start());
            int s = text.length();
            text.append(m.group(1));
            gold.add(new Gold(s, text.length(), m.group(1), Long.parseLong(m.group(2))));
            last = m.end();
        }
        text.append(marked.substring(last));
        return new Doc(id, lang, text.toString(), gold);
    }

    static Doc seedDoc() throws IOException {
        String text = Files.readString(SEED, StandardCharsets.UTF_8);
        List<Gold> gold = new ArrayList<>();
        try (InputStream in = GeotagEvalTest.class.getResourceAsStream("/gazetteer/eval-seed.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] c = line.split("\t");
                List<Integer> occ = new ArrayList<>();
                int from = 0;
                int at;
                while ((at = text.indexOf(c[0], from)) >= 0) {
                    boolean wordStart = at == 0 || !Character.isLetter(text.charAt(at - 1));
                    boolean wordEnd = at + c[0].length() >= text.length() || !Character.isLetter(text.charAt(at + c[0].length()));
                    if (wordStart && wordEnd) {
                        occ.add(at);
                    }
                    from = at + 1;
                }
                for (String n : c[1].split(",")) {
                    int s = occ.get(Integer.parseInt(n) - 1);
                    gold.add(new Gold(s, s + c[0].length(), c[0], Long.parseLong(c[2])));
                }
            }
        }
        return new Doc("seed", "fr", text, gold);
    }

    static final class Score {
        int gold;
        int pred;
        int tp;
        int resolved;
        final List<Double> km = new ArrayList<>();

        double p() {
            return pred == 0 ? 0 : (double) tp / pred;
        }

        double r() {
            return gold == 0 ? 0 : (double) tp / gold;
        }

        double f1() {
            return p() + r() == 0 ? 0 : 2 * p() * r() / (p() + r());
        }

        double acc() {
            return tp == 0 ? 0 : (double) resolved / tp;
        }

        /** AUC of the log error, as {@link GeoVirusEvalTest.Figures#auc()} (0 is perfect). */
        double auc() {
            GeoVirusEvalTest.Figures f = new GeoVirusEvalTest.Figures();
            f.errors.addAll(km);
            return f.auc();
        }

        @Override
        public String toString() {
            return String.format("gold %3d  predicted %3d  P %.3f  R %.3f  F1 %.3f  accuracy@161km %.3f  AUC %.3f",
                    gold, pred, p(), r(), f1(), acc(), auc());
        }
    }

    @Test
    void precisionRecallAndAccuracyOnLabeledWireCopy() throws IOException {
        Geotagger tagger = Geotagger.bundled();
        Gazetteer g = tagger.gazetteer();
        Map<String, Score> scores = new TreeMap<>();
        Score all = new Score();
        List<String> errors = new ArrayList<>();
        for (Doc d : docs()) {
            Score s = scores.computeIfAbsent(d.lang(), k -> new Score());
            Map<String, Gold> goldBySpan = new HashMap<>();
            for (Gold gd : d.gold()) {
                assertThat(g.byId(gd.id())).as("gold id %s (%s) in the gazetteer", gd.id(), gd.literal()).isNotNull();
                goldBySpan.put(gd.start() + ":" + gd.end(), gd);
            }
            s.gold += d.gold().size();
            all.gold += d.gold().size();
            Map<String, Mention> predBySpan = new HashMap<>();
            for (Mention m : tagger.tag(d.text(), d.lang())) {
                if (m.kind() != Kind.PLACE) {
                    continue;
                }
                s.pred++;
                all.pred++;
                predBySpan.put(m.start() + ":" + m.end(), m);
                Gold gd = goldBySpan.get(m.start() + ":" + m.end());
                if (gd == null) {
                    errors.add(String.format("%-6s FP  %-22s -> %d %s (%s %s)", d.id(), m.literal(), m.place().geonameId(),
                            m.place().name(), m.place().featureCode(), m.place().countryCode()));
                    continue;
                }
                s.tp++;
                all.tp++;
                Place gp = g.byId(gd.id());
                double km = gd.id() == m.place().geonameId() ? 0
                        : Geo.distanceKm(gp.lat(), gp.lon(), m.place().lat(), m.place().lon());
                s.km.add(km);
                all.km.add(km);
                if (gd.id() == m.place().geonameId() || km <= 161) {
                    s.resolved++;
                    all.resolved++;
                } else {
                    errors.add(String.format("%-6s BAD %-22s -> %d %s (%s %s), gold %d %s (%s %s), %.0f km", d.id(),
                            m.literal(), m.place().geonameId(), m.place().name(), m.place().featureCode(),
                            m.place().countryCode(), gd.id(), gp.name(), gp.featureCode(), gp.countryCode(), km));
                }
            }
            for (Gold gd : d.gold()) {
                if (!predBySpan.containsKey(gd.start() + ":" + gd.end())) {
                    errors.add(String.format("%-6s FN  %-22s (gold %d %s)", d.id(), gd.literal(), gd.id(),
                            g.byId(gd.id()).name()));
                }
            }
        }
        System.out.println("[eval] geotagging, labeled wire copy (exact spans; resolution correct within 161 km)");
        scores.forEach((lang, s) -> System.out.println("[eval] " + lang + "  " + s));
        System.out.println("[eval] all " + all);
        errors.forEach(e -> System.out.println("[eval]   " + e));
        Map<String, Integer> kinds = new TreeMap<>();
        errors.forEach(e -> kinds.merge(e.substring(7, 10).strip(), 1, Integer::sum));
        System.out.println("[eval] misses by kind (FP tagged not gold, FN gold not tagged, BAD resolved > 161 km): " + kinds);
        assertThat(all.gold).as("gold toponyms").isGreaterThanOrEqualTo(400);
        assertThat(all.f1()).as("tagging F1").isGreaterThanOrEqualTo(0.85);
        assertThat(all.acc()).as("resolution accuracy within 161 km").isGreaterThanOrEqualTo(0.90);
    }
}
