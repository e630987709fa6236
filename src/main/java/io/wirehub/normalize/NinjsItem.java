package io.wirehub.normalize;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The canonical item: an IPTC ninjs 3.1 news object. Every stage after normalize reads and writes
 * this shape, and every item the hub emits validates against ninjs-schema_3.1.json.
 *
 * <p>The common properties are typed; any other valid ninjs property (people, organisations,
 * events...) read from a ninjs input is kept in {@link #extra()} so that it is re-emitted intact.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"uri", "type", "version", "firstCreated", "versionCreated", "contentCreated", "embargoedUntil",
        "pubStatus", "urgency", "language", "headlines", "slugline", "by", "located", "descriptions", "bodies",
        "subjects", "genres", "places", "infoSources", "copyrightHolder", "copyrightNotice", "usageTerms", "edNote",
        "altIds", "renditions", "associations"})
public class NinjsItem {
    /** Role of the main headline and main body, as DESIGN.md maps them. */
    public static final String ROLE_MAIN = "main";

    public String uri;
    public String type;
    public String version;
    public String firstCreated;
    public String versionCreated;
    public String contentCreated;
    public String embargoedUntil;
    public String pubStatus;
    public Integer urgency;
    public String language;
    public List<Text> headlines = new ArrayList<>();
    public String slugline;
    public String by;
    public String located;
    public List<Text> descriptions = new ArrayList<>();
    public List<Text> bodies = new ArrayList<>();
    public List<Concept> subjects = new ArrayList<>();
    public List<Concept> genres = new ArrayList<>();
    public List<Place> places = new ArrayList<>();
    public List<Concept> infoSources = new ArrayList<>();
    public String copyrightHolder;
    public String copyrightNotice;
    public String usageTerms;
    public String edNote;
    public List<AltId> altIds = new ArrayList<>();
    public List<Rendition> renditions = new ArrayList<>();
    public List<Association> associations = new ArrayList<>();

    private final Map<String, Object> extra = new LinkedHashMap<>();

    /** Other ninjs properties carried through unchanged. */
    @JsonAnyGetter
    public Map<String, Object> extra() {
        return extra;
    }

    @JsonAnySetter
    public void putExtra(String name, Object value) {
        extra.put(name, value);
    }

    /** The main headline (role main, else the first), or null. */
    public String headline() {
        return firstValue(headlines);
    }

    /** The plain-text main body, or null. */
    public String bodyText() {
        for (Text b : bodies) {
            if ("text/plain".equals(b.contentType)) {
                return b.value;
            }
        }
        return null;
    }

    /** The sanitized HTML body, or null. */
    public String bodyHtml() {
        for (Text b : bodies) {
            if ("text/html".equals(b.contentType)) {
                return b.value;
            }
        }
        return null;
    }

    /** The value of the first alt id with this role, or null. */
    public String altId(String role) {
        for (AltId a : altIds) {
            if (role.equals(a.role)) {
                return a.value;
            }
        }
        return null;
    }

    /** Sets (replaces) the alt id with this role. */
    public void setAltId(String role, String value) {
        altIds.removeIf(a -> role.equals(a.role));
        if (value != null) {
            altIds.add(new AltId(role, value));
        }
    }

    /** The href of the "web" rendition: the item's page on the publisher's site, or null. */
    public String webUrl() {
        for (Rendition r : renditions) {
            if ("web".equals(r.name)) {
                return r.href;
            }
        }
        return null;
    }

    private static String firstValue(List<Text> texts) {
        for (Text t : texts) {
            if (ROLE_MAIN.equals(t.role)) {
                return t.value;
            }
        }
        return texts.isEmpty() ? null : texts.get(0).value;
    }

    /**
     * Properties a nested ninjs object may carry beyond the ones modeled here (read from ninjs input),
     * kept so they are written back unchanged.
     */
    public abstract static class Extensible {
        private final Map<String, Object> extra = new LinkedHashMap<>();

        /** Other properties carried through unchanged. */
        @JsonAnyGetter
        public Map<String, Object> extra() {
            return extra;
        }

        @JsonAnySetter
        public void putExtra(String name, Object value) {
            extra.put(name, value);
        }
    }

    /** A headline, description or body. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"role", "contentType", "value"})
    public static class Text {
        public String role;
        public String contentType;
        public Integer charCount;
        public Integer wordCount;
        public String value;

        public Text() {
        }

        public Text(String role, String contentType, String value) {
            this.role = role;
            this.contentType = contentType;
            this.value = value;
        }
    }

    /** A subject, genre or info source: ninjs uses the same name/uri/literal shape for all three. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "role", "rel", "uri", "literal"})
    public static class Concept extends Extensible {
        public String name;
        /** Used by infoSources only. */
        public String role;
        /** Used by subjects only. */
        public String rel;
        public String uri;
        public String literal;
        public String creator;
        public Integer relevance;
        public Integer confidence;


        public Concept() {
        }

        public Concept(String name, String uri, String literal) {
            this.name = name;
            this.uri = uri;
            this.literal = literal;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Concept c && Objects.equals(name, c.name) && Objects.equals(uri, c.uri)
                    && Objects.equals(literal, c.literal) && Objects.equals(role, c.role) && Objects.equals(rel, c.rel);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, uri, literal, role, rel);
        }
    }

    /** A place, resolved to GeoNames by the enrich stage. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "rel", "uri", "literal", "geoJSON"})
    public static class Place extends Extensible {
        public String name;
        /** mentioned, dateline, primary (or country for the item's primary country). */
        public String rel;
        /** https://sws.geonames.org/&lt;id&gt;/ */
        public String uri;
        /** The name as written in the copy. */
        public String literal;
        /** A GeoJSON Point: {"type":"Point","coordinates":[lon,lat]}. */
        @JsonProperty("geoJSON")
        public Map<String, Object> geoJSON;

    }

    /** An alternative identifier: guid, feed, story, ... */
    @JsonPropertyOrder({"role", "value"})
    public static class AltId {
        public String role;
        public String value;

        public AltId() {
        }

        public AltId(String role, String value) {
            this.role = role;
            this.value = value;
        }
    }

    /** A rendition: the web page of the item, a picture, a video... */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "href", "contentType", "title"})
    public static class Rendition extends Extensible {
        public String name;
        public String href;
        public String contentType;
        public String title;
        public Integer width;
        public Integer height;
        public Long sizeInBytes;
        public Double duration;
        public String format;


        public Rendition() {
        }

        public Rendition(String name, String href, String contentType) {
            this.name = name;
            this.href = href;
            this.contentType = contentType;
        }
    }

    /** An associated news object (enclosure, picture, related headline); ninjs requires name and uri. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"name", "rel", "uri", "type"})
    public static class Association extends NinjsItem {
        public String name;
        public String rel;
    }
}
