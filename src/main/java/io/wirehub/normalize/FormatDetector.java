package io.wirehub.normalize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a document's format from its content, never from its file name: the root element (and its
 * namespace) of XML, the keys of JSON, else plain-text wire copy.
 */
public final class FormatDetector {
    public static final String RSS = "rss";
    public static final String RDF = "rdf";
    public static final String ATOM = "atom";
    public static final String JSONFEED = "jsonfeed";
    public static final String NINJS = "ninjs";
    public static final String NEWSML_G2 = "newsml-g2";
    public static final String NEWSML_1 = "newsml-1";
    public static final String NITF = "nitf";
    public static final String WIRE = "wire";
    public static final String HTML = "html";

    private static final int SNIFF_BYTES = 16 * 1024;
    private static final Pattern ROOT = Pattern.compile("<([A-Za-z_][\\w.\\-]*:)?([A-Za-z_][\\w.\\-]*)([^>]*)>", Pattern.DOTALL);

    private FormatDetector() {
    }

    /**
     * The format name of the document.
     *
     * @throws ParseException for an empty document or one no parser handles (an HTML page...)
     */
    public static String detect(SourceDocument doc) throws ParseException {
        byte[] head;
        try {
            head = doc.head(SNIFF_BYTES);
        } catch (IOException e) {
            throw new ParseException("cannot read: " + e.getMessage(), e);
        }
        String binary = binaryKind(head);
        if (binary != null) {
            throw new ParseException(binary + ", not a news document");
        }
        String text = decodeHead(head);
        String s = text.stripLeading();
        if (s.isEmpty()) {
            throw new ParseException("empty document");
        }
        if (s.startsWith("{")) {
            return isJsonFeed(s) ? JSONFEED : NINJS;
        }
        if (s.startsWith("[")) {
            return NINJS;
        }
        if (s.startsWith("<")) {
            return xmlFormat(s);
        }
        return WIRE;
    }

    /** JSON Feed declares its version URL; version 1.0 files without it still have "items" and never ninjs's "uri". */
    private static boolean isJsonFeed(String s) {
        return s.contains("jsonfeed.org/version") || s.contains("\"items\"") && !s.contains("\"uri\"");
    }

    private static String xmlFormat(String s) {
        int i = 0;
        // Skip the prolog: declarations, comments, processing instructions and DOCTYPE.
        while (i < s.length()) {
            int lt = s.indexOf('<', i);
            if (lt < 0) {
                break;
            }
            if (s.startsWith("<?", lt)) {
                i = endOf(s, lt, "?>");
            } else if (s.startsWith("<!--", lt)) {
                i = endOf(s, lt, "-->");
            } else if (s.startsWith("<!", lt)) {
                i = skipDoctype(s, lt);
            } else {
                Matcher m = ROOT.matcher(s);
                if (m.find(lt) && m.start() == lt) {
                    return byRoot(m.group(2));
                }
                break;
            }
        }
        return "xml";
    }

    private static String byRoot(String local) {
        String name = local.toLowerCase(Locale.ROOT);
        switch (name) {
            case "rss":
                return RSS;
            case "rdf":
                return RDF;
            case "feed":
                return ATOM;
            case "newsitem":
            case "packageitem":
            case "newsmessage":
            case "planningitem":
            case "conceptitem":
            case "conceptset":
            case "knowledgeitem":
            case "catalog":
            case "catalogitem":
                // NewsML 1.x also has a NewsItem element, but never as the root (its root is NewsML).
                return NEWSML_G2;
            case "contentmeta":
            case "contentset":
            case "itemmeta":
            case "groupset":
                // Bare NewsML-G2 parts, as the IPTC guidelines show them (read as partial items).
                return NEWSML_G2;
            case "newsml":
                return NEWSML_1;
            case "nitf":
                return NITF;
            case "html":
            case "xhtml":
                return HTML;
            default:
                return "xml:" + local;
        }
    }

    private static int endOf(String s, int from, String end) {
        int e = s.indexOf(end, from);
        return e < 0 ? s.length() : e + end.length();
    }

    private static int skipDoctype(String s, int from) {
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == '>' && depth <= 0) {
                return i + 1;
            }
        }
        return s.length();
    }

    /**
     * What a binary document is (a PDF, a ZIP archive, "binary data"), or null for text. Text is
     * anything without NUL bytes (outside UTF-16) and with few control characters, so Latin-1,
     * windows-1252 and UTF-8 wire copy all pass while images and archives are refused by name.
     */
    static String binaryKind(byte[] head) {
        if (head.length == 0) {
            return null;
        }
        if (startsWith(head, 0x25, 0x50, 0x44, 0x46)) {
            return "a PDF file";
        }
        if (startsWith(head, 0x50, 0x4B, 0x03, 0x04)) {
            return "a ZIP archive";
        }
        if (startsWith(head, 0x1F, 0x8B)) {
            return "gzip-compressed data";
        }
        if (startsWith(head, 0xFF, 0xD8, 0xFF)) {
            return "a JPEG image";
        }
        if (startsWith(head, 0x89, 0x50, 0x4E, 0x47)) {
            return "a PNG image";
        }
        if (startsWith(head, 0x47, 0x49, 0x46, 0x38)) {
            return "a GIF image";
        }
        boolean utf16 = startsWith(head, 0xFE, 0xFF) || startsWith(head, 0xFF, 0xFE)
                || (head.length >= 4 && (head[0] == 0 || head[1] == 0) && (head[0] == '<' || head[1] == '<'));
        if (utf16) {
            return null;
        }
        int control = 0;
        for (byte b : head) {
            int c = b & 0xFF;
            if (c == 0) {
                return "binary data (NUL bytes)";
            }
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1B) {
                control++;
            }
        }
        if (control * 100 > head.length * 2 && control > 4) {
            return "binary data (" + control + " control bytes in the first " + head.length + ")";
        }
        return null;
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes just enough to see markup: UTF-16 by its BOM, anything else as Latin-1 (ASCII-safe). */
    private static String decodeHead(byte[] head) {
        if (head.length >= 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF))) {
            return new String(head, 2, head.length - 2, StandardCharsets.UTF_16BE);
        }
        if (head.length >= 2 && ((head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))) {
            return new String(head, 2, head.length - 2, StandardCharsets.UTF_16LE);
        }
        int off = head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF ? 3 : 0;
        return new String(head, off, head.length - off, StandardCharsets.ISO_8859_1);
    }
}
