package dev.tidings.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything one send is told: which list and ledger, and how it behaves. The values are checked
 * once, where they are read (the command line refuses a bad one with exit 2), and trusted here.
 *
 * @param list             the subscriber list, or null for a proof (--test-to) without one
 * @param ledgerFile       the send ledger, or null for a proof, which records nothing
 * @param bounceFile       where hard bounces are appended (and read from)
 * @param suppressFiles    further --suppress files
 * @param throwawayLedger  the ledger is a rehearsal's already ({@code --smtp sandbox}): no other is made
 * @param connections      parallel SMTP connections, 1 to {@link #MAX_CONNECTIONS}
 * @param rate             the token bucket across all connections, or null for as fast as the relay takes
 * @param maxPerConnection reconnect after this many messages (0: never)
 * @param retries          attempts after the first, for 4xx replies and dropped connections
 * @param retryBaseDelay   the first back-off; doubled per attempt, with jitter, capped at {@link #MAX_BACKOFF}
 * @param dailyLimit       messages per rolling 24 hours across runs (0: no limit)
 * @param resendUncertain  resend recipients a crash left in SENDING
 * @param retryFailed      send again to recipients that failed permanently (after fixing a content or sender problem)
 * @param skipInvalid      send despite invalid rows in the list, skipping them; without it such a list is refused
 * @param shard            the part of the list this run sends to ({@link Shard#ALL} for all of it)
 */
public record SendOptions(
        Path list,
        Path ledgerFile,
        Path bounceFile,
        List<Path> suppressFiles,
        boolean throwawayLedger,
        int connections,
        Rate rate,
        int maxPerConnection,
        int retries,
        Duration retryBaseDelay,
        long dailyLimit,
        boolean resendUncertain,
        boolean retryFailed,
        boolean skipInvalid,
        Shard shard) {

    public static final Duration MAX_BACKOFF = Duration.ofMinutes(2);
    public static final int MAX_CONNECTIONS = 32;
    /** More retries than this are not asked for but taken as this many: by then a back-off waits {@link #MAX_BACKOFF} each. */
    public static final int MAX_RETRIES = 20;

    public SendOptions {
        suppressFiles = List.copyOf(suppressFiles);
    }

    /** The command line's defaults, without a list or a ledger (a proof's). */
    public static SendOptions defaults() {
        return new SendOptions(null, null, null, List.of(), false, 2, null, 0, 3, Duration.ofSeconds(2), 0, false, false, false,
                Shard.ALL);
    }

    /** These settings for a list recorded in this ledger. */
    public SendOptions forList(Path list, Path ledgerFile, Path bounceFile) {
        return new SendOptions(list, ledgerFile, bounceFile, suppressFiles, throwawayLedger, connections, rate, maxPerConnection,
                retries, retryBaseDelay, dailyLimit, resendUncertain, retryFailed, skipInvalid, shard);
    }

    /** These settings with a rehearsal's own ledger and bounce file ({@code --smtp sandbox}), thrown away afterwards. */
    public SendOptions inThrowawayLedger(Path throwawayLedger, Path throwawayBounces) {
        return new SendOptions(list, throwawayLedger, throwawayBounces, suppressFiles, true, connections, rate, maxPerConnection,
                retries, retryBaseDelay, dailyLimit, resendUncertain, retryFailed, skipInvalid, shard);
    }

    public SendOptions skippingInvalidRows() {
        return new SendOptions(list, ledgerFile, bounceFile, suppressFiles, throwawayLedger, connections, rate, maxPerConnection,
                retries, retryBaseDelay, dailyLimit, resendUncertain, retryFailed, true, shard);
    }

    public SendOptions withConnections(int n) {
        return new SendOptions(list, ledgerFile, bounceFile, suppressFiles, throwawayLedger, n, rate, maxPerConnection,
                retries, retryBaseDelay, dailyLimit, resendUncertain, retryFailed, skipInvalid, shard);
    }

    public SendOptions withDailyLimit(long messages) {
        return new SendOptions(list, ledgerFile, bounceFile, suppressFiles, throwawayLedger, connections, rate, maxPerConnection,
                retries, retryBaseDelay, messages, resendUncertain, retryFailed, skipInvalid, shard);
    }

    public SendOptions withRetries(int n, Duration baseDelay) {
        return new SendOptions(list, ledgerFile, bounceFile, suppressFiles, throwawayLedger, connections, rate, maxPerConnection,
                n, baseDelay, dailyLimit, resendUncertain, retryFailed, skipInvalid, shard);
    }
}
