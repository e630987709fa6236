package io.wirehub.normalize;

import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opening agency XML (NewsML-G2, NewsML 1.2, NITF) for reading: size cap, charset (an encoding the
 * JVM does not know is a clear error rather than a silent mis-decoding), the hardened StAX reader,
 * and error messages an operator can act on ("truncated: ends inside &lt;newsItem&gt;").
 *
 * <p>Agency XML is read strictly, unlike web feeds: a story cut in half must not reach subscribers
 * as if it were whole, so a document that is not well-formed is refused (items already read from a
 * newsMessage before the break are kept).
 */
final class AgencyXml {
    /** Agency documents are single stories or small batches; anything larger is refused. */
    static final int MAX_BYTES = 64 * 1024 * 1024;
    private static final Pattern PROLOG_ENC = Pattern.compile("^\\s*<\\?xml[^>]*encoding\\s*=\\s*[\"']([^\"']*)[\"']");

    private AgencyXml() {
    }

    /** An open document: the reader, and what was found while opening it. */
    static final class Opened implements AutoCloseable {
        final XMLStreamReader reader;
        final String label;
        /** Open elements, innermost last, for the "ends inside" message. */
        final Deque<String> open = new ArrayDeque<>();

        Opened(XMLStreamReader reader, String label) {
            this.reader = reader;
            this.label = label;
        }

        /** Advances to the next START_ELEMENT at any depth; false at the end of the document. */
        boolean nextStart() throws XMLStreamException {
            while (reader.hasNext()) {
                int ev = reader.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    open.addLast(reader.getLocalName());
                    return true;
                }
                if (ev == XMLStreamConstants.END_ELEMENT && !open.isEmpty()) {
                    open.removeLast();
                }
            }
            return false;
        }

        /** Reads the current element whole (see {@link AgencyNode#read}). */
        AgencyNode readNode() throws XMLStreamException {
            AgencyNode n = AgencyNode.read(reader, open);
            if (!open.isEmpty()) {
                open.removeLast();
            }
            return n;
        }

        /** A clear message for a reading error. */
        String describe(XMLStreamException e) {
            return AgencyXml.describe(label, e, open.peekLast());
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (XMLStreamException ignored) {
                // nothing held but memory
            }
        }
    }

    /**
     * Opens the document for reading.
     *
     * @param label what the operator sees in errors: "NITF document article.xml"
     * @param warnings where a charset fallback is noted
     */
    static Opened open(SourceDocument doc, String label, List<String> warnings) throws ParseException {
        byte[] bytes = readCapped(doc, label);
        String text = decode(bytes, doc.contentType(), label, warnings);
        int blank = Xml.blankBeforeDeclaration(text);
        if (blank > 0) {
            // not a broken story, only a misplaced declaration: safe to read leniently
            text = text.substring(blank);
            warnings.add(Xml.BLANK_PROLOG_WARNING);
        }
        try {
            javax.xml.stream.XMLInputFactory f = Xml.inputFactory();
            // errors surface where they are met, as XMLStreamException, not later as runtime exceptions
            f.setProperty(com.ctc.wstx.api.WstxInputProperties.P_LAZY_PARSING, false);
            XMLStreamReader r = f.createXMLStreamReader(new StringReader(text));
            return new Opened(r, label);
        } catch (XMLStreamException e) {
            throw new ParseException(describe(label, e, null), e);
        }
    }

    /** The bytes of the document, refusing more than {@link #MAX_BYTES}. */
    static byte[] readCapped(SourceDocument doc, String label) throws ParseException {
        try (InputStream in = doc.open()) {
            byte[] b = in.readNBytes(MAX_BYTES + 1);
            if (b.length > MAX_BYTES) {
                throw new ParseException(label + " is larger than " + (MAX_BYTES / (1024 * 1024)) + " MB; refused");
            }
            return b;
        } catch (IOException e) {
            throw new ParseException(label + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The text of an XML document. The prolog's encoding is trusted (after a BOM); an encoding name
     * the JVM does not know is refused with its name, and bytes that are not valid in the declared
     * or default UTF-8 are read as windows-1252 with a warning (the usual real-world mistake).
     */
    static String decode(byte[] bytes, String contentType, String label, List<String> warnings) throws ParseException {
        String ascii = new String(bytes, 0, Math.min(bytes.length, 512), StandardCharsets.ISO_8859_1);
        int bomSkip = ascii.startsWith("\u00EF\u00BB\u00BF") ? 3 : 0;
        Matcher m = PROLOG_ENC.matcher(ascii.substring(bomSkip));
        if (bomSkip == 0 && m.find()) {
            String declared = m.group(1).trim();
            if (Charsets.forName(declared) == null) {
                throw new ParseException(label + " declares encoding \"" + declared
                        + "\", which is not a known character set; the document cannot be decoded");
            }
        }
        Charsets.Detected d = Charsets.detect(bytes, contentType);
        Charset cs = d.charset();
        int off = d.bomLength();
        if (cs.equals(StandardCharsets.UTF_8) && !Charsets.decodesCleanly(bytes, off, bytes.length - off, cs)) {
            cs = Charset.forName("windows-1252");
            warnings.add(label + " is not valid UTF-8" + ("prolog".equals(d.source()) ? " although it says so" : "")
                    + "; read as windows-1252");
        }
        String s = new String(bytes, off, bytes.length - off, cs);
        // The text is handed over as characters, so the parser must not re-apply the declared encoding.
        return stripEncodingDecl(s);
    }

    private static String stripEncodingDecl(String s) {
        Matcher m = Pattern.compile("^(\\s*<\\?xml[^>]*?)\\s+encoding\\s*=\\s*[\"'][^\"']*[\"']").matcher(s);
        return m.find() ? m.replaceFirst("$1") : s;
    }

    /** An operator-readable message for a StAX error. */
    static String describe(String label, XMLStreamException e, String insideElement) {
        Location loc = e.getLocation();
        String where = loc == null ? "" : " (line " + loc.getLineNumber() + ", column " + loc.getColumnNumber() + ")";
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String first = msg.lines().findFirst().orElse("").replaceFirst("^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*", "");
        if (msg.toLowerCase(Locale.ROOT).contains("unexpected eof") || msg.contains("end of file")) {
            return label + " is truncated: the document ends"
                    + (insideElement == null ? " early" : " inside <" + insideElement + ">") + where;
        }
        return label + " is not well-formed XML" + where + ": " + first.replaceFirst("^Message:\\s*", "");
    }
}
