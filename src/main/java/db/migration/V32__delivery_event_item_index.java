package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;

/**
 * Finds the events of one item ({@code GET /api/deliveries?item=URI}) without reading every stored
 * envelope. Only equality lookups are made, so PostgreSQL gets a hash index: a B-tree entry is
 * limited to about 2.7 kB and an item URI (up to 2000 characters, more bytes when not ASCII) could
 * exceed it and fail the publish transaction. H2 has no such limit and no persistent hash index.
 *
 * <p>A Java migration for that difference; numbered after the highest migration (V31), as Flyway
 * refuses one numbered below what a store has already applied.
 */
public class V32__delivery_event_item_index extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        try (Statement s = c.createStatement()) {
            s.execute(postgres
                    ? "CREATE INDEX delivery_event_item ON delivery_event USING HASH (item_uri)"
                    : "CREATE INDEX delivery_event_item ON delivery_event (item_uri)");
        }
    }
}
