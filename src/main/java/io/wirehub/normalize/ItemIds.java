package io.wirehub.normalize;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Identifiers of items: the ninjs {@code uri} and the file-safe id used in file names. */
public final class ItemIds {
    private ItemIds() {
    }

    /**
     * The ninjs uri of an item: the source guid when it is already an absolute URI (agency URNs,
     * permalinks), else a wirehub URN scoped by feed, else the item's link.
     */
    public static String uri(String feedId, String guid, String link) {
        String g = Text.trimToNull(guid);
        if (g != null) {
            if (isAbsoluteUri(g)) {
                return toAscii(g);
            }
            return "urn:wirehub:" + enc(feedId == null ? "unknown" : feedId) + ":" + enc(g);
        }
        String l = Text.trimToNull(link);
        if (l != null && isAbsoluteUri(l)) {
            return toAscii(l);
        }
        return null;
    }

    /**
     * An absolute URI with any non-ASCII character percent-encoded (UTF-8), as RFC 3986 and the
     * ninjs schema's "uri" format require: a guid such as {@code urn:x:tutorial—item-A} becomes
     * {@code urn:x:tutorial%E2%80%94item-A}. ASCII URIs are returned unchanged.
     */
    public static String toAscii(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) > 0x7E) {
                try {
                    return new URI(uri).toASCIIString();
                } catch (Exception e) {
                    return uri;
                }
            }
        }
        return uri;
    }

    /** A URN from content, for items that carry neither guid nor link. */
    public static String contentUri(String feedId, String... parts) {
        return "urn:wirehub:" + enc(feedId == null ? "unknown" : feedId) + ":sha256-" + sha256Hex(String.join("\u0000", nulls(parts))).substring(0, 32);
    }

    /** A short, file-system safe id derived from the uri (stable across runs). */
    public static String fileId(String uri) {
        return sha256Hex(uri).substring(0, 24);
    }

    /** An absolute http(s) URL. */
    public static boolean isWebUrl(String s) {
        if (s == null || !isAbsoluteUri(s)) {
            return false;
        }
        String l = s.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    public static boolean isAbsoluteUri(String s) {
        if (s.indexOf(' ') >= 0 || s.indexOf('\n') >= 0) {
            return false;
        }
        try {
            URI u = new URI(s);
            return u.isAbsolute() && u.getScheme().toLowerCase(Locale.ROOT).matches("[a-z][a-z0-9+.-]*");
        } catch (Exception e) {
            return false;
        }
    }

    public static String sha256Hex(String s) {
        return HexFormat.of().formatHex(sha256(s));
    }

    /**
     * The SHA-256, as hex, of the parts' UTF-8 bytes one after the other: the same as hashing their
     * concatenation ({@code String.valueOf} of each, so null is "null"), without building it.
     */
    public static String sha256Hex(Object... parts) {
        MessageDigest md = sha256Digest();
        Utf8Chunks chunks = UTF8_CHUNKS.get();
        for (Object part : parts) {
            chunks.update(md, part instanceof String str ? str : String.valueOf(part));
        }
        chunks.end(md);
        return HexFormat.of().formatHex(md.digest());
    }

    /** The SHA-256 of the string's UTF-8 bytes. */
    public static byte[] sha256(String s) {
        MessageDigest md = sha256Digest();
        Utf8Chunks chunks = UTF8_CHUNKS.get();
        chunks.update(md, s);
        chunks.end(md);
        return md.digest();
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final ThreadLocal<Utf8Chunks> UTF8_CHUNKS = ThreadLocal.withInitial(Utf8Chunks::new);

    /**
     * Feeds a digest the UTF-8 bytes of strings through one small buffer per thread: item texts are
     * hashed several times each (ids, content, events), and {@code getBytes} would copy each whole text
     * first. Encodes as {@code String.getBytes(UTF_8)} does, a lone surrogate as '?'.
     */
    private static final class Utf8Chunks {
        private final byte[] buf = new byte[4096];
        private int n;
        /** A high surrogate that ended the last part (its pair may start the next), else 0. */
        private char high;

        void update(MessageDigest md, String s) {
            int len = s.length();
            for (int i = 0; i < len; i++) {
                if (n > buf.length - 8) {
                    flush(md);
                }
                char c = s.charAt(i);
                if (high != 0) {
                    if (Character.isLowSurrogate(c)) {
                        codePoint(Character.toCodePoint(high, c));
                        high = 0;
                        continue;
                    }
                    buf[n++] = '?';
                    high = 0;
                }
                if (c < 0x80) {
                    buf[n++] = (byte) c;
                } else if (c < 0x800) {
                    buf[n++] = (byte) (0xC0 | (c >> 6));
                    buf[n++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                        codePoint(Character.toCodePoint(c, s.charAt(++i)));
                    } else if (Character.isHighSurrogate(c) && i + 1 == len) {
                        high = c;
                    } else {
                        buf[n++] = '?';
                    }
                } else {
                    buf[n++] = (byte) (0xE0 | (c >> 12));
                    buf[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buf[n++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }

        private void codePoint(int cp) {
            buf[n++] = (byte) (0xF0 | (cp >> 18));
            buf[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            buf[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            buf[n++] = (byte) (0x80 | (cp & 0x3F));
        }

        /** Hands the buffered bytes to the digest. */
        void flush(MessageDigest md) {
            md.update(buf, 0, n);
            n = 0;
        }

        /** At the end of the hashed text: a lone high surrogate left over is '?'. */
        void end(MessageDigest md) {
            if (high != 0) {
                buf[n++] = '?';
                high = 0;
            }
            flush(md);
        }
    }

    private static String[] nulls(String[] parts) {
        String[] out = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = parts[i] == null ? "" : parts[i];
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
