package dev.tidings.cli;

/** Every fault of {@link SendFaultsIT}, against a relay that does not offer PIPELINING: Angus Mail's own exchange. */
class SendFaultsWithoutPipeliningIT extends SendFaultsIT {
    @Override
    boolean pipelining() {
        return false;
    }
}
