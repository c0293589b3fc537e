package dev.tidings.archive;

/**
 * What both feeds say about the newsletter.
 *
 * @param homeUrl the archive's index, absolute and ending in "/"
 * @param website the newsletter's own site, or null
 */
record FeedInfo(String title, String homeUrl, String website) {
    String atomUrl() {
        return homeUrl + dev.tidings.render.WebRenderer.ATOM_FEED;
    }

    String jsonUrl() {
        return homeUrl + dev.tidings.render.WebRenderer.JSON_FEED;
    }
}
