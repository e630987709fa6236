package io.wirehub.dedupe;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The labeled dedupe set: {@code dedupe/stories.jsonl} holds 18 hand-written wire stories in
 * French, English and Vietnamese, in groups that share places, people and vocabulary on the same
 * day (two Taliban stories in French and two in English, two Hanoi weather stories in English and
 * two in Vietnamese, two Vietnam-economy stories...), each with an alternative headline, an
 * alternative (edited) lead and an extra background paragraph written for it.
 *
 * <p>Each story yields the original and six republications, each under a new id from another outlet:
 * <ol>
 *   <li>{@code furniture}: the same text with a dateline and a credit line added (AFP/VNA/CVN);</li>
 *   <li>{@code edited-lead}: the lead rewritten;</li>
 *   <li>{@code reordered}: paragraphs after the lead reordered;</li>
 *   <li>{@code added-cut}: a background paragraph added, the third paragraph cut;</li>
 *   <li>{@code headline}: another headline, the last paragraph cut;</li>
 *   <li>{@code combined}: another headline, the edited lead, a paragraph cut, one added, furniture.</li>
 * </ol>
 * Every pair of items is labeled: same story when both come from one original, else different
 * (a hard negative when the two originals are in the same group).
 */
final class LabeledSet {
    record Story(String id, String lang, String group, Instant date, String source, String headline,
                 String altHeadline, List<String> paragraphs, String altLead, String extra) {
    }

    record Copy(String storyId, String group, String variation, NinjsItem item) {
    }

    static final String[] OUTLETS = {"VNA", "CVN", "VnExpress", "LeCourrier", "Nhandan", "VOV", "Tuoitre"};

    static List<Story> stories() throws IOException {
        List<Story> out = new ArrayList<>();
        try (InputStream in = LabeledSet.class.getResourceAsStream("/dedupe/stories.jsonl");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = NinjsJson.MAPPER.readTree(line);
                List<String> ps = new ArrayList<>();
                n.get("paragraphs").forEach(p -> ps.add(p.asText()));
                out.add(new Story(n.get("id").asText(), n.get("lang").asText(), n.get("group").asText(),
                        Instant.parse(n.get("date").asText()), n.get("source").asText(), n.get("headline").asText(),
                        n.get("altHeadline").asText(), ps, n.get("altLead").asText(), n.get("extra").asText()));
            }
        }
        return out;
    }

    /** All copies, in publication order. */
    static List<Copy> copies() throws IOException {
        List<Copy> out = new ArrayList<>();
        for (Story s : stories()) {
            List<String> p = s.paragraphs;
            // Republished by outlets other than the original agency (an agency re-sending its own text
            // under a new guid is the guid-churn fault, tested on its own).
            String[] o = java.util.Arrays.stream(OUTLETS).filter(x -> !x.equalsIgnoreCase(s.source)).toArray(String[]::new);
            out.add(copy(s, "original", s.source, 0, s.headline, p));
            out.add(copy(s, "furniture", o[0], 1, s.headline, furnish(s, p)));
            out.add(copy(s, "edited-lead", o[1], 2, s.headline, with(p, 0, s.altLead)));
            out.add(copy(s, "reordered", o[2], 3, s.headline, List.of(p.get(0), p.get(3), p.get(1), p.get(2))));
            out.add(copy(s, "added-cut", o[3], 4, s.headline, List.of(p.get(0), p.get(1), p.get(3), s.extra)));
            out.add(copy(s, "headline", o[4], 5, s.altHeadline, p.subList(0, 3)));
            List<String> combined = new ArrayList<>(List.of(s.altLead, p.get(1), p.get(2), s.extra));
            out.add(copy(s, "combined", o[5], 6, s.altHeadline, furnish(s, combined)));
        }
        out.sort((a, b) -> a.item.firstCreated.compareTo(b.item.firstCreated));
        return out;
    }

    private static List<String> with(List<String> p, int i, String v) {
        List<String> c = new ArrayList<>(p);
        c.set(i, v);
        return c;
    }

    /** Dateline on the lead and the credit chain as the last line, as republished wire copy looks. */
    private static List<String> furnish(Story s, List<String> p) {
        List<String> c = new ArrayList<>(p);
        String place = switch (s.group) {
            case "taliban" -> s.lang.equals("fr") ? "KABOUL" : "KABUL";
            case "france-social" -> "PARIS";
            default -> s.lang.equals("vi") ? "HÀ NỘI" : "HANOI";
        };
        c.set(0, place + " (" + s.source + ") - " + c.get(0));
        c.add(s.source + "/VNA/CVN");
        return c;
    }

    private static Copy copy(Story s, String variation, String outlet, int hours, String headline, List<String> paragraphs) {
        NinjsItem item = new NinjsItem();
        String guid = outlet.toLowerCase(Locale.ROOT) + "-" + s.id + "-" + variation;
        item.uri = "urn:test:" + guid;
        item.type = "text";
        item.version = "1";
        item.language = s.lang;
        item.firstCreated = s.date.plus(hours, ChronoUnit.HOURS).toString();
        item.versionCreated = item.firstCreated;
        item.headlines.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", headline));
        item.bodies.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", String.join("\n", paragraphs)));
        NinjsItem.Concept src = new NinjsItem.Concept(variation.equals("original") ? s.source : outlet, null, null);
        src.role = "source";
        item.infoSources.add(src);
        item.setAltId("guid", guid);
        item.setAltId("feed", (variation.equals("original") ? s.source : outlet).toLowerCase(Locale.ROOT));
        return new Copy(s.id, s.group, variation, item);
    }

    private LabeledSet() {
    }
}
