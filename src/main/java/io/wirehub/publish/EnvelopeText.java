package io.wirehub.publish;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.wirehub.normalize.NinjsJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What the file channels need of an envelope, read in one streaming pass without building the
 * item: the event id, where the item's own JSON sits in the envelope's UTF-8 bytes exactly as it was
 * written (so a file holds the same bytes the publish route wrote, and nothing is serialized or
 * encoded twice), and the item fields that name its files (uri, version, creation times).
 *
 * @param eventId        the envelope's {@code id}
 * @param envelope       the envelope's UTF-8 bytes
 * @param itemFrom       offset of the item's JSON in {@code envelope}
 * @param itemTo         offset just after it
 * @param uri            the item's uri
 * @param version        the item's version, or null
 * @param firstCreated   the item's firstCreated, or null
 * @param versionCreated the item's versionCreated, or null
 */
public record EnvelopeText(String eventId, byte[] envelope, int itemFrom, int itemTo, String uri, String version,
                           String firstCreated, String versionCreated) {

    /** Reads {@code envelope}; throws on text that is not an envelope with an item. */
    public static EnvelopeText read(String envelope) throws IOException {
        return read(envelope.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the envelope's UTF-8 bytes; throws on text that is not an envelope with an item. */
    public static EnvelopeText read(byte[] envelope) throws IOException {
        String id = null;
        int from = -1;
        int to = -1;
        String[] fields = new String[4];
        try (JsonParser p = NinjsJson.MAPPER.getFactory().createParser(envelope)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("an envelope is a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("id".equals(name) && t == JsonToken.VALUE_STRING) {
                    id = p.getText();
                } else if ("item".equals(name) && t == JsonToken.START_OBJECT) {
                    // Offsets are in bytes: the parser reads the bytes themselves.
                    from = (int) p.currentTokenLocation().getByteOffset();
                    itemFields(p, fields);
                    to = (int) p.currentLocation().getByteOffset();
                } else {
                    p.skipChildren();
                }
            }
        }
        if (from < 0 || fields[0] == null) {
            throw new IOException("an envelope without an item uri");
        }
        return new EnvelopeText(id, envelope, from, to, fields[0], fields[1], fields[2], fields[3]);
    }

    /** The item's JSON text. */
    public String itemJson() {
        return new String(envelope, itemFrom, itemTo - itemFrom, StandardCharsets.UTF_8);
    }

    /** The item's top-level uri, version, firstCreated, versionCreated; ends on the item's END_OBJECT. */
    private static void itemFields(JsonParser p, String[] out) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            int slot = switch (name) {
                case "uri" -> 0;
                case "version" -> 1;
                case "firstCreated" -> 2;
                case "versionCreated" -> 3;
                default -> -1;
            };
            if (slot >= 0 && t.isScalarValue()) {
                out[slot] = p.getValueAsString();
            } else {
                p.skipChildren();
            }
        }
    }
}
