package dev.tidings.cli;

import dev.tidings.render.CssInliner;
import dev.tidings.render.TemplateSet;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Start-up in parallel: a command that will render compiles the default theme and loads the HTML
 * and CSS machinery on a second core while the first reads and validates the digest. On the two
 * cores of a typical VM this takes about a fifth off {@code validate}'s wall time. Nothing here
 * changes a result: the theme is the same object {@link TemplateSet#defaultTheme()} would build.
 */
final class Preload {
    private static final String WARM_UP_HTML = "<!DOCTYPE html><html><head><style>p { color: #000 } @media (max-width: 1px) { p { color: #111 } }"
            + "</style></head><body><p class=\"x\">x</p></body></html>";

    private final CompletableFuture<TemplateSet> defaultTheme;

    private Preload(CompletableFuture<TemplateSet> defaultTheme) {
        this.defaultTheme = defaultTheme;
    }

    static Preload start() {
        return start(false);
    }

    /**
     * @param ledger also load SQLite's native library, which its driver copies out of the jar and
     *               checks byte by byte on every run (~50 ms): a send needs it, a render does not
     */
    static Preload start(boolean ledger) {
        CompletableFuture<TemplateSet> theme = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                new CssInliner().inline(WARM_UP_HTML);
                theme.complete(TemplateSet.defaultTheme());
                if (ledger) {
                    org.sqlite.SQLiteJDBCLoader.initialize();
                }
            } catch (Exception e) {
                theme.completeExceptionally(e);
            }
        }, "tidings-preload");
        thread.setDaemon(true);
        thread.start();
        return new Preload(theme);
    }

    /** The default theme, from the background thread (a failure there is thrown here, where it is reported). */
    TemplateSet defaultTheme() {
        try {
            return defaultTheme.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TemplateSet.defaultTheme();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
