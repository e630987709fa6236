package io.wirehub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsValidator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asserts that items validate against the IPTC ninjs 3.1 JSON Schema. The schema ships with the kit
 * ({@code io/wirehub/testing/ninjs-schema_3.1.json}, MIT/CC BY 4.0, see the LICENSE note beside it),
 * so validation needs neither the network nor files outside the test classpath.
 */
public final class Ninjs {
    /** Classpath location of the bundled schema. */
    public static final String SCHEMA_RESOURCE = "io/wirehub/testing/ninjs-schema_3.1.json";
    private static NinjsValidator validator;

    private Ninjs() {
    }

    /** The validator of the bundled ninjs 3.1 schema (built once). */
    public static synchronized NinjsValidator validator() {
        if (validator == null) {
            // NinjsValidator reads a file; in a user's build the schema is inside the kit's jar.
            try (InputStream in = Ninjs.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(SCHEMA_RESOURCE + " is not on the classpath");
                }
                Path file = Files.createTempFile("ninjs-schema_3.1", ".json");
                file.toFile().deleteOnExit();
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                validator = new NinjsValidator(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return validator;
    }

    /** The schema errors of a ninjs document; empty when it is valid. */
    public static List<String> errors(JsonNode doc) {
        return validator().errors(doc);
    }

    /** Fails when the item does not validate against ninjs 3.1. */
    public static void assertValid(NinjsItem item) {
        assertThat(validator().errors(item)).as("ninjs 3.1 errors of %s", item.uri).isEmpty();
    }

    /** Fails when the document does not validate against ninjs 3.1. */
    public static void assertValid(JsonNode doc) {
        assertThat(validator().errors(doc)).as("ninjs 3.1 errors of %s", doc.path("uri").asText()).isEmpty();
    }
}
