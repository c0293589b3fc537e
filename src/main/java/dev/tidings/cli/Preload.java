package dev.tidings.cli;

import dev.tidings.digest.DigestSchema;
import dev.tidings.render.CssInliner;
import dev.tidings.render.TemplateSet;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Start-up in parallel. While the main thread builds the command line and reads the digest, a
 * second thread (the machines this runs on have two cores or more) builds what the command will
 * need next: the digest schema, the default theme, the HTML and CSS machinery, SQLite's native
 * library, its first connection and the SMTP classes. Each costs tens of milliseconds in a fresh
 * JVM; together they were a third of a {@code validate}. Nothing here changes a result: each object is the one the command would have
 * built itself, and one that fails here is built again where it is needed, to report the failure there.
 */
final class Preload {
    private static final String WARM_UP_HTML = "<!DOCTYPE html><html><head><style>p { color: #000 } @media (max-width: 1px) { p { color: #111 } }"
            + "</style></head><body><p class=\"x\">x</p></body></html>";
    private static final List<String> RENDERING = List.of("validate", "render", "send", "preview");

    private final CompletableFuture<DigestSchema> schema;
    private final CompletableFuture<TemplateSet> defaultTheme;

    private Preload(CompletableFuture<DigestSchema> schema, CompletableFuture<TemplateSet> defaultTheme) {
        this.schema = schema;
        this.defaultTheme = defaultTheme;
    }

    /** Nothing ahead of time: every object is built when asked for. */
    static Preload none() {
        return new Preload(null, null);
    }

    /** What the command named by the arguments will need, started now on a background thread. */
    static Preload forArguments(String[] args) {
        if (args.length == 0 || !RENDERING.contains(args[0])) {
            return none();
        }
        boolean ledger = args[0].equals("send") && !List.of(args).contains("--dry-run");
        CompletableFuture<DigestSchema> schema = new CompletableFuture<>();
        CompletableFuture<TemplateSet> theme = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            complete(schema, DigestSchema::new);
            complete(theme, () -> {
                new CssInliner().inline(WARM_UP_HTML);
                return TemplateSet.defaultTheme();
            });
            if (ledger) {
                try {
                    org.sqlite.SQLiteJDBCLoader.initialize();
                    // The first connection costs tens of milliseconds of driver set-up; later ones next to nothing.
                    java.sql.DriverManager.getConnection("jdbc:sqlite::memory:").close();
                    // Jakarta Mail's providers and Angus's SMTP classes, loaded before the first connection needs them
                    jakarta.mail.Session.getInstance(new java.util.Properties()).getTransport("smtp");
                } catch (Exception e) {
                    // the ledger and the connections load these again, and report what goes wrong then
                }
            }
        }, "tidings-preload");
        thread.setDaemon(true);
        thread.start();
        return new Preload(schema, theme);
    }

    private static <T> void complete(CompletableFuture<T> future, Supplier<T> work) {
        try {
            future.complete(work.get());
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }

    DigestSchema schema() {
        return get(schema, DigestSchema::new);
    }

    TemplateSet defaultTheme() {
        return get(defaultTheme, TemplateSet::defaultTheme);
    }

    private static <T> T get(CompletableFuture<T> future, Supplier<T> otherwise) {
        if (future == null) {
            return otherwise.get();
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return otherwise.get();
        } catch (ExecutionException e) {
            return otherwise.get(); // built again here, so that its failure is reported where it belongs
        }
    }
}
