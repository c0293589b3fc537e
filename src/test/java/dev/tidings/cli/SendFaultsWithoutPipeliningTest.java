package dev.tidings.cli;

/** Every fault of {@link SendFaultsTest}, against a relay that does not offer PIPELINING: Angus Mail's own exchange. */
class SendFaultsWithoutPipeliningTest extends SendFaultsTest {
    @Override
    boolean pipelining() {
        return false;
    }
}
