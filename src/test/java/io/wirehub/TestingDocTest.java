package io.wirehub;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/testing.md shows the example project's tests, route and dependency block: they must be
 * exactly the files the build runs (examples/newsroom, tested by mvn verify through
 * maven-invoker-plugin), so a reader copies what works.
 */
class TestingDocTest {
    static String read(String path) throws Exception {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }

    @Test
    void theDocShowsTheExampleFilesVerbatim() throws Exception {
        String doc = read("docs/testing.md");
        for (String file : new String[] {
                "examples/newsroom/src/test/java/org/example/newsroom/NewsroomRoutesTest.java",
                "examples/newsroom/src/test/java/org/example/newsroom/FlashLaneTest.java",
                "examples/newsroom/routes/afp-flash.camel.yaml"}) {
            assertThat(doc).as("docs/testing.md shows %s as it is", file).contains(read(file));
        }
        String pom = read("examples/newsroom/pom.xml");
        String deps = pom.substring(pom.indexOf("  <dependencies>"), pom.indexOf("  </dependencies>") + "  </dependencies>".length());
        assertThat(doc).as("the dependency block of examples/newsroom/pom.xml").contains(deps);
    }
}
