package io.wirehub.dedupe;

import io.wirehub.normalize.NinjsItem;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What the dedupe stage decided for one item, and the state change that makes the decision stick.
 * The state is written by {@link #record(Connection)} only once the item was accepted downstream,
 * so a crash in between replays the item instead of losing it. {@code record} never commits: the
 * caller owns the transaction (the delivery outbox insert shares it, and so do the other items of a
 * group commit) and tells the decision how it ended.
 */
public interface DedupeDecision {
    /** Event kinds. */
    String NEW = "item.new";
    String UPDATED = "item.updated";
    String DUPLICATE = "item.duplicate";
    String CANCELED = "item.canceled";

    /** item.new, item.updated, item.duplicate or item.canceled; null when the item is dropped. */
    String event();

    /** The story id (also set on the item as altId role {@code story}). */
    String storyId();

    /** Every source that carried the story so far, this item's included, in order of arrival. */
    List<String> sources();

    /** The item as decided (version raised for an update, story altId set). */
    NinjsItem item();

    /** Why: "new story", "same id, content changed", "same text as ...", "same story (similarity 0.62)"... */
    String reason();

    /** Persists the new state on {@code c}, without committing. */
    void record(Connection c) throws SQLException;

    /** The transaction that holds {@link #record} was committed: the decision is now the store's. */
    default void committed() {
    }

    /** That transaction was rolled back: the decision is forgotten and the item is decided afresh when it comes again. */
    default void rolledBack() {
    }
}
