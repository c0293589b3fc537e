package dev.tidings.preview;

import java.util.List;

import static dev.tidings.preview.SandboxServer.escape;

/** The sandbox's two HTML pages, built with every value escaped, under a CSP that allows their one style sheet and no script. */
final class SandboxPages {
    private static final String STYLE = "<style>:root{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2328}"
            + "body{margin:0;background:#eef0f3}header{padding:12px 20px;background:#fff;border-bottom:1px solid #d0d7de}"
            + "h1{font-size:16px;margin:0}main{padding:16px 20px}table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}"
            + "th,td{text-align:left;padding:8px 10px;border-bottom:1px solid #e5e7eb}th{background:#f6f8fa}a{color:#0b5cad}"
            + "iframe{width:100%;height:70vh;border:1px solid #d0d7de;background:#fff;border-radius:8px}"
            + "pre{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px;overflow:auto;font:12px/1.45 ui-monospace,monospace}"
            + ".meta{color:#57606a;font-size:13px}</style>";
    static final String CSP = Csp.page(STYLE);

    private SandboxPages() {
    }

    static String inbox(List<SandboxInbox.Entry> entries) {
        StringBuilder rows = new StringBuilder();
        for (SandboxInbox.Entry e : entries) { // the newest first
            rows.append("<tr><td>").append(e.id()).append("</td><td>").append(escape(e.from())).append("</td><td>")
                    .append(escape(e.to())).append("</td><td><a href=\"/messages/").append(e.id()).append("\">")
                    .append(escape(e.subject().isEmpty() ? "(no subject)" : e.subject())).append("</a></td><td class=\"meta\">")
                    .append(e.date() == null ? "" : escape(e.date().toString())).append("</td></tr>\n");
        }
        String body = entries.isEmpty()
                ? "<p>No messages yet. Send some: <code>tidings send DIGEST.yaml --subscribers LIST.csv --smtp smtp://127.0.0.1:PORT</code></p>"
                : "<table><thead><tr><th>#</th><th>From</th><th>To</th><th>Subject</th><th>Sent</th></tr></thead><tbody id=\"messages\">\n"
                + rows + "</tbody></table>";
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\">"
                + "<title>tidings sandbox (" + entries.size() + ")</title>" + STYLE + "</head><body><header><h1>tidings sandbox: "
                + entries.size() + (entries.size() == 1 ? " message" : " messages") + "</h1><span class=\"meta\">refreshes every 2 seconds · <a href=\"/api/messages\">JSON</a></span>"
                + "</header><main>" + body + "</main></body></html>";
    }

    static String message(SandboxInbox.Entry e, String text, String raw) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(e.subject()) + "</title>" + STYLE
                + "</head><body><header><h1>" + escape(e.subject()) + "</h1><div class=\"meta\">From " + escape(e.from())
                + " · To " + escape(e.to()) + " · " + (e.date() == null ? "" : escape(e.date().toString()))
                + " · <a href=\"/\">inbox</a> · <a href=\"/messages/" + e.id() + ".eml\">.eml</a></div></header><main>"
                + "<iframe title=\"HTML\" sandbox=\"allow-popups\" src=\"/messages/" + e.id() + ".html\"></iframe>"
                + "<h2>Plain text</h2><pre>" + escape(text == null ? "(none)" : text) + "</pre>"
                + "<h2>Source</h2><pre>" + escape(raw) + "</pre></main></body></html>";
    }
}
