package io.wirehub;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/testing.md shows the example project's tests, route and dependency block, and the README a
 * route and a test: they must be exactly the files the build runs (examples/newsroom, tested by mvn verify through
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

    /** The README's two Camel sections show code that runs: each block is part of the file it names. */
    @Test
    void theReadmeShowsTheTestedRouteAndTestVerbatim() throws Exception {
        String readme = read("README.md");
        assertThat(read("src/test/resources/kamelet-user-route/newsroom.camel.yaml"))
                .as("the route of 'Use it from your own Camel routes'").contains(block(readme, "## Use it from your own Camel routes", "```yaml\n"));
        assertThat(read("examples/newsroom/src/test/java/org/example/newsroom/NewsroomRoutesTest.java"))
                .as("the test of 'Test your routes'").contains(block(readme, "## Test your routes", "```java\n"));
    }

    /** The first fenced block after {@code heading}, without its fences. */
    private static String block(String text, String heading, String fence) {
        int from = text.indexOf(fence, text.indexOf(heading)) + fence.length();
        String b = text.substring(from, text.indexOf("```", from));
        assertThat(b.lines().count()).as("a block under %s", heading).isGreaterThan(10);
        return b;
    }
}
