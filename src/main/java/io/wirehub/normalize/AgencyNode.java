package io.wirehub.normalize;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A small read-only element tree of agency XML, built from the hardened StAX reader ({@link Xml#inputFactory()}).
 * The agency formats (NewsML-G2, NewsML 1.2, NITF) are read one item at a time into this tree, which
 * keeps Woodstox's protections (no DTD, bounded entities, HTML entities tolerated) and avoids a DOM
 * of the whole document for a newsMessage carrying many items.
 *
 * <p>Element and attribute names are local names; namespaces are kept only for the root test.
 */
final class AgencyNode {
    final String ns;
    final String name;
    final Map<String, String> attrs;
    /** Children in document order: {@link AgencyNode} or {@link String} (text). */
    final List<Object> content;
    final int line;
    private static final java.util.regex.Pattern BEFORE_PUNCT = java.util.regex.Pattern.compile("[\\s\u0001]*\u0001[\\s\u0001]*(?=[,.;:!?)])");
    private static final java.util.regex.Pattern AFTER_PAREN = java.util.regex.Pattern.compile("(?<=\\()[\\s\u0001]*\u0001[\\s\u0001]*");
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    private AgencyNode(String ns, String name, Map<String, String> attrs, List<Object> content, int line) {
        this.ns = ns == null ? "" : ns;
        this.name = name;
        this.attrs = attrs;
        this.content = content;
        this.line = line;
    }

    /** A synthetic element wrapping {@code children} (used to read a bare fragment as its parent). */
    static AgencyNode wrap(String name, Map<String, String> attrs, List<AgencyNode> children) {
        return new AgencyNode("", name, attrs, new ArrayList<>(children), children.isEmpty() ? -1 : children.get(0).line);
    }

    /**
     * Reads the element the reader is positioned on (START_ELEMENT) with everything inside it; the
     * reader is left on its END_ELEMENT.
     */
    static AgencyNode read(XMLStreamReader r) throws XMLStreamException {
        return read(r, null);
    }

    /**
     * As {@link #read(XMLStreamReader)}, keeping {@code open} (innermost last) up to date with the
     * elements being read, so an error can say where the document broke off.
     */
    static AgencyNode read(XMLStreamReader r, java.util.Deque<String> open) throws XMLStreamException {
        Map<String, String> attrs = attributes(r);
        int line = r.getLocation() == null ? -1 : r.getLocation().getLineNumber();
        AgencyNode node = new AgencyNode(r.getNamespaceURI(), r.getLocalName(), attrs, new ArrayList<>(), line);
        while (r.hasNext()) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (open != null) {
                        open.addLast(r.getLocalName());
                    }
                    node.content.add(read(r, open));
                    if (open != null) {
                        open.removeLast();
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> node.content.add(r.getText());
                case XMLStreamConstants.END_ELEMENT -> {
                    return node;
                }
                default -> {
                    // comments and processing instructions carry no content
                }
            }
        }
        return node;
    }

    /** The attributes of the current element, by local name (xml:lang is kept as "xml:lang"). */
    static Map<String, String> attributes(XMLStreamReader r) {
        int n = r.getAttributeCount();
        if (n == 0) {
            return Collections.emptyMap();
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String prefix = r.getAttributePrefix(i);
            String local = r.getAttributeLocalName(i);
            String key = "xml".equals(prefix) ? "xml:" + local : local;
            m.putIfAbsent(key, r.getAttributeValue(i));
        }
        return m;
    }

    String attr(String name) {
        return Text.trimToNull(attrs.get(name));
    }

    /** The first child element with this local name, or null. */
    AgencyNode child(String name) {
        for (Object o : content) {
            if (o instanceof AgencyNode n && n.name.equals(name)) {
                return n;
            }
        }
        return null;
    }

    /** The first element at this path of child names, or null. */
    AgencyNode path(String... names) {
        AgencyNode cur = this;
        for (String n : names) {
            cur = cur.child(n);
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }

    /** All child elements with this local name. */
    List<AgencyNode> children(String name) {
        List<AgencyNode> out = new ArrayList<>();
        for (Object o : content) {
            if (o instanceof AgencyNode n && n.name.equals(name)) {
                out.add(n);
            }
        }
        return out;
    }

    /** All child elements. */
    List<AgencyNode> elements() {
        List<AgencyNode> out = new ArrayList<>();
        for (Object o : content) {
            if (o instanceof AgencyNode n) {
                out.add(n);
            }
        }
        return out;
    }

    /** The first descendant (depth first) with this local name, or null. */
    AgencyNode find(String name) {
        for (Object o : content) {
            if (o instanceof AgencyNode n) {
                if (n.name.equals(name)) {
                    return n;
                }
                AgencyNode f = n.find(name);
                if (f != null) {
                    return f;
                }
            }
        }
        return null;
    }

    /** All text inside, whitespace collapsed; null when blank. */
    String text() {
        StringBuilder sb = new StringBuilder();
        appendText(sb);
        // Element boundaries are marked, not spaced: a boundary before punctuation or after "(" is
        // no word break ("<city>HERAT</city>, 10 juil." reads "HERAT, 10 juil."), while spaces the
        // source wrote itself ("Afghanistan : ...") are kept.
        String t = sb.toString();
        if (t.indexOf('\u0001') >= 0) {
            t = BEFORE_PUNCT.matcher(t).replaceAll("");
            t = AFTER_PAREN.matcher(t).replaceAll("");
            t = t.replace('\u0001', ' ');
        }
        return Text.collapse(t);
    }

    private void appendText(StringBuilder sb) {
        for (Object o : content) {
            if (o instanceof String s) {
                sb.append(s);
            } else {
                sb.append('\u0001');
                ((AgencyNode) o).appendText(sb);
                sb.append('\u0001');
            }
        }
    }

    /** Collapsed text of the first child with this name, or null. */
    String childText(String name) {
        AgencyNode c = child(name);
        return c == null ? null : c.text();
    }

    /** True when the element holds no element and only whitespace. */
    boolean isBlank() {
        for (Object o : content) {
            if (o instanceof AgencyNode || !((String) o).isBlank()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The content of this element as markup (the element itself excluded), with element names
     * passed through {@code rename}: a null name unwraps the element (its content is kept), the
     * name "" drops it with its content.
     */
    String innerMarkup(Function<AgencyNode, String> rename) {
        return innerMarkup(rename, (n, a) -> a);
    }

    /**
     * As {@link #innerMarkup(Function)}, with attribute names passed through {@code attrRename}
     * (element, attribute name) to the output name, or null to drop the attribute.
     */
    String innerMarkup(Function<AgencyNode, String> rename, BiFunction<AgencyNode, String, String> attrRename) {
        StringBuilder sb = new StringBuilder();
        for (Object o : content) {
            if (o instanceof String s) {
                // source indentation is not content; <pre> keeps its line breaks
                XmlNode.escape(sb, "pre".equals(name) ? s : SPACES.matcher(s).replaceAll(" "), false);
            } else {
                ((AgencyNode) o).appendMarkup(sb, rename, attrRename);
            }
        }
        return sb.toString();
    }

    private void appendMarkup(StringBuilder sb, Function<AgencyNode, String> rename, BiFunction<AgencyNode, String, String> attrRename) {
        String tag = rename.apply(this);
        if (tag != null && tag.isEmpty()) {
            return;
        }
        if (tag == null) {
            sb.append(innerMarkup(rename, attrRename));
            return;
        }
        sb.append('<').append(tag);
        for (Map.Entry<String, String> a : attrs.entrySet()) {
            String out = a.getKey().indexOf(':') >= 0 ? null : attrRename.apply(this, a.getKey());
            if (out == null) {
                continue;
            }
            sb.append(' ').append(out).append("=\"");
            XmlNode.escape(sb, a.getValue(), true);
            sb.append('"');
        }
        sb.append('>');
        sb.append(innerMarkup(rename, attrRename));
        sb.append("</").append(tag).append('>');
    }

    /** The local part of a qcode ("drol:caption" gives "caption"). */
    static String qcodeLocal(String qcode) {
        if (qcode == null) {
            return null;
        }
        int i = qcode.indexOf(':');
        return Text.trimToNull(i < 0 ? qcode : qcode.substring(i + 1));
    }

    @Override
    public String toString() {
        return "<" + name + ">";
    }
}
