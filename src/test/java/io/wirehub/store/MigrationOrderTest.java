package io.wirehub.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store of a released version has applied that release's migrations; Flyway refuses to start on
 * it when a newer migration is numbered below the highest one it applied. So every migration added
 * since the last release must be numbered above all of that release's.
 */
class MigrationOrderTest {
    /** The migrations of the last release (update when releasing). */
    private static final Set<Integer> RELEASED = Set.of(1, 10, 11, 12, 20, 21, 30);

    @Test
    void migrationsAddedSinceTheLastReleaseComeAfterItsMigrations() {
        Flyway flyway = Flyway.configure().dataSource("jdbc:h2:mem:migration-order", "sa", "")
                .locations("classpath:db/migration").load();
        List<Integer> versions = Arrays.stream(flyway.info().all())
                .map(MigrationInfo::getVersion).map(v -> Integer.parseInt(v.getVersion())).toList();
        assertThat(versions).containsAll(RELEASED);
        int lastReleased = RELEASED.stream().max(Integer::compare).orElseThrow();
        assertThat(versions.stream().filter(v -> !RELEASED.contains(v)))
                .as("migrations added since the last release (numbered above %d)", lastReleased)
                .allMatch(v -> v > lastReleased);
    }
}
