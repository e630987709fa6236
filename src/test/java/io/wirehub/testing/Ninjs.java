package io.wirehub.testing;

import io.wirehub.normalize.NinjsItem;
import io.wirehub.normalize.NinjsValidator;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Asserts that items validate against ninjs 3.1 (when ../shared is present; otherwise no check is possible). */
public final class Ninjs {
    private static NinjsValidator validator;

    private Ninjs() {
    }

    private static synchronized NinjsValidator validator() {
        if (validator == null && Files.exists(Shared.ROOT.resolve("corpora/ninjs/specification/ninjs-schema_3.1.json"))) {
            validator = new NinjsValidator(Shared.ROOT.resolve("corpora/ninjs/specification/ninjs-schema_3.1.json"));
        }
        return validator;
    }

    /** Fails when the item does not validate; does nothing when the schema is absent. */
    public static void assertValid(NinjsItem item) {
        NinjsValidator v = validator();
        if (v != null) {
            List<String> errors = v.errors(item);
            assertThat(errors).as("ninjs 3.1 errors of %s", item.uri).isEmpty();
        }
    }

    public static void assertValid(com.fasterxml.jackson.databind.JsonNode doc) {
        NinjsValidator v = validator();
        if (v != null) {
            assertThat(v.errors(doc)).as("ninjs 3.1 errors").isEmpty();
        }
    }
}
