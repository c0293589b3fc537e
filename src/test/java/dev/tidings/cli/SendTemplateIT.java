package dev.tidings.cli;

import dev.tidings.render.ThemeExport;
import dev.tidings.mail.smtp.FaultSmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code send --template DIR}: the theme an editor previews with --template is the one sent (send had no such option). */
class SendTemplateIT {
    @TempDir
    Path dir;

    @Test
    void theThemeGivenIsTheThemeSent() throws IOException {
        Path theme = copyOfTheDefaultTheme(dir.resolve("theme"));
        Path text = theme.resolve("email.txt.ftl");
        Files.writeString(text, "Sent with the editor's own theme.\n" + Files.readString(text));
        try (FaultSmtpServer relay = new FaultSmtpServer(new FaultSmtpServer.Script() {
        }).start()) {
            SendFixture project = new SendFixture(Files.createDirectories(dir.resolve("project")));
            CliRun run = project.send(project.generatedList("list.csv", 3), "--smtp", "smtp://127.0.0.1:" + relay.port(), "--yes",
                    "--template", theme.toString());
            assertEquals(0, run.exitCode(), run.all());
            assertEquals(3, relay.acceptedCount());
            for (FaultSmtpServer.Received message : relay.received()) {
                assertTrue(message.text().contains("Sent with the editor's own theme."), message.text());
            }
        }
    }

    /** The default theme as {@code tidings theme export} writes it. */
    private static Path copyOfTheDefaultTheme(Path target) {
        ThemeExport.defaultThemeTo(target);
        return target;
    }
}
