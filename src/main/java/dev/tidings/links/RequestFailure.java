package dev.tidings.links;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.util.Locale;

/**
 * Why a request got no answer, in the editor's words. The HTTP client wraps the real cause a level
 * or two deep (a failed DNS lookup is a ConnectException around an UnresolvedAddressException,
 * with no message at all), so the whole chain is read.
 */
final class RequestFailure {
    private RequestFailure() {
    }

    /**
     * Whether trying again later may well succeed: no answer in time, no connection, a dropped one.
     * Not a page too large, a host DNS does not know (a typo as often as an outage), nor a TLS
     * failure (a certificate is not fixed by waiting).
     */
    static boolean isTemporary(IOException failure) {
        return find(failure, BodyLimit.TooLargeException.class) == null && find(failure, UnresolvedAddressException.class) == null
                && find(failure, UnknownHostException.class) == null && find(failure, SSLException.class) == null;
    }

    static String describe(IOException failure, Duration requestTimeout) {
        BodyLimit.TooLargeException large = find(failure, BodyLimit.TooLargeException.class);
        if (large != null) {
            return large.getMessage();
        }
        if (find(failure, PoliteClient.BodyTimeoutException.class) != null) {
            return "timed out: the page was still arriving after " + seconds(requestTimeout);
        }
        if (find(failure, HttpConnectTimeoutException.class) != null) {
            return "timed out while connecting";
        }
        if (find(failure, HttpTimeoutException.class) != null) {
            return "timed out: no answer within " + seconds(requestTimeout);
        }
        if (find(failure, UnresolvedAddressException.class) != null || find(failure, UnknownHostException.class) != null) {
            return "host not found (DNS)";
        }
        SSLException tls = find(failure, SSLException.class);
        if (tls != null) {
            return "TLS failure: " + tlsReason(tls);
        }
        if (find(failure, ConnectException.class) != null) {
            // JDK 17 reports a refused connection with no message at all, later ones with the system's.
            String detail = deepestMessage(failure);
            return detail == null || detail.toLowerCase(Locale.ROOT).contains("refused") ? "connection refused" : "cannot connect (" + detail + ")";
        }
        String detail = deepestMessage(failure);
        return "no answer (" + (detail == null ? failure.getClass().getSimpleName() : detail) + ")";
    }

    private static String tlsReason(SSLException tls) {
        String message = String.valueOf(tls.getMessage());
        if (find(tls, CertificateExpiredException.class) != null) {
            return "the certificate has expired";
        }
        if (message.contains("PKIX") || message.contains("certification path")) {
            return "the certificate is not trusted (self-signed, or from an unknown authority)";
        }
        if (message.contains("No subject alternative") || message.contains("No name matching")) {
            return "the certificate is for another host name";
        }
        return message;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** "Connection reset", "No route to host": the innermost message, the one the operating system gave. */
    private static String deepestMessage(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message;
    }

    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }
}
