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

    /** The SHA-256 of the string's UTF-8 bytes. */
    public static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
