package dev.tidings.preview;

import dev.tidings.TidingsException;

import java.net.BindException;

/**
 * Why a Jetty server could not start listening, in words: the one message of {@code preview},
 * {@code sandbox} and {@code serve} (a usage error, exit 2). Jetty wraps the operating system's
 * {@link BindException} ("Address already in use") in its own exceptions, so the cause chain is
 * searched; only a taken or forbidden port gets the command's hint (another instance, another port).
 */
public final class ListenFailure {
    private ListenFailure() {
    }

    public static TidingsException of(String host, int port, Exception e, String busyHint) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return TidingsException.usage("cannot listen on " + host + ":" + port + " (" + cause.getMessage()
                        + "); " + busyHint);
            }
        }
        return TidingsException.usage("cannot listen on " + host + ":" + port + ": " + e.getMessage());
    }
}
