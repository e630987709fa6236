package io.wirehub.normalize;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * IPTC ninjs 1.x, 2.x and 3.x as input (one item, or an array of items), normalized to 3.1.
 *
 * <p>Upgrade: 1.x/2.x lower-case names become 3.x camelCase ({@code versioncreated},
 * {@code pubstatus}, {@code byline} to {@code by}, {@code subject} to {@code subjects}...); 1.x
 * {@code headline}, {@code body_text}/{@code body_html}/{@code body_xhtml} and
 * {@code description_*} become the headlines/bodies/descriptions arrays; renditions and
 * associations given as objects keyed by name become arrays with that name; {@code scheme}+
 * {@code code} concepts get a {@code uri} and {@code literal}. Dates are normalized to UTC, HTML
 * bodies are sanitized, and properties ninjs 3.1 does not define are dropped with a warning (so the
 * output validates).
 *
 * <p>Input checks: the document must be JSON objects with an absolute {@code uri} and properties of
 * the types ninjs defines (enums, urgency 1-9, date-times); a document that fails them is refused
 * with the property at fault. When the system property or environment variable
 * {@code wirehub.ninjs.schema} / {@code WIREHUB_NINJS_SCHEMA} names the ninjs 3.1 JSON Schema file,
 * every upgraded item is also validated against it.
 */
public final class NinjsParser implements FormatParser {
    /** Top-level properties of ninjs 3.1 (ninjsType). */
    static final Set<String> ITEM_PROPS = Set.of("uri", "type", "representationType", "profile", "version", "firstCreated",
            "versionCreated", "contentCreated", "embargoedUntil", "pubStatus", "urgency", "copyrightHolder", "copyrightNotice",
            "usageTerms", "edNote", "language", "descriptions", "bodies", "headlines", "people", "organisations", "places",
            "subjects", "events", "eventDetails", "plannedCoverage", "objects", "infoSources", "title", "by", "slugline",
            "located", "renditions", "associations", "altIds", "trustIndicators", "standard", "genres", "expires", "rightsInfo",
            "digitalSourceType");
    private static final Map<String, Set<String>> NESTED = Map.ofEntries(
            Map.entry("headlines", Set.of("role", "contentType", "value")),
            Map.entry("descriptions", Set.of("role", "contentType", "value")),
            Map.entry("bodies", Set.of("role", "contentType", "charCount", "wordCount", "value")),
            Map.entry("subjects", Set.of("name", "rel", "uri", "literal", "creator", "relevance", "confidence")),
            Map.entry("places", Set.of("name", "rel", "uri", "literal", "contactInfo", "geoJSON")),
            Map.entry("infoSources", Set.of("name", "role", "uri", "literal", "contactInfo")),
            Map.entry("genres", Set.of("name", "uri", "literal")),
            Map.entry("people", Set.of("name", "rel", "uri", "literal", "contactInfo")),
            Map.entry("organisations", Set.of("name", "rel", "uri", "literal", "symbols", "contactInfo")),
            Map.entry("events", Set.of("id", "name", "rel", "uri", "literal")),
            Map.entry("objects", Set.of("name", "rel", "uri", "literal")),
            Map.entry("altIds", Set.of("role", "value")),
            Map.entry("trustIndicators", Set.of("role", "title", "href")),
            Map.entry("renditions", Set.of("name", "href", "contentType", "title", "width", "height", "sizeInBytes", "duration",
                    "format", "aspectRatio", "videoCodec", "frameRate", "poi", "transportProtocol", "scanType", "bitrate")));
    /** 1.x/2.x names (lower case) to 3.x names. */
    private static final Map<String, String> RENAME = Map.ofEntries(
            Map.entry("versioncreated", "versionCreated"), Map.entry("firstcreated", "firstCreated"),
            Map.entry("contentcreated", "contentCreated"), Map.entry("embargoed", "embargoedUntil"),
            Map.entry("embargoeduntil", "embargoedUntil"), Map.entry("pubstatus", "pubStatus"),
            Map.entry("copyrightholder", "copyrightHolder"), Map.entry("copyrightnotice", "copyrightNotice"),
            Map.entry("usageterms", "usageTerms"), Map.entry("ednote", "edNote"),
            Map.entry("representationtype", "representationType"), Map.entry("byline", "by"),
            Map.entry("altids", "altIds"), Map.entry("infosources", "infoSources"), Map.entry("infosource", "infoSources"),
            Map.entry("genre", "genres"), Map.entry("subject", "subjects"), Map.entry("place", "places"),
            Map.entry("person", "people"), Map.entry("organisation", "organisations"), Map.entry("organization", "organisations"),
            Map.entry("organizations", "organisations"), Map.entry("event", "events"), Map.entry("object", "objects"),
            Map.entry("trustindicator", "trustIndicators"), Map.entry("trustindicators", "trustIndicators"),
            Map.entry("rightsinfo", "rightsInfo"), Map.entry("digitalsourcetype", "digitalSourceType"),
            Map.entry("eventdetails", "eventDetails"), Map.entry("plannedcoverage", "plannedCoverage"),
            Map.entry("contenttype", "contentType"), Map.entry("mimetype", "contentType"), Map.entry("charcount", "charCount"),
            Map.entry("wordcount", "wordCount"), Map.entry("sizeinbytes", "sizeInBytes"), Map.entry("aspectratio", "aspectRatio"),
            Map.entry("videocodec", "videoCodec"), Map.entry("framerate", "frameRate"),
            Map.entry("geometry_geojson", "geoJSON"), Map.entry("geojson", "geoJSON"));
    private static final Set<String> DATES = Set.of("firstCreated", "versionCreated", "contentCreated", "embargoedUntil", "expires");
    private static final Set<String> TYPES = Set.of("text", "audio", "video", "picture", "graphic", "composite", "component", "event", "planning");
    private static final Set<String> STATUSES = Set.of("usable", "withheld", "canceled");

    @Override
    public Set<String> formats() {
        return Set.of(FormatDetector.NINJS);
    }

    @Override
    public ItemReader open(SourceDocument doc, String format) throws ParseException {
        String label = "ninjs document " + doc.name();
        byte[] bytes = AgencyXml.readCapped(doc, label);
        JsonNode root;
        try {
            root = NinjsJson.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new ParseException(label + " is not valid JSON" + (l == null ? "" : " (line " + l.getLineNr() + ", column "
                    + l.getColumnNr() + ")") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ParseException(label + " cannot be read: " + e.getMessage(), e);
        }
        List<String> warnings = new ArrayList<>();
        List<NinjsItem> items = new ArrayList<>();
        NinjsValidator validator = configuredValidator();
        if (root != null && root.isArray()) {
            int i = 0;
            for (JsonNode n : root) {
                i++;
                try {
                    items.add(item(n, label + " item " + i, warnings, validator));
                } catch (ParseException e) {
                    // one bad item of a collection does not lose the others
                    warnings.add(e.getMessage() + "; item skipped");
                }
            }
            if (items.isEmpty()) {
                throw new ParseException(label + " holds no valid ninjs item" + (warnings.isEmpty() ? "" : ": " + warnings.get(0)));
            }
        } else {
            items.add(item(root, label, warnings, validator));
        }
        return ItemReader.of(items, warnings);
    }

    private static NinjsItem item(JsonNode n, String label, List<String> warnings, NinjsValidator validator) throws ParseException {
        if (n == null || !n.isObject()) {
            throw new ParseException(label + " is not a ninjs object (found " + (n == null ? "nothing" : n.getNodeType().toString().toLowerCase(Locale.ROOT)) + ")");
        }
        ObjectNode up = upgrade((ObjectNode) n.deepCopy(), label, warnings, true);
        check(up, label, true);
        if (validator != null) {
            List<String> errors = validator.errors(up);
            if (!errors.isEmpty()) {
                throw new ParseException(label + " fails the ninjs 3.1 schema: " + String.join("; ", errors));
            }
        }
        NinjsItem item;
        try {
            item = NinjsJson.MAPPER.treeToValue(up, NinjsItem.class);
        } catch (JsonProcessingException e) {
            throw new ParseException(label + " fails the ninjs schema: " + e.getOriginalMessage(), e);
        }
        for (NinjsItem.Text b : item.bodies) {
            if ("text/html".equals(b.contentType) || "application/xhtml+xml".equals(b.contentType)) {
                b.value = Html.sanitize(b.value, null);
                b.contentType = "text/html";
            }
        }
        item.bodies.removeIf(b -> b.value == null);
        return item;
    }

    private static NinjsValidator configuredValidator() {
        String p = System.getProperty("wirehub.ninjs.schema", System.getenv("WIREHUB_NINJS_SCHEMA"));
        if (p == null || p.isBlank() || !Files.isRegularFile(Path.of(p))) {
            return null;
        }
        return new NinjsValidator(Path.of(p));
    }

    /** The object in ninjs 3.x shape, whatever major version it was written in. */
    static ObjectNode upgrade(ObjectNode in, String label, List<String> warnings, boolean top) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        // 1.x single-valued texts become arrays
        for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            switch (key) {
                case "headline" -> addText(out, "headlines", "main", null, v);
                case "body_text" -> addText(out, "bodies", "main", "text/plain", v);
                case "body_html", "body_xhtml" -> addText(out, "bodies", "main", "text/html", v);
                case "description_text" -> addText(out, "descriptions", "summary", "text/plain", v);
                case "description_html", "description_xhtml" -> addText(out, "descriptions", "summary", "text/html", v);
                default -> {
                    String k = RENAME.getOrDefault(key.toLowerCase(Locale.ROOT).equals(key) ? key : "", key);
                    if (out.has(k) && out.get(k).isArray() && v.isArray()) {
                        ((ArrayNode) out.get(k)).addAll((ArrayNode) v);
                    } else {
                        out.set(k, v);
                    }
                }
            }
        }
        if (!top) {
            return out;
        }
        out.remove("standard");
        for (String k : List.of("renditions", "associations")) {
            JsonNode v = out.get(k);
            if (v != null && v.isObject()) {
                // 1.x: {"thumbnail": {...}} keyed by name
                ArrayNode arr = JsonNodeFactory.instance.arrayNode();
                v.fields().forEachRemaining(f -> {
                    if (f.getValue().isObject()) {
                        ObjectNode o = ((ObjectNode) f.getValue()).deepCopy();
                        if (!o.has("name")) {
                            o.put("name", f.getKey());
                        }
                        arr.add(o);
                    }
                });
                out.set(k, arr);
            }
        }
        JsonNode assocs = out.get("associations");
        if (assocs != null && assocs.isArray()) {
            ArrayNode arr = JsonNodeFactory.instance.arrayNode();
            for (JsonNode a : assocs) {
                if (a.isObject()) {
                    ObjectNode ua = upgrade((ObjectNode) a, label + " association", warnings, true);
                    if (a.has("name")) {
                        ua.set("name", a.get("name"));
                    }
                    if (a.has("rel")) {
                        ua.set("rel", a.get("rel"));
                    }
                    arr.add(ua);
                }
            }
            out.set("associations", arr);
        }
        for (Map.Entry<String, Set<String>> e : NESTED.entrySet()) {
            JsonNode v = out.get(e.getKey());
            if (v == null) {
                continue;
            }
            if (v.isObject()) {
                out.set(e.getKey(), JsonNodeFactory.instance.arrayNode().add(v));
                v = out.get(e.getKey());
            }
            if (!v.isArray()) {
                continue;
            }
            ArrayNode arr = JsonNodeFactory.instance.arrayNode();
            for (JsonNode el : v) {
                if (!el.isObject()) {
                    arr.add(el);
                    continue;
                }
                ObjectNode o = upgrade((ObjectNode) el, label, warnings, false);
                conceptFromSchemeCode(o, e.getKey());
                if ("altIds".equals(e.getKey()) && !o.has("role") && o.has("name")) {
                    o.set("role", o.get("name"));
                }
                dropUnknown(o, e.getValue(), label + " " + e.getKey(), warnings);
                arr.add(o);
            }
            out.set(e.getKey(), arr);
        }
        renameDraftDates(out.get("eventDetails"));
        JsonNode coverage = out.get("plannedCoverage");
        if (coverage != null && coverage.isArray()) {
            coverage.forEach(NinjsParser::renameDraftDates);
        }
        for (String d : DATES) {
            JsonNode v = out.get(d);
            if (v != null && v.isTextual()) {
                String utc = Dates.toUtc(v.asText());
                if (utc != null) {
                    out.put(d, utc);
                }
            }
        }
        boolean assoc = label.endsWith(" association");
        Set<String> allowed = assoc ? union(ITEM_PROPS, Set.of("name", "rel")) : ITEM_PROPS;
        dropUnknown(out, allowed, label, warnings);
        return out;
    }

    /**
     * Draft ninjs 3 examples (IPTC's own event timeline sample) write estimatedStartDate and
     * estimatedEndDate where the published 3.0/3.1 schemas say expectedStartDate/expectedEndDate.
     */
    private static void renameDraftDates(JsonNode holder) {
        JsonNode dates = holder == null ? null : holder.get("dates");
        if (dates instanceof ObjectNode o) {
            for (String[] r : new String[][]{{"estimatedStartDate", "expectedStartDate"}, {"estimatedEndDate", "expectedEndDate"}}) {
                if (o.has(r[0]) && !o.has(r[1])) {
                    o.set(r[1], o.remove(r[0]));
                }
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return s;
    }

    private static void addText(ObjectNode out, String array, String role, String contentType, JsonNode value) {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            return;
        }
        ArrayNode arr = out.has(array) && out.get(array).isArray() ? (ArrayNode) out.get(array) : out.putArray(array);
        ObjectNode t = arr.addObject();
        t.put("role", role);
        if (contentType != null) {
            t.put("contentType", contentType);
        }
        t.put("value", value.asText());
    }

    /** 1.x concepts: {"scheme": "http://cv.iptc.org/newscodes/subjectcode/", "code": "15000000"}. */
    private static void conceptFromSchemeCode(ObjectNode o, String kind) {
        JsonNode code = o.remove("code");
        JsonNode scheme = o.remove("scheme");
        if (code == null || !code.isTextual()) {
            return;
        }
        if (!o.has("literal")) {
            o.put("literal", code.asText());
        }
        if (!o.has("uri") && scheme != null && scheme.isTextual()) {
            String s = scheme.asText();
            String uri = s.endsWith("/") || s.endsWith(":") || s.endsWith("#") ? s + code.asText() : s + "/" + code.asText();
            if (ItemIds.isAbsoluteUri(uri)) {
                o.put("uri", uri);
            }
        }
    }

    private static void dropUnknown(ObjectNode o, Set<String> allowed, String where, List<String> warnings) {
        List<String> dropped = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                dropped.add(k);
            }
        }
        for (String k : dropped) {
            o.remove(k);
        }
        if (!dropped.isEmpty()) {
            String w = where + ": dropped properties ninjs 3.1 does not define: " + String.join(", ", dropped);
            if (!warnings.contains(w)) {
                warnings.add(w);
            }
        }
    }

    /** The ninjs constraints wirehub relies on, checked on the upgraded object. */
    private static void check(ObjectNode o, String label, boolean requireUri) throws ParseException {
        JsonNode uri = o.get("uri");
        if (requireUri && (uri == null || !uri.isTextual() || !ItemIds.isAbsoluteUri(uri.asText()))) {
            throw new ParseException(label + " fails the ninjs schema: " + (uri == null ? "it has no uri (required)"
                    : "uri " + uri + " is not an absolute URI"));
        }
        JsonNode type = o.get("type");
        if (type != null && !(type.isTextual() && TYPES.contains(type.asText()))) {
            throw new ParseException(label + " fails the ninjs schema: type " + type + " is not one of " + TYPES);
        }
        JsonNode status = o.get("pubStatus");
        if (status != null && !(status.isTextual() && STATUSES.contains(status.asText()))) {
            throw new ParseException(label + " fails the ninjs schema: pubStatus " + status + " is not one of " + STATUSES);
        }
        JsonNode urgency = o.get("urgency");
        if (urgency != null && !(urgency.isInt() && urgency.asInt() >= 1 && urgency.asInt() <= 9)) {
            throw new ParseException(label + " fails the ninjs schema: urgency " + urgency + " is not an integer from 1 to 9");
        }
        for (String d : DATES) {
            JsonNode v = o.get(d);
            if (v != null && (!v.isTextual() || Dates.parse(v.asText()) == null)) {
                throw new ParseException(label + " fails the ninjs schema: " + d + " " + v + " is not a date-time");
            }
        }
        for (String t : List.of("headlines", "bodies", "descriptions")) {
            JsonNode arr = o.get(t);
            if (arr == null) {
                continue;
            }
            if (!arr.isArray()) {
                throw new ParseException(label + " fails the ninjs schema: " + t + " must be an array of objects");
            }
            for (JsonNode el : arr) {
                if (!el.isObject() || el.get("value") == null || !el.get("value").isTextual()) {
                    throw new ParseException(label + " fails the ninjs schema: every entry of " + t + " needs a string value");
                }
            }
        }
        for (String t : List.of("subjects", "genres", "places", "infoSources", "altIds", "renditions", "people", "organisations")) {
            JsonNode arr = o.get(t);
            if (arr != null && (!arr.isArray() || !allObjects(arr))) {
                throw new ParseException(label + " fails the ninjs schema: " + t + " must be an array of objects");
            }
        }
        JsonNode rend = o.get("renditions");
        if (rend != null) {
            for (JsonNode r : rend) {
                if (!r.hasNonNull("name")) {
                    throw new ParseException(label + " fails the ninjs schema: a rendition has no name (required)");
                }
            }
        }
        JsonNode assocs = o.get("associations");
        if (assocs != null) {
            if (!assocs.isArray() || !allObjects(assocs)) {
                throw new ParseException(label + " fails the ninjs schema: associations must be an array of objects");
            }
            for (JsonNode a : assocs) {
                if (!a.hasNonNull("name")) {
                    throw new ParseException(label + " fails the ninjs schema: an association has no name (required)");
                }
                check((ObjectNode) a, label + " association " + a.get("name"), true);
            }
        }
    }

    private static boolean allObjects(JsonNode arr) {
        for (JsonNode el : arr) {
            if (!el.isObject()) {
                return false;
            }
        }
        return true;
    }
}
