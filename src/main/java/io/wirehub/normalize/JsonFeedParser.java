package io.wirehub.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * JSON Feed 1.0 and 1.1 (jsonfeed.org), read as a stream with Jackson: one item in memory at a time.
 */
public final class JsonFeedParser implements FormatParser {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).maxStringLength(32 * 1024 * 1024).build())
            .build();

    @Override
    public Set<String> formats() {
        return Set.of(FormatDetector.JSONFEED);
    }

    @Override
    public ItemReader open(SourceDocument doc, String format) throws ParseException {
        try {
            JsonParser p = FACTORY.createParser(doc.open());
            p.setCodec(NinjsJson.MAPPER);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ParseException("JSON Feed must be an object");
            }
            Feed feed = new Feed();
            // Feed-level fields up to "items" (the spec puts them first; later ones are ignored).
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("items".equals(name)) {
                    if (t != JsonToken.START_ARRAY) {
                        throw new ParseException("JSON Feed \"items\" must be an array");
                    }
                    return new Items(p, feed, doc);
                }
                JsonNode v = p.readValueAsTree();
                switch (name) {
                    case "language" -> feed.language = v.asText(null);
                    case "home_page_url" -> feed.home = v.asText(null);
                    case "author" -> feed.authors.addAll(authors(v, null));
                    case "authors" -> feed.authors.addAll(authors(null, v));
                    default -> {
                        // title, icon, feed_url...: feed metadata, not item content
                    }
                }
            }
            return ItemReader.of(List.of(), List.of("JSON Feed without items"));
        } catch (IOException e) {
            throw new ParseException("not a readable JSON Feed: " + e.getMessage(), e);
        }
    }

    private static final class Feed {
        String language;
        String home;
        List<String> authors = new ArrayList<>();
    }

    private static final class Items extends LookaheadReader {
        private final JsonParser p;
        private final Feed feed;
        private final SourceDocument doc;
        private final List<String> warnings = new ArrayList<>();
        private final Set<String> ids = new HashSet<>();

        Items(JsonParser p, Feed feed, SourceDocument doc) {
            this.p = p;
            this.feed = feed;
            this.doc = doc;
        }

        @Override
        public List<String> warnings() {
            return warnings;
        }

        @Override
        protected NinjsItem advance() {
            while (true) {
                try {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        close();
                        return null;
                    }
                    NinjsItem item = map(p.readValueAsTree());
                    if (item != null) { // null: a duplicate id, skipped with a warning
                        return item;
                    }
                } catch (IOException e) {
                    close();
                    throw new ParseRuntimeException(doc.name() + ": JSON Feed broken: " + e.getMessage(), e);
                }
            }
        }

        @Override
        public void close() {
            end();
            try {
                p.close();
            } catch (IOException ignored) {
                // nothing left to read
            }
        }

        private NinjsItem map(JsonNode j) {
            NinjsItem item = new NinjsItem();
            String id = text(j, "id");
            if (id != null && !ids.add(id)) {
                warnings.add("duplicate id '" + id + "': later item skipped");
                return null;
            }
            String base = firstNonNull(feed.home, doc.context() == null ? null : doc.context().baseUrl());
            String link = text(j, "url");
            if (link == null) {
                link = text(j, "external_url");
            }
            link = FeedParser.resolve(base, link);
            if (link != null && !ItemIds.isWebUrl(link)) {
                link = null;
            }
            String title = Html.inlineText(text(j, "title"));
            if (title != null) {
                item.headlines.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", title));
            }
            String html = text(j, "content_html");
            String plain = text(j, "content_text");
            if (html != null) {
                String[] both = Html.sanitizeAndText(html, base);
                if (both[0] != null) {
                    item.bodies.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/html", both[0]));
                }
                String t = plain != null ? plain.strip() : both[1];
                if (t != null) {
                    item.bodies.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", t));
                }
            } else if (plain != null && !plain.isBlank()) {
                item.bodies.add(new NinjsItem.Text(NinjsItem.ROLE_MAIN, "text/plain", plain.strip()));
            }
            String summary = Html.toText(text(j, "summary"));
            if (summary != null) {
                item.descriptions.add(new NinjsItem.Text("summary", "text/plain", summary));
            }
            item.firstCreated = Dates.toUtc(text(j, "date_published"));
            item.versionCreated = Dates.toUtc(text(j, "date_modified"));
            List<String> by = authors(j.get("author"), j.get("authors"));
            if (by.isEmpty()) {
                by = feed.authors;
            }
            if (!by.isEmpty()) {
                item.by = String.join(", ", by);
            }
            JsonNode tags = j.get("tags");
            if (tags != null && tags.isArray()) {
                Set<NinjsItem.Concept> subjects = new LinkedHashSet<>();
                for (JsonNode t : tags) {
                    String v = Text.collapse(t.asText(null));
                    if (v != null) {
                        subjects.add(new NinjsItem.Concept(v, null, v));
                    }
                }
                item.subjects.addAll(subjects);
            }
            addPicture(item, FeedParser.resolve(base, text(j, "image")), "image");
            addPicture(item, FeedParser.resolve(base, text(j, "banner_image")), "banner_image");
            JsonNode att = j.get("attachments");
            if (att != null && att.isArray()) {
                for (JsonNode a : att) {
                    String url = FeedParser.resolve(base, text(a, "url"));
                    if (url == null || !ItemIds.isAbsoluteUri(url)) {
                        continue;
                    }
                    NinjsItem.Association as = association(url, text(a, "title"), text(a, "mime_type"));
                    NinjsItem.Rendition r = as.renditions.get(0);
                    JsonNode size = a.get("size_in_bytes");
                    if (size != null && size.canConvertToLong() && size.asLong() > 0) {
                        r.sizeInBytes = size.asLong();
                    }
                    JsonNode dur = a.get("duration_in_seconds");
                    if (dur != null && dur.isNumber() && dur.asDouble() > 0) {
                        r.duration = dur.asDouble();
                    }
                    item.associations.add(as);
                }
            }
            item.language = firstNonNull(text(j, "language"), feed.language);
            if (link != null) {
                item.renditions.add(new NinjsItem.Rendition("web", link, "text/html"));
            }
            if (id != null) {
                item.setAltId("guid", id);
            }
            item.uri = ItemIds.uri(doc.context() == null ? null : doc.context().feedId(), id, link);
            return item;
        }
    }

    private static void addPicture(NinjsItem item, String url, String name) {
        if (url == null || !ItemIds.isAbsoluteUri(url)) {
            return;
        }
        for (NinjsItem.Association a : item.associations) {
            if (url.equals(a.uri)) {
                return;
            }
        }
        NinjsItem.Association a = association(url, name, null);
        a.type = "picture";
        item.associations.add(a);
    }

    private static NinjsItem.Association association(String url, String title, String mime) {
        NinjsItem.Association a = new NinjsItem.Association();
        a.uri = url;
        a.rel = "enclosure";
        String t = Text.collapse(title);
        a.name = t != null ? t : url.substring(url.lastIndexOf('/') + 1).isEmpty() ? url : url.substring(url.lastIndexOf('/') + 1);
        if (mime != null) {
            String m = mime.toLowerCase();
            a.type = m.startsWith("image") ? "picture" : m.startsWith("video") ? "video" : m.startsWith("audio") ? "audio" : null;
        }
        a.renditions.add(new NinjsItem.Rendition("original", url, mime));
        return a;
    }

    private static List<String> authors(JsonNode author, JsonNode authors) {
        List<String> out = new ArrayList<>();
        if (authors != null && authors.isArray()) {
            for (JsonNode a : authors) {
                String n = text(a, "name");
                if (n != null) {
                    out.add(n);
                }
            }
        }
        if (out.isEmpty() && author != null) {
            String n = text(author, "name");
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    private static String text(JsonNode j, String field) {
        JsonNode v = j == null ? null : j.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        return Text.trimToNull(v.asText());
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... xs) {
        for (T x : xs) {
            if (x != null) {
                return x;
            }
        }
        return null;
    }
}
