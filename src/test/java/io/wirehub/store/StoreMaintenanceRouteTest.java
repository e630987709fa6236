package io.wirehub.store;

import io.wirehub.Hub;
import io.wirehub.Routes;
import io.wirehub.testing.WirehubExtension;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The running hub steps its H2 store's compaction on the configured interval. */
class StoreMaintenanceRouteTest {
    @RegisterExtension
    WirehubExtension wirehub = WirehubExtension.builder().property("wirehub.store.compact-interval", "100").build();

    @Test
    void theHubRunsStoreMaintenanceOnItsInterval() throws Exception {
        Hub hub = wirehub.hub();
        assertThat(hub.camelContext().getRouteController().getRouteStatus(Routes.STORE_MAINTENANCE)).isEqualTo(ServiceStatus.Started);
        StoreMaintenance maintenance = hub.camelContext().getRegistry().lookupByNameAndType("storeMaintenance", StoreMaintenance.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> maintenance.stats()[0] >= 3);
        assertThat(StoreMaintenance.chunksFillRate(hub.database().dataSource())).as("an embedded H2 store").isBetween(0, 100);
    }
}
