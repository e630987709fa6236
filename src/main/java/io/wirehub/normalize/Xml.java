package io.wirehub.normalize;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import org.jsoup.nodes.Entities;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLResolver;
import java.io.ByteArrayInputStream;

/**
 * The one place XML readers are made. Every parser in the hub gets its StAX factory here, so the
 * protections hold everywhere:
 * <ul>
 *   <li>no DTD processing: internal entity declarations are not honoured, so neither external
 *       entities (XXE) nor entity expansion bombs (billion laughs) can happen; a DOCTYPE line by
 *       itself is skipped, since real NITF and NewsML files carry one;</li>
 *   <li>nothing is ever loaded from outside: the resolver answers every request with nothing;</li>
 *   <li>HTML named entities ({@code &nbsp;}, {@code &eacute;}) that feeds use without declaring
 *       them are resolved from jsoup's table instead of failing the whole feed;</li>
 *   <li>element depth, attribute count and text sizes are bounded.</li>
 * </ul>
 */
public final class Xml {
    private static final XMLResolver NOTHING = (publicId, systemId, base, ns) -> new ByteArrayInputStream(new byte[0]);

    /** Known HTML entities only: an unknown name stays an error, a declared-but-ignored one too. */
    private static final XMLResolver HTML_ENTITIES = (publicId, systemId, base, name) -> {
        String v = name == null ? null : Entities.getByName(name);
        return v == null || v.isEmpty() ? null : v;
    };

    /** The longest text a document may hold in one element (and what decoded content is capped at). */
    static final int MAX_TEXT_CHARS = 32 * 1024 * 1024;

    private Xml() {
    }

    /** A namespace-aware, hardened StAX factory. */
    public static XMLInputFactory inputFactory() {
        return inputFactory(true);
    }

    /**
     * A hardened StAX factory. {@code namespaceAware=false} is for the lenient path, where feeds
     * use prefixes they never declared ({@code content:encoded}, {@code wfw:}).
     */
    public static XMLInputFactory inputFactory(boolean namespaceAware) {
        WstxInputFactory f = new WstxInputFactory();
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, namespaceAware);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLInputFactory.RESOLVER, NOTHING);
        f.setProperty(WstxInputProperties.P_UNDECLARED_ENTITY_RESOLVER, HTML_ENTITIES);
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_COUNT, 100_000L);
        f.setProperty(WstxInputProperties.P_MAX_ENTITY_DEPTH, 2);
        f.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, 200);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 200);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, 64 * 1024);
        f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, MAX_TEXT_CHARS);
        return f;
    }

    /**
     * A hardened DOM builder for the formats that are read whole (NewsML, NITF): secure processing
     * on, DOCTYPE tolerated but never loaded, no external entities, no XInclude.
     */
    public static javax.xml.parsers.DocumentBuilder documentBuilder(boolean namespaceAware) {
        try {
            javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(namespaceAware);
            f.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(javax.xml.XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setAttribute("jdk.xml.entityExpansionLimit", "1000");
            javax.xml.parsers.DocumentBuilder b = f.newDocumentBuilder();
            b.setEntityResolver((p, s) -> new org.xml.sax.InputSource(new java.io.StringReader("")));
            b.setErrorHandler(null);
            return b;
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
    }

    /** Most characters of whitespace looked at before an XML declaration (blank lines, a stray BOM). */
    static final int BLANK_PROLOG_MAX = 4096;
    /** The feed-health warning for {@link #skipBlankBeforeDeclaration}. */
    static final String BLANK_PROLOG_WARNING = "read leniently: whitespace before the XML declaration (not allowed there) skipped";

    /**
     * How many leading characters to skip so that an XML declaration preceded by blank lines,
     * spaces or a second BOM (a template's stray newline, common on real servers) comes first, as
     * XML requires; 0 when the document does not start that way. Strict parsers refuse the
     * declaration anywhere but at the very start, and the document would give nothing.
     */
    static int blankBeforeDeclaration(CharSequence head) {
        int n = 0;
        while (n < head.length() && n < BLANK_PROLOG_MAX && isBlank(head.charAt(n))) {
            n++;
        }
        return n > 0 && n + 5 <= head.length() && "<?xml".contentEquals(head.subSequence(n, n + 5)) ? n : 0;
    }

    /**
     * The reader positioned past blank characters before an XML declaration (see
     * {@link #blankBeforeDeclaration}), noting the skip in {@code warnings}.
     */
    static java.io.Reader skipBlankBeforeDeclaration(java.io.Reader in, java.util.List<String> warnings) throws java.io.IOException {
        java.io.BufferedReader r = new java.io.BufferedReader(in, BLANK_PROLOG_MAX + 16);
        r.mark(BLANK_PROLOG_MAX + 8);
        // read only as far as the blank run goes, plus what may be "<?xml": never the document
        StringBuilder head = new StringBuilder();
        int c;
        while (head.length() < BLANK_PROLOG_MAX && (c = r.read()) >= 0) {
            head.append((char) c);
            if (!isBlank((char) c)) {
                break;
            }
        }
        for (int i = 0; i < 4 && (c = r.read()) >= 0; i++) {
            head.append((char) c);
        }
        r.reset();
        int skip = blankBeforeDeclaration(head);
        if (skip > 0) {
            r.skip(skip);
            warnings.add(BLANK_PROLOG_WARNING);
        }
        return r;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\uFEFF';
    }
}
