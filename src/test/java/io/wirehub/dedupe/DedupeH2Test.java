package io.wirehub.dedupe;

import io.wirehub.store.Database;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The dedupe tests on the default store: an embedded H2 file. */
class DedupeH2Test extends AbstractDedupeTest {
    @TempDir
    Path dir;

    @Override
    protected Database openDatabase() {
        return Database.h2(dir);
    }

    @Override
    protected String[] emptyDatabase() {
        return new String[]{"jdbc:h2:file:" + dir.toAbsolutePath().resolve("legacy") + ";DB_CLOSE_ON_EXIT=FALSE", "sa", ""};
    }

    @Override
    protected Database reopenDatabase() {
        return Database.h2(dir);
    }
}
