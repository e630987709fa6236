package io.wirehub.normalize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * The Jackson module that makes any ObjectMapper read and write ninjs items as {@link NinjsJson}
 * does, for camel-jackson's {@code json} data format
 * ({@code moduleClassNames: io.wirehub.normalize.NinjsModule}). Writing needs nothing beyond the
 * annotations on {@link NinjsItem} (property order, empty values left out, extra properties kept);
 * reading is made as lenient as the hub's mapper, which ignores unknown properties: the module
 * lets every ninjs type ignore what it does not model (the item itself and the extensible
 * objects keep it instead), whatever FAIL_ON_UNKNOWN_PROPERTIES says.
 */
public class NinjsModule extends SimpleModule {
    public NinjsModule() {
        super("wirehub-ninjs");
        for (Class<?> c : new Class<?>[]{NinjsItem.Text.class, NinjsItem.AltId.class}) {
            setMixInAnnotation(c, Lenient.class);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private abstract static class Lenient {
    }
}
