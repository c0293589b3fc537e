/**
 * What the commands print, apart from the commands: the send's summary and live progress
 * ({@link dev.tidings.cli.console.SendSummary}, {@link dev.tidings.cli.console.ConsoleProgress}), the
 * unsubscribe sweep's summary, problems as text or JSON ({@link dev.tidings.cli.console.ProblemReport}),
 * and the terminal a confirmation is asked on ({@link dev.tidings.cli.console.Terminal}). It decides
 * nothing: exit codes come from the core ({@code mail.SendReport#status}). Knows no picocli.
 */
package dev.tidings.cli.console;
