package io.wirehub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validates ninjs documents against an IPTC ninjs JSON Schema (3.1 by default). The GeoJSON schema
 * the ninjs schema refers to by URL is resolved to the copy in {@code schema/GeoJSON.json} on the
 * classpath, so validation never touches the network.
 */
public final class NinjsValidator {
    private final JsonSchema schema;

    /** A validator for the schema file at {@code schemaFile} (e.g. ninjs-schema_3.1.json). */
    public NinjsValidator(Path schemaFile) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                b -> b.schemaMappers(m -> m.mapPrefix("https://geojson.org/schema/", "classpath:schema/")));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        this.schema = factory.getSchema(SchemaLocation.of(schemaFile.toAbsolutePath().toUri().toString()), config);
    }

    /** The validation errors of a ninjs document; empty when it is valid. */
    public List<String> errors(JsonNode doc) {
        Set<ValidationMessage> msgs = schema.validate(doc);
        return msgs.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.toList());
    }

    /** The validation errors of an item as the hub would emit it. */
    public List<String> errors(NinjsItem item) {
        return errors(NinjsJson.MAPPER.valueToTree(item));
    }
}
