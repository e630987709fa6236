package io.wirehub.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.Html;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A subscriber's re-syndicated Atom 1.0 feed (RFC 4287) of its last items, written with StAX so
 * every text is escaped: feed id, title, updated, author and self link; per entry id (the item uri
 * when absolute, else a tag: URI), title, updated, published, summary, the HTML body as escaped
 * {@code type="html"} content, the web link, categories for places.
 */
public final class AtomFeed {
    private static final String NS = "http://www.w3.org/2005/Atom";

    private AtomFeed() {
    }

    public static String render(String selfUrl, String title, List<String> envelopes) throws IOException {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("feed");
            w.writeDefaultNamespace(NS);
            text(w, "id", selfUrl);
            text(w, "title", title);
            String newest = null;
            NinjsItem[] items = new NinjsItem[envelopes.size()];
            for (int i = 0; i < items.length; i++) {
                JsonNode env = NinjsJson.MAPPER.readTree(envelopes.get(i));
                items[i] = NinjsJson.MAPPER.treeToValue(env.get("item"), NinjsItem.class);
                String u = updated(items[i]);
                if (newest == null || u.compareTo(newest) > 0) {
                    newest = u;
                }
            }
            text(w, "updated", newest == null ? Instant.now().toString() : newest);
            w.writeStartElement("author");
            text(w, "name", "wirehub");
            w.writeEndElement();
            w.writeEmptyElement("link");
            w.writeAttribute("rel", "self");
            w.writeAttribute("type", "application/atom+xml");
            w.writeAttribute("href", selfUrl);
            text(w, "generator", "wirehub");
            for (NinjsItem it : items) {
                w.writeStartElement("entry");
                text(w, "id", entryId(it.uri));
                text(w, "title", it.headline() == null ? "(untitled)" : it.headline());
                text(w, "updated", updated(it));
                if (it.firstCreated != null) {
                    text(w, "published", it.firstCreated);
                }
                if (it.by != null) {
                    w.writeStartElement("author");
                    text(w, "name", it.by);
                    w.writeEndElement();
                }
                String web = it.webUrl();
                if (web != null && (web.startsWith("http://") || web.startsWith("https://"))) {
                    w.writeEmptyElement("link");
                    w.writeAttribute("rel", "alternate");
                    w.writeAttribute("type", "text/html");
                    w.writeAttribute("href", web);
                }
                // a place is listed once per role (mentioned, dateline, primary): one category per place
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (NinjsItem.Place p : it.places) {
                    if (p.name != null && seen.add(p.uri != null ? p.uri : p.name)) {
                        w.writeEmptyElement("category");
                        w.writeAttribute("term", xmlSafe(p.name));
                        if (p.uri != null) {
                            w.writeAttribute("scheme", "https://www.geonames.org/");
                        }
                    }
                }
                String html = it.bodyHtml() == null ? null : Html.sanitize(it.bodyHtml(), null);
                String text = it.bodyText();
                if (html != null) {
                    w.writeStartElement("content");
                    w.writeAttribute("type", "html");
                    w.writeCharacters(xmlSafe(html));
                    w.writeEndElement();
                } else if (text != null) {
                    w.writeStartElement("content");
                    w.writeAttribute("type", "text");
                    w.writeCharacters(xmlSafe(text));
                    w.writeEndElement();
                }
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write Atom feed: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static String updated(NinjsItem it) {
        String u = it.versionCreated != null ? it.versionCreated : it.firstCreated;
        return u != null ? u : Instant.now().toString();
    }

    /** Atom ids must be absolute IRIs. */
    static String entryId(String uri) {
        try {
            if (uri != null && URI.create(uri).isAbsolute()) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        return "tag:wirehub,2026:" + io.wirehub.normalize.ItemIds.sha256Hex(String.valueOf(uri)).substring(0, 32);
    }

    private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(xmlSafe(value));
        w.writeEndElement();
    }

    /** Drops the characters XML 1.0 cannot carry (controls other than tab, CR, LF; lone surrogates). */
    static String xmlSafe(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                    || Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            if (!ok && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            } else if (ok && sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
