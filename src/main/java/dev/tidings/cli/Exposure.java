package dev.tidings.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a local server given {@code --bind ADDRESS} can be reached from, for the warning that
 * {@code preview} and {@code sandbox} print when it is more than this machine. Decided by the
 * address the name stands for, not its spelling: {@code localhost} and {@code 127.0.0.2} are
 * loopback, {@code 127.example.org} is not.
 */
final class Exposure {
    private Exposure() {
    }

    /** Null for a loopback address; else how to name what listens: "0.0.0.0 (every network interface)", "192.0.2.7". */
    static String beyondLoopback(String bind) {
        try {
            InetAddress address = InetAddress.getByName(bind);
            if (address.isLoopbackAddress()) {
                return null;
            }
            return address.isAnyLocalAddress() ? bind + " (every network interface)" : bind;
        } catch (UnknownHostException e) {
            return bind; // the server reports that it cannot listen there
        }
    }
}
