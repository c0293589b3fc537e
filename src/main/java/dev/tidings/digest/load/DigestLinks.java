package dev.tidings.digest.load;

import dev.tidings.digest.Callout;
import dev.tidings.digest.Digest;
import dev.tidings.digest.FieldChecks;
import dev.tidings.digest.Image;
import dev.tidings.digest.Issue;
import dev.tidings.digest.Item;
import dev.tidings.digest.Link;
import dev.tidings.digest.Newsletter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every web address an editor wrote in a digest, and where: what {@code validate --check-links}
 * requests. Addresses come from the records as written, before rendering adds UTM parameters,
 * since the link to fix is the editor's.
 *
 * <p>Left out, on purpose:
 * <ul>
 *   <li>the unsubscribe URL, made per subscriber (a request with a placeholder token proves nothing),
 *       and so {@code newsletter.public_url}, whose only link in an email is that one;</li>
 *   <li>{@code newsletter.archive_url}: the email links to ARCHIVE_URL/ISSUE-ID/, the issue's web
 *       version, which is published with the issue and so cannot be there before it is sent;</li>
 *   <li>{@code newsletter.subscribe_url}: where the archive's subscribe box posts, not a link of the email;</li>
 *   <li>mailto: and every other scheme, and addresses that validation already refuses.</li>
 * </ul>
 */
public final class DigestLinks {
    private final MarkdownLinkCheck markdown = new MarkdownLinkCheck();
    private final SourceMap map;
    private final List<LinkUse> uses = new ArrayList<>();

    private DigestLinks(SourceMap map) {
        this.map = map;
    }

    /** The http(s) links and images of a digest, in the order of its fields. */
    public static List<LinkUse> of(Digest digest, SourceMap map) {
        DigestLinks links = new DigestLinks(map);
        links.newsletter(digest.newsletter());
        links.issue(digest.issue());
        return List.copyOf(links.uses);
    }

    private void newsletter(Newsletter n) {
        url("newsletter.website", n.website(), LinkUse.Kind.LINK);
        markdown("newsletter.footer", n.footer());
    }

    private void issue(Issue issue) {
        if (issue.author() != null) {
            url("issue.author.url", issue.author().url(), LinkUse.Kind.LINK);
            markdown("issue.author.bio", issue.author().bio());
        }
        markdown("issue.standfirst", issue.standfirst());
        markdown("issue.intro", issue.intro());
        image("issue.image", issue.image());
        for (int i = 0; i < issue.items().size(); i++) {
            Item item = issue.items().get(i);
            String path = "issue.items[" + i + "]";
            url(path + ".url", item.url(), LinkUse.Kind.LINK);
            markdown(path + ".summary", item.summary());
            markdown(path + ".comment", item.comment());
            image(path + ".image", item.image());
        }
        markdown("issue.closing", issue.closing());
        for (int s = 0; s < issue.sections().size(); s++) {
            List<Link> links = issue.sections().get(s).links();
            for (int l = 0; l < links.size(); l++) {
                url("issue.sections[" + s + "].links[" + l + "].url", links.get(l).url(), LinkUse.Kind.LINK);
            }
        }
        for (int c = 0; c < issue.callouts().size(); c++) {
            Callout callout = issue.callouts().get(c);
            String path = "issue.callouts[" + c + "]";
            markdown(path + ".body", callout.body());
            if (callout.link() != null) {
                url(path + ".link.url", callout.link().url(), LinkUse.Kind.LINK);
            }
            if (callout.event() != null) {
                url(path + ".event.url", callout.event().url(), LinkUse.Kind.LINK);
            }
        }
    }

    private void image(String path, Image image) {
        if (image != null) {
            url(path + ".url", image.url(), LinkUse.Kind.IMAGE);
        }
    }

    private void url(String path, String url, LinkUse.Kind kind) {
        if (url != null) {
            add(new LinkUse(url, path, map.valueOf(path), kind));
        }
    }

    private void markdown(String path, String text) {
        if (text != null) {
            markdown.links(text, path, map).forEach(this::add);
        }
    }

    private void add(LinkUse use) {
        if (isWeb(use.url()) && FieldChecks.webUrlProblem(use.url(), false) == null) {
            uses.add(use);
        }
    }

    private static boolean isWeb(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }
}
