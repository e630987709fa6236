package io.wirehub.publish;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.wirehub.normalize.NinjsJson;

import java.io.IOException;

/**
 * What the file channels need of a stored envelope, read in one streaming pass without building
 * the item: the event id, the item's own JSON text exactly as it was written into the envelope
 * (so a file holds the same bytes the publish route wrote, and nothing is serialized twice), and
 * the item fields that name its files (uri, version, creation times).
 *
 * @param eventId        the envelope's {@code id}
 * @param itemJson       the item's JSON text
 * @param uri            the item's uri
 * @param version        the item's version, or null
 * @param firstCreated   the item's firstCreated, or null
 * @param versionCreated the item's versionCreated, or null
 */
public record EnvelopeText(String eventId, String itemJson, String uri, String version, String firstCreated,
                           String versionCreated) {

    /** Reads {@code envelope}; throws on text that is not an envelope with an item. */
    public static EnvelopeText read(String envelope) throws IOException {
        String id = null;
        String item = null;
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
                    // Offsets are in chars: the parser reads the String itself.
                    int from = (int) p.currentTokenLocation().getCharOffset();
                    itemFields(p, fields);
                    int to = (int) p.currentLocation().getCharOffset();
                    item = envelope.substring(from, to);
                } else {
                    p.skipChildren();
                }
            }
        }
        if (item == null || fields[0] == null) {
            throw new IOException("an envelope without an item uri");
        }
        return new EnvelopeText(id, item, fields[0], fields[1], fields[2], fields[3]);
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
