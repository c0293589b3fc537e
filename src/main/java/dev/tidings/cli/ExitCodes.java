package dev.tidings.cli;

import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit-code table that every command shows in its help, in step with {@link dev.tidings.ExitStatus}. */
final class ExitCodes {
    private static final Map<String, String> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("0", "success");
        TABLE.put("1", "invalid input (validation failed, unreadable file, bad template)");
        TABLE.put("2", "usage error (unknown option, missing argument)");
        TABLE.put("3", "some recipients failed permanently and are still subscribed in the list, or are uncertain, or nobody could be sent the issue");
        TABLE.put("4", "stopped by a temporary condition (mail server unreachable or refusing the login, 4xx, recipients left without an outcome); safe to re-run");
        TABLE.put("70", "internal error (a bug; please report it)");
    }

    private ExitCodes() {
    }

    /** Adds the table to the help of a command and all its subcommands. */
    static void document(CommandLine command) {
        command.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(TABLE);
        command.getSubcommands().values().forEach(ExitCodes::document);
    }
}
