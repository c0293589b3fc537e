package dev.tidings.preview;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * What every request of the preview and the sandbox passes before it reaches a route: the Host
 * check, the methods, the security headers every answer carries, and an empty answer (204) for
 * the icon browsers ask for.
 *
 * <p><b>The Host check (DNS rebinding).</b> A web page on {@code evil.example} can have its name
 * resolve to 127.0.0.1 a moment after loading; its script then reaches our port as the same
 * origin, and could read the subscriber list, unsubscribe tokens and every caught message. The
 * browser still sends {@code Host: evil.example:PORT}, so only these are answered, each with the
 * port we listen on ({@code localhost} alone only on port 80):
 * <ul>
 * <li>the loopback names {@code localhost}, {@code 127.0.0.1} and {@code [::1]};
 * <li>the address given with {@code --bind}, as written (for when the user chose to expose it);
 * <li>for a wildcard bind ({@code 0.0.0.0}, {@code ::}), the IP addresses of this machine's
 * interfaces at start-up: a rebinding page needs a name, and an address literal is never one.
 * </ul>
 * Everything else gets 421 Misdirected Request (RFC 9110 §15.5.20), before any route runs; so does
 * a request with no Host at all (HTTP/1.0), which no browser sends. No answer carries CORS headers,
 * so other origins can send requests but never read the answers.
 */
final class RequestGuard extends Handler.Wrapper {
    /** Dotted-quad octets only: anything else given to InetAddress would be looked up in DNS. */
    private static final Pattern IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    private final Set<String> names;
    private final Set<InetAddress> addresses;
    private final IntSupplier port;
    private final HeaderDeadline deadline;

    RequestGuard(String bind, IntSupplier port, HeaderDeadline deadline) {
        this.names = acceptedNames(bind);
        this.addresses = acceptedAddresses(bind);
        this.port = port;
        this.deadline = deadline;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var connection = request.getConnectionMetaData().getConnection();
        deadline.requestArrived(connection);
        Request.addCompletionListener(request, failure -> deadline.answered(connection));
        Http.secureDefaults(response);
        if (!hostAccepted(request)) {
            Http.send(request, response, callback, 421, "text/plain", "tidings answers only to http://127.0.0.1:" + port.getAsInt()
                    + "/ (or localhost, or the address it was told to --bind): another name in the Host header is how a web page"
                    + " would read it (DNS rebinding)\n");
            return true;
        }
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Http.send(request, response, callback, 405, "text/plain", "method not allowed\n");
            return true;
        }
        if (Http.path(request).equals("/favicon.ico")) {
            // Browsers ask every site for its icon; a 404 is a red error in the page's console, where
            // an editor looking for why the preview misbehaves then finds a false lead. No icon, no error.
            response.setStatus(204);
            response.write(true, java.nio.ByteBuffer.allocate(0), callback);
            return true;
        }
        if (!super.handle(request, response, callback)) {
            Http.send(request, response, callback, 404, "text/plain", "not found\n");
        }
        return true;
    }

    /** The Host header, and the authority of an absolute request-target (RFC 9112 §3.2.2) if there is one. */
    private boolean hostAccepted(Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null || !accepts(host)) {
            return false;
        }
        HttpURI uri = request.getHttpURI();
        return !uri.isAbsolute() || accepts(uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
    }

    /** {@code name[:port]}, {@code a.b.c.d[:port]} or {@code [v6][:port]}, names compared without case; no port means 80. */
    boolean accepts(String authority) {
        String value = authority.trim().toLowerCase(Locale.ROOT);
        int portStart = value.startsWith("[") ? value.indexOf(']') + 1 : value.indexOf(':');
        int portNumber = 80;
        if (portStart > 0 && portStart < value.length()) {
            if (value.charAt(portStart) != ':' || !value.substring(portStart + 1).matches("[0-9]{1,5}")) {
                return false; // an unbracketed IPv6 address, or something that is not a port
            }
            portNumber = Integer.parseInt(value.substring(portStart + 1));
        }
        String host = portStart > 0 ? value.substring(0, portStart) : value;
        InetAddress address = address(host);
        return portNumber == port.getAsInt() && (names.contains(host) || address != null && addresses.contains(address));
    }

    /**
     * The address an IP literal stands for, or null: parsed, never looked up (a bracketed value that
     * is not IPv6 is refused by InetAddress without DNS), so "[::1]" and "[0:0:0:0:0:0:0:1]" are one.
     */
    private static InetAddress address(String host) {
        if (!host.startsWith("[") && !IPV4.matcher(host).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static Set<String> acceptedNames(String bind) {
        Set<String> names = new HashSet<>(Set.of("localhost"));
        if (address(bind) == null && !bind.contains(":")) {
            names.add(bind.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(names);
    }

    private static Set<InetAddress> acceptedAddresses(String bind) {
        Set<InetAddress> addresses = new HashSet<>(List.of(InetAddress.getLoopbackAddress(), address("127.0.0.1"), address("[::1]")));
        InetAddress bound = address(bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind);
        if (bound != null) {
            addresses.add(bound);
        }
        try {
            if (bound != null && bound.isAnyLocalAddress()) {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    addresses.addAll(Collections.list(nic.getInetAddresses()).stream().map(RequestGuard::withoutZone).toList());
                }
            }
        } catch (SocketException e) {
            // then only the loopback addresses and the bound one are accepted
        }
        return Set.copyOf(addresses);
    }

    /** fe80::1%eth0 as a browser writes it in a Host header, without the zone. */
    private static InetAddress withoutZone(InetAddress address) {
        try {
            return address instanceof Inet6Address ? InetAddress.getByAddress(address.getAddress()) : address;
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
