package io.wirehub.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test material written by others lives in ../shared (corpora, seed, GeoNames files), never in the
 * project. A test that needs it is skipped with a clear message when it is absent (a user's clone).
 */
public final class Shared {
    /** ../shared relative to the project root (the tests' working directory). */
    public static final Path ROOT = Path.of("..", "shared");

    private Shared() {
    }

    /** The path under ../shared; skips the calling test when it does not exist. */
    public static Path require(String relative) {
        Path p = ROOT.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), () -> "skipped: " + p + " is absent (shared test material, see ../shared/corpora/README.md)");
        return p;
    }

    /** The ninjs 3.1 schema, or a skip. */
    public static Path ninjs31Schema() {
        return require("corpora/ninjs/specification/ninjs-schema_3.1.json");
    }
}
