package io.wirehub.store;

import io.wirehub.Routes;
import io.wirehub.normalize.ItemIds;
import io.wirehub.normalize.NinjsItem;
import org.apache.camel.Exchange;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The persistent seen-id store: an item already delivered is not delivered again after a restart,
 * and the same uri with changed content is an update with the next version.
 */
public class SeenItems {
    private final DataSource ds;

    public SeenItems(DataSource ds) {
        this.ds = ds;
    }

    /**
     * Decides the event for the item in the body: item.new, item.updated (content changed; the
     * version is raised) or none (already delivered as is), set as {@link Routes#PROP_EVENT}.
     */
    public void decide(Exchange ex) throws SQLException {
        NinjsItem item = ex.getMessage().getBody(NinjsItem.class);
        String hash = contentHash(item);
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT content_hash, version FROM seen_item WHERE uri = ?")) {
            ps.setString(1, item.uri);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    ex.setProperty(Routes.PROP_EVENT, "canceled".equals(item.pubStatus) ? "item.canceled" : "item.new");
                } else if (hash.equals(rs.getString(1))) {
                    ex.removeProperty(Routes.PROP_EVENT);
                } else {
                    item.version = Integer.toString(Math.max(rs.getInt(2) + 1, parseVersion(item.version)));
                    ex.setProperty(Routes.PROP_EVENT, "canceled".equals(item.pubStatus) ? "item.canceled" : "item.updated");
                }
            }
        }
    }

    /** Records the item as delivered (after the sink has written it). */
    public void delivered(Exchange ex) throws SQLException {
        NinjsItem item = ex.getMessage().getBody(NinjsItem.class);
        String hash = contentHash(item);
        int version = parseVersion(item.version);
        try (Connection c = ds.getConnection()) {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE seen_item SET content_hash = ?, version = ? WHERE uri = ?")) {
                ps.setString(1, hash);
                ps.setInt(2, version);
                ps.setString(3, item.uri);
                n = ps.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO seen_item (uri, content_hash, version, first_seen) VALUES (?,?,?,?)")) {
                    ps.setString(1, item.uri);
                    ps.setString(2, hash);
                    ps.setInt(3, version);
                    ps.setTimestamp(4, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                }
            }
        }
    }

    static int parseVersion(String v) {
        try {
            return v == null ? 1 : Math.max(1, Integer.parseInt(v.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** What counts as "changed content": headline, body and status. */
    static String contentHash(NinjsItem item) {
        return ItemIds.sha256Hex(String.valueOf(item.headline()) + '\u0000' + item.bodyText() + '\u0000' + item.pubStatus);
    }
}
