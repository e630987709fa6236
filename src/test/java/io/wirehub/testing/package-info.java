/**
 * wirehub's route-test kit, published as wirehub's test-jar ({@code io.wirehub:wirehub:<version>},
 * type {@code test-jar}): {@link io.wirehub.testing.WirehubExtension} runs a real hub (or a subset
 * of its routes and stages, plus your own routes) on a temporary folder with the embedded H2
 * database; {@link io.wirehub.testing.FeedServer} and {@link io.wirehub.testing.WebhookReceiver}
 * are loopback servers (conditional GET, statuses, slow bodies; Standard Webhooks verification);
 * {@link io.wirehub.testing.WirehubAssertions} waits for schema-valid ninjs items where they are
 * delivered. docs/testing.md shows how to depend on it; examples/newsroom is a project that does.
 *
 * <p>For a hub that a test kills with SIGKILL, {@link io.wirehub.testing.WirehubExtension#writeConfig()}
 * writes the same test folder without starting the hub, and {@link io.wirehub.testing.ChildHub#startIn}
 * or {@link io.wirehub.testing.SubmittingChildHub} run it in a child JVM.
 *
 * <p>Some classes here are wirehub's own test helpers: {@code SeedItem}, {@code Shared},
 * {@code FullDisk} read {@code ../shared} test material or stand in for a full disk, and
 * {@link io.wirehub.testing.ChildHub#configure} writes a child hub's settings from the project's
 * {@code config/}.
 */
package io.wirehub.testing;
