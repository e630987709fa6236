package io.wirehub.gazetteer;

import io.wirehub.gazetteer.Geotagger.Kind;
import io.wirehub.gazetteer.Geotagger.Mention;
import io.wirehub.testing.Shared;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GeoVirus (Gritta et al. 2019; 229 WikiNews texts, 2,167 toponyms), scored the way the field scores
 * it (see ../shared/corpora/README.md): a predicted place counts for tagging when its span overlaps a
 * gold span (precision, recall, F1); for each matched span, the great-circle distance between the
 * predicted point and the gold point (Wikipedia's) gives accuracy within 161 km and the AUC of the log
 * error (lower is better). Prints the figures and the misses by kind. A development set only: the
 * rules are not tuned to its cases. Skipped when ../shared is absent.
 */
class GeoVirusEvalTest {
    record Gold(int start, int end, String name, double lat, double lon) {
    }

    record Doc(String text, List<Gold> gold) {
    }

    static List<Doc> docs(Path xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document d = f.newDocumentBuilder().parse(xml.toFile());
        List<Doc> docs = new ArrayList<>();
        NodeList arts = d.getElementsByTagName("article");
        for (int i = 0; i < arts.getLength(); i++) {
            Element a = (Element) arts.item(i);
            String text = a.getElementsByTagName("text").item(0).getTextContent();
            List<Gold> gold = new ArrayList<>();
            NodeList locs = a.getElementsByTagName("location");
            for (int k = 0; k < locs.getLength(); k++) {
                Element l = (Element) locs.item(k);
                gold.add(new Gold(Integer.parseInt(child(l, "start")), Integer.parseInt(child(l, "end")),
                        child(l, "name"), Double.parseDouble(child(l, "lat")), Double.parseDouble(child(l, "lon"))));
            }
            docs.add(new Doc(text, gold));
        }
        return docs;
    }

    private static String child(Element e, String name) {
        return e.getElementsByTagName(name).item(0).getTextContent().strip();
    }

    /** Tagging and resolution figures of one evaluation. */
    static final class Figures {
        int gold;
        int pred;
        int tp;
        final List<Double> errors = new ArrayList<>();

        double p() {
            return pred == 0 ? 0 : (double) tp / pred;
        }

        double r() {
            return gold == 0 ? 0 : (double) tp / gold;
        }

        double f1() {
            return p() + r() == 0 ? 0 : 2 * p() * r() / (p() + r());
        }

        double acc161() {
            return errors.isEmpty() ? 0 : errors.stream().filter(e -> e <= 161).count() / (double) errors.size();
        }

        /**
         * Area under the curve of the sorted log errors, scaled to [0, 1] by the log of half the
         * Earth's circumference (Gritta et al. 2018/2019): 0 is perfect.
         */
        double auc() {
            if (errors.size() < 2) {
                return 0;
            }
            double[] e = errors.stream().mapToDouble(x -> Math.log(x + 1)).sorted().toArray();
            double area = 0;
            for (int i = 1; i < e.length; i++) {
                area += (e[i - 1] + e[i]) / 2;
            }
            return area / (e.length - 1) / Math.log(20039);
        }

        @Override
        public String toString() {
            return String.format("gold %d  predicted %d  P %.3f  R %.3f  F1 %.3f  acc@161km %.3f  AUC %.3f  (%d resolved)",
                    gold, pred, p(), r(), f1(), acc161(), auc(), errors.size());
        }
    }

    @Test
    void geoVirusTaggingAndResolution() throws Exception {
        Path xml = Shared.require("corpora/geo/GeoVirus.xml");
        Geotagger tagger = Geotagger.bundled();
        Gazetteer g = tagger.gazetteer();
        Figures all = new Figures();
        Map<String, List<String>> misses = new TreeMap<>();
        for (Doc d : docs(xml)) {
            all.gold += d.gold().size();
            boolean[] goldHit = new boolean[d.gold().size()];
            for (Mention m : tagger.tag(d.text(), "en")) {
                if (m.kind() != Kind.PLACE) {
                    continue;
                }
                all.pred++;
                int hit = -1;
                for (int k = 0; k < d.gold().size(); k++) {
                    Gold gd = d.gold().get(k);
                    if (!goldHit[k] && m.start() < gd.end() && gd.start() < m.end()) {
                        hit = k;
                        break;
                    }
                }
                Place p = m.place();
                if (hit < 0) {
                    misses.computeIfAbsent("FP  tagged, not gold", k -> new ArrayList<>())
                            .add(String.format("%-22s -> %s (%s %s)", m.literal(), p.name(), p.featureCode(), p.countryCode()));
                    continue;
                }
                goldHit[hit] = true;
                all.tp++;
                Gold gd = d.gold().get(hit);
                double km = Geo.distanceKm(gd.lat(), gd.lon(), p.lat(), p.lon());
                all.errors.add(km);
                if (km > 161) {
                    String kind = p.isCountry() ? "BAD country point or wrong country"
                            : p.isAdmin1() ? "BAD division point or wrong division"
                            : p.isContinent() ? "BAD continent point"
                            : p.featureClass() == 'A' ? "BAD second-level division point or reading"
                            : "BAD populated place (namesake or area read as a town)";
                    misses.computeIfAbsent(kind, k -> new ArrayList<>()).add(String.format(
                            "%-22s -> %d %s (%s %s), %.0f km from gold", m.literal(), p.geonameId(), p.name(),
                            p.featureCode(), p.countryCode(), km));
                }
            }
            for (int k = 0; k < d.gold().size(); k++) {
                if (!goldHit[k]) {
                    Gold gd = d.gold().get(k);
                    String literal = gd.name();
                    String kind = g.search(literal).isEmpty() ? "FN  name not in the gazetteer" : "FN  name known, not tagged";
                    misses.computeIfAbsent(kind, x -> new ArrayList<>()).add(literal);
                }
            }
        }
        System.out.println("[geovirus] GeoVirus (WikiNews, English): overlapping spans; resolution against the gold point");
        System.out.println("[geovirus] " + all);
        misses.forEach((kind, list) -> {
            System.out.println("[geovirus] " + kind + ": " + list.size());
            Map<String, Integer> counts = new TreeMap<>();
            list.forEach(s -> counts.merge(s, 1, Integer::sum));
            counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(Integer.getInteger("geovirus.misses", 40))
                    .forEach(e -> System.out.println("[geovirus]     " + e.getValue() + "x " + e.getKey()));
        });
        assertThat(all.gold).as("GeoVirus gold toponyms").isGreaterThan(2000);
        assertThat(all.f1()).as("GeoVirus tagging F1").isGreaterThanOrEqualTo(0.90);
        assertThat(all.acc161()).as("GeoVirus accuracy within 161 km").isGreaterThanOrEqualTo(0.75);
    }
}
