package io.wirehub.store;

import io.wirehub.Hub;
import io.wirehub.Routes;
import io.wirehub.testing.TestHub;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The running hub steps its H2 store's compaction on the configured interval. */
class StoreMaintenanceRouteTest {
    @TempDir
    Path tmp;
    Hub hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void theHubRunsStoreMaintenanceOnItsInterval() throws Exception {
        TestHub th = new TestHub(tmp);
        th.props.setProperty("wirehub.store.compact-interval", "100");
        hub = th.start();
        assertThat(hub.camelContext().getRouteController().getRouteStatus(Routes.STORE_MAINTENANCE)).isEqualTo(ServiceStatus.Started);
        StoreMaintenance maintenance = hub.camelContext().getRegistry().lookupByNameAndType("storeMaintenance", StoreMaintenance.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> maintenance.stats()[0] >= 3);
        assertThat(StoreMaintenance.chunksFillRate(hub.database().dataSource())).as("an embedded H2 store").isBetween(0, 100);
    }
}
