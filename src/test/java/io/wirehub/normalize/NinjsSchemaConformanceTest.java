package io.wirehub.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.wirehub.testing.Shared;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator wirehub uses accepts every should_pass and rejects every should_fail document of the
 * IPTC ninjs test suites (3.0 against the 3.0 schema, 3.1 against the 3.1 schema).
 */
class NinjsSchemaConformanceTest {

    @TestFactory
    List<DynamicTest> iptcTestSuites() throws IOException {
        Path suites = Shared.require("corpora/ninjs/validation/test_suite");
        List<DynamicTest> tests = new ArrayList<>();
        for (String version : List.of("3.0", "3.1")) {
            Path schema = Shared.require("corpora/ninjs/specification/ninjs-schema_" + version + ".json");
            NinjsValidator v = new NinjsValidator(schema);
            for (String kind : List.of("should_pass", "should_fail")) {
                Path dir = suites.resolve(version).resolve(kind);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                        tests.add(DynamicTest.dynamicTest(version + "/" + kind + "/" + f.getFileName(), () -> {
                            JsonNode doc = NinjsJson.MAPPER.readTree(f.toFile());
                            List<String> errors = v.errors(doc);
                            if (kind.equals("should_pass")) {
                                assertThat(errors).as("errors").isEmpty();
                            } else {
                                assertThat(errors).as("a should_fail document must be rejected").isNotEmpty();
                            }
                        }));
                    }
                }
            }
        }
        assertThat(tests).as("suite documents found").hasSizeGreaterThan(10);
        return tests;
    }
}
