/**
 * The local web servers: {@code tidings preview} (the issue re-rendered as its file changes, pushed to
 * the browser) and the pages of {@code tidings sandbox} (the messages the SMTP sandbox caught), on
 * Jetty 12 bound to loopback, with Host checks, request limits and a Content-Security-Policy that lets
 * no script from rendered or received mail run. Depends on {@code render} and what it reads.
 */
package dev.tidings.preview;
