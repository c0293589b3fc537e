/**
 * The command line, and the only room that knows picocli: one {@code XxxCommand} per subcommand
 * (parse, one call into the core, print, return an exit code), what they share (the digest input
 * options, the secrets, the terminal, the printed summaries), and the wiring of implementations
 * into seams (the SQLite store and the Angus connector into the send loop).
 *
 * <p>Larger than the other rooms (about thirty files) because picocli wants a class per command and
 * the commands are flat by nature; each file is one command or one thing they share.
 * {@link dev.tidings.cli.CdsTraining} is a build-time program {@code make} runs to record the classes
 * a run loads; it lives here because it drives the command line.
 */
package dev.tidings.cli;
