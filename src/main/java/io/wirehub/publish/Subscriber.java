package io.wirehub.publish;

/** A subscriber ready to match and deliver: its spec and compiled filter. */
public record Subscriber(SubscriberSpec spec, CompiledFilter filter, boolean enabled) {
    public String id() {
        return spec.id;
    }
}
