package io.wirehub.gazetteer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The tab-separated tables bundled under {@code gazetteer/} (comments start with '#'). */
final class Tsv {
    private Tsv() {
    }

    /** The rows of {@code gazetteer/<name>}, blank and comment lines left out; a missing table is a packaging error. */
    static List<String[]> rows(String name) {
        try (InputStream in = Tsv.class.getResourceAsStream("/gazetteer/" + name)) {
            if (in == null) {
                throw new IllegalStateException("gazetteer/" + name + " missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String[]> out = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split("\t"));
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("gazetteer/" + name + " unreadable: " + e.getMessage(), e);
        }
    }
}
