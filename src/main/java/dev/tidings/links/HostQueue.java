package dev.tidings.links;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The addresses still to check, handed out so that no thread waits on a busy host while another
 * host has work, and the host with the most addresses left goes first: it is the one that decides
 * when the check ends, since at most {@code perHost} of its addresses can be in flight at a time.
 */
final class HostQueue {
    private final int perHost;
    private final Map<String, Deque<String>> pending = new LinkedHashMap<>();
    private final Map<String, Integer> inFlight = new LinkedHashMap<>();

    HostQueue(List<String> addresses, int perHost) {
        this.perHost = perHost;
        for (String address : addresses) {
            pending.computeIfAbsent(HostPermits.key(address), k -> new ArrayDeque<>()).add(address);
        }
    }

    /** The next address to check, waiting while every host with work is at its limit; null when none is left. */
    synchronized String take() throws InterruptedException {
        while (true) {
            String host = null;
            int most = 0;
            boolean anyLeft = false;
            for (Map.Entry<String, Deque<String>> entry : pending.entrySet()) {
                int left = entry.getValue().size();
                anyLeft |= left > 0;
                if (left > most && inFlight.getOrDefault(entry.getKey(), 0) < perHost) {
                    host = entry.getKey();
                    most = left;
                }
            }
            if (!anyLeft) {
                return null;
            }
            if (host != null) {
                inFlight.merge(host, 1, Integer::sum);
                return pending.get(host).poll();
            }
            wait();
        }
    }

    /** The check of an address from {@link #take()} has ended. */
    synchronized void done(String address) {
        inFlight.merge(HostPermits.key(address), -1, Integer::sum);
        notifyAll();
    }
}
