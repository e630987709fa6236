package io.wirehub.normalize;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * IPTC qcodes ({@code medtop:04000000}) turned into concept URIs
 * ({@code http://cv.iptc.org/newscodes/mediatopic/04000000}) where the scheme alias is known: the
 * aliases of the IPTC standard catalog, plus any {@code <catalog><scheme alias uri>} the document
 * declares inline. Remote catalogs ({@code catalogRef}) are never fetched: the hub makes no network
 * call while parsing.
 */
final class Qcodes {
    private static final Map<String, String> IPTC = Map.ofEntries(
            Map.entry("medtop", "http://cv.iptc.org/newscodes/mediatopic/"),
            Map.entry("subj", "http://cv.iptc.org/newscodes/subjectcode/"),
            Map.entry("genre", "http://cv.iptc.org/newscodes/genre/"),
            Map.entry("ninat", "http://cv.iptc.org/newscodes/ninature/"),
            Map.entry("stat", "http://cv.iptc.org/newscodes/pubstatusg2/"),
            Map.entry("cpnat", "http://cv.iptc.org/newscodes/cpnature/"),
            Map.entry("drol", "http://cv.iptc.org/newscodes/descriptionrole/"),
            Map.entry("crol", "http://cv.iptc.org/newscodes/creatorrole/"),
            Map.entry("rnd", "http://cv.iptc.org/newscodes/rendition/"),
            Map.entry("scene", "http://cv.iptc.org/newscodes/scene/"),
            Map.entry("prodcode", "http://cv.iptc.org/newscodes/productcode/"),
            Map.entry("digsrctype", "http://cv.iptc.org/newscodes/digitalsourcetype/"),
            Map.entry("irel", "http://cv.iptc.org/newscodes/itemrelation/"));

    private final Map<String, String> schemes = new HashMap<>(IPTC);

    /** Adds a scheme declared inline in the document. */
    void declare(String alias, String uri) {
        if (alias != null && uri != null && ItemIds.isAbsoluteUri(uri)) {
            schemes.put(alias.toLowerCase(Locale.ROOT), uri);
        }
    }

    /**
     * True when a subject's authority (NITF {@code tobject.subject.ipr}, NewsML 1.2 {@code Scheme} or
     * {@code Vocabulary}) is IPTC's, or absent where the format makes IPTC the default. Only then
     * is a code an IPTC subject code: an agency's own codes (EFE's {@code F01001000}) must never be
     * given an IPTC URI, which would name some other topic or none.
     */
    static boolean isIptcAuthority(String authority) {
        String a = Text.trimToNull(authority);
        return a == null || a.toLowerCase(Locale.ROOT).contains("iptc");
    }

    /** The concept URI of a qcode, or null when its scheme is not known. */
    String uri(String qcode) {
        if (qcode == null) {
            return null;
        }
        int i = qcode.indexOf(':');
        if (i <= 0 || i == qcode.length() - 1) {
            return null;
        }
        String base = schemes.get(qcode.substring(0, i).toLowerCase(Locale.ROOT));
        if (base == null) {
            return null;
        }
        String uri = base + qcode.substring(i + 1).strip();
        return ItemIds.isAbsoluteUri(uri) ? uri : null;
    }
}
