/**
 * wirehub's route-test kit, published as wirehub's test-jar ({@code io.wirehub:wirehub:<version>},
 * type {@code test-jar}): {@link io.wirehub.testing.WirehubExtension} runs a real hub (or a subset
 * of its routes and stages, plus your own routes) on a temporary folder with the embedded H2
 * database; {@link io.wirehub.testing.FeedServer} and {@link io.wirehub.testing.WebhookReceiver}
 * are loopback servers (conditional GET, statuses, slow bodies; Standard Webhooks verification);
 * {@link io.wirehub.testing.WirehubAssertions} waits for schema-valid ninjs items where they are
 * delivered. docs/testing.md shows how to depend on it; examples/newsroom is a project that does.
 *
 * <p>The other classes here ({@code TestHub}, {@code DeliveryHub}, {@code ChildHub},
 * {@code SeedItem}, {@code Shared}...) are wirehub's own test helpers: they read the project's
 * {@code config/}, {@code routes/} and {@code ../shared} test material.
 */
package io.wirehub.testing;
