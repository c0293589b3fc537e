package dev.tidings.links;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * What becomes of a response's body: left unread (a link check, a redirect, an error page), or read
 * up to a limit and refused beyond it, whether the server declared its length or streams it. A
 * 50 MB page is never read to the end: the subscription is cancelled, which closes the connection.
 */
final class BodyLimit {
    private BodyLimit() {
    }

    /** A body not read at all: the connection is dropped as soon as the headers are in. */
    static <T> HttpResponse.BodySubscriber<T> unread() {
        return new Unread<>();
    }

    /** At most {@code limit} bytes; a longer body fails with {@link TooLargeException} as soon as it is known to be longer. */
    static HttpResponse.BodySubscriber<byte[]> atMost(int limit, long declaredLength) {
        return declaredLength > limit ? new Refused(limit) : new Capped(limit);
    }

    static String describe(int limit) {
        return "larger than " + (limit % (1024 * 1024) == 0 ? limit / (1024 * 1024) + " MB" : limit + " bytes");
    }

    /** The body is larger than we read. */
    static final class TooLargeException extends IOException {
        TooLargeException(int limit) {
            super(describe(limit));
        }
    }

    private static class Unread<T> implements HttpResponse.BodySubscriber<T> {
        final CompletableFuture<T> body = new CompletableFuture<>();

        @Override
        public CompletionStage<T> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
            finish();
        }

        void finish() {
            body.complete(null);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(null);
        }
    }

    /** A Content-Length over the limit: refused before a byte of it is read. */
    private static final class Refused extends Unread<byte[]> {
        private final int limit;

        Refused(int limit) {
            this.limit = limit;
        }

        @Override
        void finish() {
            body.completeExceptionally(new TooLargeException(limit));
        }
    }

    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int limit;
        private Flow.Subscription subscription;

        Capped(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            // Cancelled from outside (the deadline): stop reading too, so that the connection is closed.
            body.whenComplete((value, failure) -> subscription.cancel());
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > limit) {
                    body.completeExceptionally(new TooLargeException(limit));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
