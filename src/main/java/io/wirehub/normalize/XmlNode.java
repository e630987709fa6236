package io.wirehub.normalize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small element tree of one feed item (an RSS item or Atom entry), built from the StAX stream so
 * that only one item at a time is held in memory. Mixed content is kept in order, so markup that
 * a publisher forgot to escape can still be read back as HTML.
 */
final class XmlNode {
    final String ns;
    final String local;
    final Map<String, String> attrs;
    /** Effective xml:base (already resolved against the parent's). */
    final String base;
    /** Effective xml:lang. */
    final String lang;
    /** Children in document order: XmlNode or String (text). */
    final List<Object> children = new ArrayList<>(4);

    XmlNode(String ns, String local, Map<String, String> attrs, String base, String lang) {
        this.ns = ns == null ? "" : ns;
        this.local = local;
        this.attrs = attrs == null ? new LinkedHashMap<>() : attrs;
        this.base = base;
        this.lang = lang;
    }

    boolean is(String namespace, String name) {
        return local.equals(name) && ns.equals(namespace);
    }

    String attr(String name) {
        return attrs.get(name);
    }

    /** First child element with this namespace and name, or null. */
    XmlNode child(String namespace, String name) {
        for (Object o : children) {
            if (o instanceof XmlNode n && n.is(namespace, name)) {
                return n;
            }
        }
        return null;
    }

    List<XmlNode> childrenNamed(String namespace, String name) {
        List<XmlNode> out = new ArrayList<>(2);
        for (Object o : children) {
            if (o instanceof XmlNode n && n.is(namespace, name)) {
                out.add(n);
            }
        }
        return out;
    }

    List<XmlNode> elements() {
        List<XmlNode> out = new ArrayList<>(children.size());
        for (Object o : children) {
            if (o instanceof XmlNode n) {
                out.add(n);
            }
        }
        return out;
    }

    boolean hasElementChildren() {
        for (Object o : children) {
            if (o instanceof XmlNode) {
                return true;
            }
        }
        return false;
    }

    /** Concatenated text of this element and its descendants. */
    String text() {
        if (children.size() == 1 && children.get(0) instanceof String s) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        appendText(sb);
        return sb.toString();
    }

    private void appendText(StringBuilder sb) {
        for (Object o : children) {
            if (o instanceof String s) {
                sb.append(s);
            } else {
                ((XmlNode) o).appendText(sb);
            }
        }
    }

    /**
     * The content as markup: the text when the element holds only text (escaped HTML, CDATA), else
     * its child elements serialized back (unescaped HTML, Atom xhtml).
     */
    String markup() {
        if (!hasElementChildren()) {
            return text();
        }
        StringBuilder sb = new StringBuilder();
        for (Object o : children) {
            if (o instanceof String s) {
                escape(sb, s, false);
            } else {
                ((XmlNode) o).serialize(sb);
            }
        }
        return sb.toString();
    }

    private void serialize(StringBuilder sb) {
        sb.append('<').append(local);
        for (Map.Entry<String, String> a : attrs.entrySet()) {
            sb.append(' ').append(a.getKey()).append("=\"");
            escape(sb, a.getValue(), true);
            sb.append('"');
        }
        sb.append('>');
        for (Object o : children) {
            if (o instanceof String s) {
                escape(sb, s, false);
            } else {
                ((XmlNode) o).serialize(sb);
            }
        }
        sb.append("</").append(local).append('>');
    }

    /** Appends {@code s} escaped for XML text (or an attribute value when {@code attr}). */
    static void escape(StringBuilder sb, String s, boolean attr) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append(attr ? "&quot;" : "\"");
                default -> sb.append(c);
            }
        }
    }
}
