package io.wirehub.normalize;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers of the agency-format tests: the normalizer, fixtures, shared corpora, validation. */
final class AgencyTestSupport {
    static final Path SHARED = Path.of("../shared");
    static final Path SCHEMA = SHARED.resolve("corpora/ninjs/specification/ninjs-schema_3.1.json");
    static final Normalizer NORMALIZER = new Normalizer();
    private static NinjsValidator validator;

    private AgencyTestSupport() {
    }

    /** Items and warnings of one normalized document. */
    record Result(List<NinjsItem> items, List<String> warnings) {
        NinjsItem only() {
            if (items.size() != 1) {
                throw new AssertionError("expected one item, got " + items.size());
            }
            return items.get(0);
        }
    }

    static Result normalize(SourceDocument doc) throws ParseException {
        List<NinjsItem> items = new ArrayList<>();
        try (ItemReader r = NORMALIZER.open(doc)) {
            while (r.hasNext()) {
                items.add(r.next());
            }
            return new Result(items, r.warnings());
        }
    }

    static Result normalizeFile(Path p) throws ParseException {
        return normalize(SourceDocument.ofFile(p, FeedContext.of("test")));
    }

    static Result normalizeBytes(String name, byte[] bytes) throws ParseException {
        return normalize(SourceDocument.ofBytes(name, bytes, null, FeedContext.of("test")));
    }

    /** A fixture from src/test/resources/agency. */
    static byte[] fixture(String name) throws IOException {
        try (InputStream in = AgencyTestSupport.class.getResourceAsStream("/agency/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    static Result normalizeFixture(String name) throws Exception {
        return normalizeBytes(name, fixture(name));
    }

    /** A path under ../shared, or the test is skipped with a clear message when it is absent. */
    static Path shared(String rel) {
        Path p = SHARED.resolve(rel);
        Assumptions.assumeTrue(Files.exists(p), "shared data absent (" + p.toAbsolutePath().normalize() + "): skipped");
        return p;
    }

    /** The ninjs 3.1 validator, or null when ../shared is absent (fixture tests still run, unvalidated). */
    static synchronized NinjsValidator validator() {
        if (validator == null && Files.exists(SCHEMA)) {
            validator = new NinjsValidator(SCHEMA);
        }
        return validator;
    }

    /** Fails when the item does not validate against ninjs 3.1 (when the schema is at hand). */
    static void assertValid(NinjsItem item) {
        NinjsValidator v = validator();
        if (v == null) {
            return;
        }
        List<String> errors = v.errors(item);
        if (!errors.isEmpty()) {
            throw new AssertionError("item " + item.uri + " is not valid ninjs 3.1: " + errors + "\n" + NinjsJson.write(item));
        }
    }
}
