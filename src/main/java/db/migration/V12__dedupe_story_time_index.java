package db.migration;

import io.wirehub.dedupe.ItemKeys;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Connection;
import java.sql.Statement;

/**
 * Story ids start with their time from now on ({@link ItemKeys#storyId}), and the story index holds
 * {@link ItemKeys#storyHash}: the leading digits of the id. A new story is then appended at the end
 * of the index instead of written into a random page of it; on a store of millions of stories that
 * random page (and the path to it, rewritten at every commit) was a third of the cost of recording
 * a new item. Stories already stored keep their ids; their index entries are recomputed here.
 *
 * <p>The index is unique on (hash, id) rather than on the hash: two new stories of the same
 * millisecond may share the leading digits, never the id.
 */
public class V12__dedupe_story_time_index extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX dedupe_story_key");
            // for the row-by-row update below only (the stories table has no other index on its id)
            s.execute("CREATE INDEX dedupe_story_v12 ON dedupe_story (story_id)");
        }
        V11__dedupe_hash_lookups.streamUpdate(c, "SELECT story_id FROM dedupe_story",
                "UPDATE dedupe_story SET story_hash = ? WHERE story_id = ?", (rs, ps) -> {
                    String id = rs.getString(1);
                    ps.setLong(1, ItemKeys.storyHash(id));
                    ps.setString(2, id);
                });
        try (Statement s = c.createStatement()) {
            s.execute("DROP INDEX dedupe_story_v12");
            s.execute("CREATE UNIQUE INDEX dedupe_story_key ON dedupe_story (story_hash, story_id)");
        }
    }
}
