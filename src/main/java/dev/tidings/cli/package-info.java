/**
 * The command line, and the only room that knows picocli: one {@code XxxCommand} per subcommand
 * (parse, one call into the core, print, return an exit code), what they share (the digest input
 * options, the secrets), and the wiring of implementations into seams (the SQLite store and the
 * Angus connector into the send loop). What the commands print is {@code cli.console}.
 *
 * <p>A little larger than the other rooms (about 25 files) because picocli wants a class per
 * command (14) and the commands are flat by nature; each other file is one thing they share.
 * {@link dev.tidings.cli.CdsTraining} is a build-time program {@code make} runs to record the classes
 * a run loads; it lives here because it drives the command line.
 */
package dev.tidings.cli;
