package io.wirehub.camel;

import io.wirehub.normalize.ItemReader;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsJson;
import io.wirehub.normalize.Normalizer;
import io.wirehub.normalize.ParseException;
import io.wirehub.normalize.SourceDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What wirehub's Kamelets and data formats agree on: a message carries one ninjs item as its JSON
 * text (a {@code String}, UTF-8 when bytes), and a step accepts that item as a {@link NinjsItem},
 * a {@code Map} (a user's own Jackson unmarshal), or JSON as String, bytes or InputStream.
 */
public final class NinjsBodies {
    private static final Logger LOG = LoggerFactory.getLogger(NinjsBodies.class);
    /** The parsers are looked up once; Normalizer is stateless once built. */
    private static final Normalizer NORMALIZER = new Normalizer();

    private NinjsBodies() {
    }

    /** The item a body holds, whatever of the accepted shapes it has. */
    public static NinjsItem item(Object body) {
        try {
            if (body instanceof NinjsItem i) {
                return i;
            }
            if (body instanceof Map<?, ?> m) {
                return NinjsJson.MAPPER.convertValue(m, NinjsItem.class);
            }
            if (body instanceof String s) {
                return NinjsJson.MAPPER.readValue(s, NinjsItem.class);
            }
            if (body instanceof byte[] b) {
                return NinjsJson.MAPPER.readValue(b, NinjsItem.class);
            }
            if (body instanceof InputStream in) {
                return NinjsJson.MAPPER.readValue(in, NinjsItem.class);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("body is not a ninjs item: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("body is not a ninjs item but "
                + (body == null ? "empty" : body.getClass().getName()));
    }

    /** The item's JSON, exactly as the hub writes it. */
    public static String json(NinjsItem item) {
        return NinjsJson.write(item);
    }

    /** The same as UTF-8 bytes. */
    public static byte[] jsonBytes(NinjsItem item) {
        return json(item).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every item of a document, normalized as the hub does (format detected from the content,
     * language, ids). What the document's parser noticed (skipped items) is logged as a warning.
     *
     * @throws ParseException when the format is unknown or the document unreadable
     */
    public static List<NinjsItem> items(SourceDocument doc) throws ParseException {
        List<NinjsItem> out = new ArrayList<>();
        try (ItemReader r = NORMALIZER.open(doc)) {
            while (r.hasNext()) {
                out.add(r.next());
            }
            if (!r.warnings().isEmpty()) {
                LOG.warn("{}: {}", doc.name(), String.join("; ", r.warnings()));
            }
        } catch (UncheckedIOException e) {
            throw new ParseException(doc.name() + ": " + e.getCause().getMessage(), e);
        }
        return out;
    }
}
