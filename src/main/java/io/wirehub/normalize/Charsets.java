package io.wirehub.normalize;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The charset of a document, trusted in this order: byte-order mark, XML prolog
 * ({@code encoding="..."}), HTTP Content-Type charset, else UTF-8. Readers built on RFC 3023 (ROME's
 * XmlReader among them) let an HTTP header override the prolog; real servers send wrong headers far
 * more often than publishers write wrong prologs, hence this order.
 */
public final class Charsets {
    private static final Pattern PROLOG_ENC = Pattern.compile("^\\s*<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._\\-]+)[\"']");
    private static final Pattern HTTP_CHARSET = Pattern.compile("charset\\s*=\\s*\"?([A-Za-z0-9._\\-]+)", Pattern.CASE_INSENSITIVE);

    private Charsets() {
    }

    /** What was found and where from. */
    public record Detected(Charset charset, int bomLength, String source) {
    }

    public static Detected detect(byte[] head, String httpContentType) {
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            return new Detected(StandardCharsets.UTF_8, 3, "bom");
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            return new Detected(StandardCharsets.UTF_16BE, 2, "bom");
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            return new Detected(StandardCharsets.UTF_16LE, 2, "bom");
        }
        if (head.length >= 4 && head[0] == 0 && head[1] == '<' && head[2] == 0) {
            return new Detected(StandardCharsets.UTF_16BE, 0, "bom");
        }
        if (head.length >= 4 && head[0] == '<' && head[1] == 0 && head[2] == '?') {
            return new Detected(StandardCharsets.UTF_16LE, 0, "bom");
        }
        String ascii = new String(head, 0, Math.min(head.length, 512), StandardCharsets.ISO_8859_1);
        Matcher m = PROLOG_ENC.matcher(ascii);
        if (m.find()) {
            Charset c = forName(m.group(1));
            if (c != null) {
                return new Detected(c, 0, "prolog");
            }
        }
        if (httpContentType != null) {
            Matcher h = HTTP_CHARSET.matcher(httpContentType);
            if (h.find()) {
                Charset c = forName(h.group(1));
                if (c != null) {
                    return new Detected(c, 0, "http");
                }
            }
        }
        return new Detected(StandardCharsets.UTF_8, 0, "default");
    }

    /** The charset by name, or null when the JDK does not know it. */
    public static Charset forName(String name) {
        try {
            String n = name.toLowerCase(Locale.ROOT);
            // Publishers write latin-1 and mean windows-1252 (curly quotes in 0x80-0x9F).
            if (n.equals("iso-8859-1") || n.equals("latin1") || n.equals("latin-1")) {
                return Charset.forName("windows-1252");
            }
            return Charset.forName(name);
        } catch (Exception e) {
            return null;
        }
    }

    /** True when the bytes are valid in the charset (used to catch a wrongly declared UTF-8). */
    public static boolean decodesCleanly(byte[] bytes, int off, int len, Charset cs) {
        try {
            cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, off, len));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
