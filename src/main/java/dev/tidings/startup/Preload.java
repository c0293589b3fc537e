package dev.tidings.startup;

import dev.tidings.digest.load.DigestSchema;
import dev.tidings.render.css.CssInliner;
import dev.tidings.render.TemplateSet;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Start-up in parallel. While the main thread builds the command line and reads the digest, two
 * more threads (the machines this runs on have two cores or more) build what the command will
 * need next: one the digest schema, then SQLite's native library, its first connection and the
 * SMTP classes; the other the default theme and the HTML and CSS machinery. Each costs tens of
 * milliseconds in a fresh JVM; together they were a third of a {@code validate}. Nothing here
 * changes a result: each object is the one the command would have built itself, and one that
 * fails here is built again where it is needed, to report the failure there.
 */
public final class Preload {
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
    public static Preload none() {
        return new Preload(null, null);
    }

    /** What the command named by the arguments will need, started now on background threads. */
    public static Preload forArguments(String[] args) {
        if (args.length == 0 || !RENDERING.contains(args[0])) {
            return none();
        }
        boolean ledger = args[0].equals("send") && !List.of(args).contains("--dry-run");
        CompletableFuture<DigestSchema> schema = new CompletableFuture<>();
        CompletableFuture<TemplateSet> theme = new CompletableFuture<>();
        // Two threads, not one: the command asks for the schema first and the theme soon after,
        // and while its thread waits for either, a core would otherwise sit idle.
        start("tidings-preload-theme", () -> complete(theme, () -> {
            new CssInliner().inline(WARM_UP_HTML);
            return TemplateSet.defaultTheme();
        }));
        start("tidings-preload-schema", () -> {
            complete(schema, DigestSchema::new);
            if (ledger) {
                prepareSending();
            }
        });
        return new Preload(schema, theme);
    }

    private static void start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void prepareSending() {
        try {
            org.sqlite.SQLiteJDBCLoader.initialize();
            // The first connection costs tens of milliseconds of driver set-up; later ones next to nothing.
            java.sql.DriverManager.getConnection("jdbc:sqlite::memory:").close();
            // Jakarta Mail's providers and Angus's SMTP classes, loaded before the first connection needs them
            jakarta.mail.Session.getInstance(new java.util.Properties()).getTransport("smtp");
            // the security providers' tables, built once per JVM: the message builder's SecureRandom then costs nothing
            new java.security.SecureRandom().nextInt();
        } catch (Exception e) {
            // the ledger and the connections load these again, and report what goes wrong then
        }
    }

    private static <T> void complete(CompletableFuture<T> future, Supplier<T> work) {
        try {
            future.complete(work.get());
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }

    public DigestSchema schema() {
        return get(schema, DigestSchema::new);
    }

    public TemplateSet defaultTheme() {
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
