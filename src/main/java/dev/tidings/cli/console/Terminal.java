package dev.tidings.cli.console;

import java.io.Console;

/** The person at the keyboard, if there is one: cron has none, so nothing may wait for an answer there. */
public interface Terminal {
    boolean interactive();

    /** Asks and returns the answer, or null at end of input. */
    String ask(String prompt);

    /** The real one: interactive when both stdin and stdout are a terminal (System.console()). */
    static Terminal system() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return System.console() != null;
            }

            @Override
            public String ask(String prompt) {
                Console console = System.console();
                return console == null ? null : console.readLine("%s", prompt);
            }
        };
    }

    /** No terminal, as under cron or in a pipeline. */
    static Terminal none() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public String ask(String prompt) {
                return null;
            }
        };
    }
}
