package dev.tidings.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaCommandTest {
    @Test
    void printsTheDraft202012Schema() {
        CliRun run = CliRun.of("schema");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""), run.out());
    }

    /** docs/digest.schema.json is what editors point at; it must be the schema the validator uses. */
    @Test
    void thePublishedCopyInDocsIsCurrent() throws IOException {
        assertEquals(CliRun.of("schema").out(), Files.readString(Path.of("docs/digest.schema.json")),
                "run: java -jar target/tidings.jar schema > docs/digest.schema.json");
    }
}
