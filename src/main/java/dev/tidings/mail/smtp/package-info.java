/**
 * The SMTP wire: {@link dev.tidings.mail.smtp.AngusSmtpConnector} implements the send loop's
 * {@code MailConnector} with Eclipse Angus Mail, with pipelining (RFC 2920), limits on replies and
 * time ({@link dev.tidings.mail.smtp.ReplyLimits}, guarded sockets), TLS, AUTH, and the settings of
 * {@code --smtp} ({@link dev.tidings.mail.smtp.SmtpSettings}); and the in-process sandbox server
 * ({@link dev.tidings.mail.smtp.SmtpSandbox}). Depends on {@code mail} (the interfaces it implements)
 * and {@code mail.mime}.
 */
package dev.tidings.mail.smtp;
