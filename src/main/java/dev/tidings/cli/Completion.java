package dev.tidings.cli;

import picocli.AutoComplete;

/** Prints the bash completion script of the whole command tree: {@code make install} writes it to a file. */
public final class Completion {
    private Completion() {
    }

    public static void main(String[] args) {
        System.out.print(AutoComplete.bash("tidings", TidingsCli.full()));
    }
}
