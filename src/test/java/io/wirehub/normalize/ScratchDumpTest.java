package io.wirehub.normalize;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

class ScratchDumpTest {
    @Test
    void dump() throws Exception {
        String dir = System.getProperty("dump.dir");
        if (dir == null) return;
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            for (Path p : s.sorted().toList()) {
                if (Files.isDirectory(p) || p.toString().endsWith(".xsd")) continue;
                System.out.println("=== " + p.getFileName());
                try {
                    AgencyTestSupport.Result r = AgencyTestSupport.normalizeFile(p);
                    System.out.println("warnings: " + r.warnings());
                    for (NinjsItem i : r.items()) {
                        System.out.println(NinjsJson.write(i));
                        NinjsValidator v = AgencyTestSupport.validator();
                        System.out.println("errors: " + v.errors(i));
                    }
                } catch (Exception e) {
                    System.out.println("ERROR " + e);
                }
            }
        }
    }
}
