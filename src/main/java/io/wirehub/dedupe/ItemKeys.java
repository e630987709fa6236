package io.wirehub.dedupe;

import io.wirehub.normalize.ItemIds;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.Text;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Level 1 of dedupe, "same id": the key of an item is its source guid, else its canonical URL,
 * scoped per agency so that two agencies' guid "12345" never meet.
 */
public final class ItemKeys {
    /** Query parameters that only track the reader; removing them makes shared links of one page equal. */
    private static final Set<String> TRACKING = Set.of("fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid",
            "igshid", "yclid", "_ga", "ref_src", "cmpid", "xtor", "at_medium", "at_campaign");

    private ItemKeys() {
    }

    /**
     * Canonical form of a URL: scheme and host lower-cased, default port dropped, tracking
     * parameters ({@code utm_*}, {@code fbclid}, {@code gclid}...) removed, fragment dropped.
     * Returns the input unchanged when it is not a parsable absolute http(s) URL.
     */
    public static String canonicalUrl(String url) {
        if (url == null) {
            return null;
        }
        String s = url.strip();
        try {
            URI u = new URI(s);
            if (u.getScheme() == null || u.getRawAuthority() == null) {
                return s;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return s;
            }
            String host = u.getHost() == null ? u.getRawAuthority().toLowerCase(Locale.ROOT) : u.getHost().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            if (port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https")) {
                port = -1;
            }
            StringBuilder sb = new StringBuilder(s.length());
            sb.append(scheme).append("://").append(host);
            if (port != -1) {
                sb.append(':').append(port);
            }
            String path = u.getRawPath();
            sb.append(path == null || path.isEmpty() ? "/" : path);
            String q = u.getRawQuery();
            if (q != null) {
                List<String> kept = new ArrayList<>();
                for (String p : q.split("&")) {
                    if (p.isEmpty()) {
                        continue;
                    }
                    String name = p.split("=", 2)[0].toLowerCase(Locale.ROOT);
                    if (name.startsWith("utm_") || TRACKING.contains(name)) {
                        continue;
                    }
                    kept.add(p);
                }
                if (!kept.isEmpty()) {
                    sb.append('?').append(String.join("&", kept));
                }
            }
            return sb.toString();
        } catch (Exception e) {
            return s;
        }
    }

    /** The item's id: its source guid (canonicalized when it is a URL), else its canonical web URL, else its uri. */
    public static String id(NinjsItem item) {
        String guid = Text.trimToNull(item.altId("guid"));
        if (guid != null) {
            return guid.regionMatches(true, 0, "http", 0, 4) ? canonicalUrl(guid) : guid;
        }
        String web = Text.trimToNull(item.webUrl());
        if (web != null) {
            return canonicalUrl(web);
        }
        String uri = item.uri;
        return uri != null && uri.regionMatches(true, 0, "http", 0, 4) ? canonicalUrl(uri) : uri;
    }

    /**
     * The content key used for a feed known to change guids on every fetch: the folded headline
     * and first-created date stand for the item, so a re-fetch under a new guid keeps its key.
     */
    public static String contentId(NinjsItem item) {
        String h = Text.fold(Text.collapse(item.headline()));
        return "content:" + ItemIds.sha256Hex((h == null ? "" : h) + '\u0000' + (item.firstCreated == null ? "" : item.firstCreated));
    }

    /**
     * The scope of an id: the feed it came through and the outlet that carried it (the last of the
     * credit chain: CVN in AFP/VNA/CVN), e.g. {@code inbox|cvn}. Two agencies' guid "12345" never meet,
     * one agency's versions of an item do, and guid churn is the fault of one feed of one outlet.
     */
    public static String scope(NinjsItem item) {
        String feed = Text.trimToNull(item.altId("feed"));
        String carrier = null;
        for (NinjsItem.Concept c : item.infoSources) {
            if (c.name != null && !c.name.isBlank()) {
                carrier = c.name.strip();
            }
        }
        String s = (feed == null ? "-" : feed) + "|" + (carrier == null ? "-" : carrier);
        s = s.toLowerCase(Locale.ROOT);
        return s.length() <= 200 ? s : s.substring(0, 200);
    }

    /** True for ids that are absolute URIs (agency URNs, http(s) URLs): unique without a scope. */
    public static boolean isGlobal(String id) {
        return id != null && !id.startsWith("urn:wirehub:") && ItemIds.isAbsoluteUri(id);
    }

    /** The stored key: a fixed-length hash of scope and id. */
    public static String key(String scope, String id) {
        return ItemIds.sha256Hex(scope + '\n' + (id == null ? "" : id));
    }

    /**
     * A 64-bit hash of a key, fingerprint or story id: what the store's indexes hold (a number is far
     * cheaper to index than a 64-character string); the first 8 bytes of its SHA-256.
     */
    public static long hash64(String s) {
        return java.nio.ByteBuffer.wrap(ItemIds.sha256(s)).getLong();
    }

    /** Prefix of the story ids this hub assigns. */
    public static final String STORY_PREFIX = "urn:wirehub:story:";

    /**
     * The id of a new story first seen at {@code millis} through the item of key {@code key}:
     * 12 hex digits of the time, then 20 of the key. Time first, so that the store's index of story
     * ids grows at one end (a new story is an append, not a write into a random page of an index of
     * millions) and stories sort by age.
     */
    public static String storyId(long millis, String key) {
        String t = Long.toHexString(millis);
        return STORY_PREFIX + "0".repeat(Math.max(0, 12 - t.length())) + t + key.substring(0, 20);
    }

    /**
     * What the store's story index holds for a story id: the first 16 hex digits of an id of this
     * hub (time then key; for ids written before the time-first form, key digits: as good a hash),
     * the {@link #hash64} of anything else.
     */
    public static long storyHash(String storyId) {
        int p = STORY_PREFIX.length();
        if (storyId.length() >= p + 16 && storyId.startsWith(STORY_PREFIX)) {
            long h = 0;
            for (int i = p; i < p + 16; i++) {
                int d = Character.digit(storyId.charAt(i), 16);
                if (d < 0) {
                    return hash64(storyId);
                }
                h = h << 4 | d;
            }
            return h;
        }
        return hash64(storyId);
    }

    /**
     * The agencies and outlets that carried the item, credit chain order (AFP, VNA, CVN); empty when
     * none is known. Never the feed id: that says where the item came in ("file", "inbox", a feed
     * of config/feeds.yaml without an agency), not who reported it, and listed as a source it would
     * show subscribers a story "also reported by file".
     */
    public static List<String> sources(NinjsItem item) {
        List<String> out = new ArrayList<>();
        for (NinjsItem.Concept c : item.infoSources) {
            if (c.name != null && !c.name.isBlank() && !out.contains(c.name.strip())) {
                out.add(c.name.strip());
            }
        }
        return out;
    }
}
