package dev.tidings.render;

import dev.tidings.TidingsException;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.cache.TemplateNameFormat;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;
import freemarker.ext.beans.BeansWrapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A theme: the HTML and plaintext email templates, compiled once. The default theme ships in the
 * jar; a user's template directory replaces it wholesale.
 *
 * <p>User templates are untrusted, so FreeMarker is locked down: {@code ?new} resolves no class,
 * {@code ?api} is off, the object wrapper exposes no Java methods (the data model is only maps,
 * lists and strings anyway), templates load only from inside the theme directory (FreeMarker's
 * file loader compares canonical paths, and the 2.4 name format refuses "../" past the root), and
 * any undefined variable is an error naming the template, line and column.
 */
public final class TemplateSet {
    public static final String HTML_TEMPLATE = "email.html.ftlh";
    public static final String TEXT_TEMPLATE = "email.txt.ftl";
    /** The archive's index page; optional in a theme, which otherwise gets the default theme's. */
    public static final String INDEX_TEMPLATE = "archive.html.ftlh";
    static final String DEFAULT_THEME = "templates/default";

    private final String displayDir;
    /** A user theme's directory, for its message bundles; null for the default theme. */
    private final Path dir;
    private final Template html;
    private final Template text;
    private final Configuration configuration;
    private final TemplateRun.Checked checked = new TemplateRun.Checked();
    /** Templates a theme may leave out (the archive's index, serve's pages), loaded on first use. */
    private final Map<String, Template> optional = new java.util.concurrent.ConcurrentHashMap<>();

    private TemplateSet(String displayDir, Path dir, TemplateLoader loader) {
        this.displayDir = displayDir;
        this.dir = dir;
        this.configuration = configuration(loader);
        this.html = load(configuration, HTML_TEMPLATE);
        this.text = load(configuration, TEXT_TEMPLATE);
    }

    /** The theme shipped inside tidings. */
    public static TemplateSet defaultTheme() {
        return new TemplateSet(DEFAULT_THEME, null, new ClassTemplateLoader(TemplateSet.class, "/" + DEFAULT_THEME));
    }

    /** A user's theme directory, which must hold both email templates. */
    public static TemplateSet fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw TidingsException.invalidInput(dir + ": template directory not found (it must hold "
                    + HTML_TEMPLATE + " and " + TEXT_TEMPLATE + ")");
        }
        try {
            return new TemplateSet(dir.toString(), dir, new ThemeDirectoryLoader(dir.toFile()));
        } catch (IOException e) {
            throw TidingsException.invalidInput(dir + ": cannot read the template directory: " + e.getMessage());
        }
    }

    /** The theme of a digest: an explicit override wins, then the digest's {@code template:}, then the default. */
    public static TemplateSet forDigest(dev.tidings.digest.Digest digest, Path override) {
        if (override != null) {
            return fromDirectory(override);
        }
        return digest.template() != null ? fromDirectory(digest.template()) : defaultTheme();
    }

    public String displayDir() {
        return displayDir;
    }

    /** The theme's words in the digest's language: its own bundles, then the default theme's, then English. */
    ThemeStrings strings(dev.tidings.digest.Digest digest) {
        return ThemeStrings.of(digest, dir);
    }

    /** The theme's words in a newsletter's own language, for what belongs to no issue (the pages and mail of serve). */
    public ThemeStrings strings(dev.tidings.digest.Newsletter newsletter) {
        return ThemeStrings.of(newsletter.language(), newsletter.strings(), dir);
    }

    String renderHtml(Map<String, Object> model) {
        return process(html, model).toString();
    }

    /** The HTML as written, to compare with a stencil without making a String of it first. */
    CharsWriter renderHtmlChars(Map<String, Object> model) {
        return process(html, model);
    }

    String renderText(Map<String, Object> model) {
        return process(text, model).toString();
    }

    /** The text as written, to compare with a stencil without making a String of it first. */
    CharsWriter renderTextChars(Map<String, Object> model) {
        return process(text, model);
    }

    /** The archive's index: this theme's {@value #INDEX_TEMPLATE}, or the default theme's when it has none. */
    String renderIndex(Map<String, Object> model) {
        return renderOptional(INDEX_TEMPLATE, model);
    }

    /**
     * A template a theme may leave out: this theme's, or the default theme's when it has none
     * (the archive's index, the pages and mail of {@code tidings serve} under {@code serve/}).
     */
    public String renderOptional(String name, Map<String, Object> model) {
        Template template = optional.get(name);
        if (template == null) {
            try {
                configuration.getTemplate(name);
            } catch (TemplateNotFoundException e) {
                if (DEFAULT_THEME.equals(displayDir)) {
                    throw new IllegalStateException("the default theme lacks " + name, e);
                }
                return fallback().renderOptional(name, model);
            } catch (IOException | StackOverflowError e) {
                // Reported by load() below, with the theme's name.
            }
            template = load(configuration, name);
            optional.put(name, template);
        }
        return process(template, model).toString();
    }

    private volatile TemplateSet fallback;

    private TemplateSet fallback() {
        TemplateSet theme = fallback;
        if (theme == null) {
            theme = defaultTheme();
            fallback = theme;
        }
        return theme;
    }

    private CharsWriter process(Template template, Map<String, Object> model) {
        return TemplateRun.process(displayDir, checked, template, model);
    }

    private Template load(Configuration configuration, String name) {
        try {
            return configuration.getTemplate(name);
        } catch (TemplateNotFoundException e) {
            throw TidingsException.invalidInput(displayDir + "/" + name + ": template not found (a theme needs "
                    + HTML_TEMPLATE + " and " + TEXT_TEMPLATE + ")");
        } catch (ParseException e) {
            throw new TemplateProblem(displayDir, e);
        } catch (IOException e) {
            throw TidingsException.invalidInput(displayDir + "/" + name + ": cannot read the template: " + e.getMessage());
        } catch (StackOverflowError e) {
            // FreeMarker's parser recurses once per bracket: a thousand nested ones overflow it.
            throw new TemplateProblem(displayDir, name, null, null,
                    "template syntax error: nested too deeply to read (a thousand brackets or directives inside one another?)");
        }
    }

    /**
     * FreeMarker's file loader refuses a template that resolves outside the theme (through a
     * symbolic link, say) with a SecurityException, which would surface as an internal error. As an
     * IOException it is reported like any unreadable template, at the line that includes it.
     */
    private static final class ThemeDirectoryLoader extends FileTemplateLoader {
        ThemeDirectoryLoader(java.io.File dir) throws IOException {
            super(dir);
        }

        @Override
        public Object findTemplateSource(String name) throws IOException {
            try {
                return super.findTemplateSource(name);
            } catch (SecurityException e) {
                throw new IOException(name + " is outside the template directory (through a symbolic link?)", e);
            }
        }
    }

    private static Configuration configuration(TemplateLoader loader) {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
        configuration.setTemplateLoader(loader);
        configuration.setTemplateNameFormat(TemplateNameFormat.DEFAULT_2_4_0);
        configuration.setLocalizedLookup(false);
        // A theme is compiled for one run (the preview compiles a new one on each change): an
        // #import or #include need not ask the loader every few seconds whether its file changed.
        configuration.setTemplateUpdateDelayMilliseconds(Long.MAX_VALUE);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setOutputEncoding("UTF-8");
        configuration.setRecognizeStandardFileExtensions(true); // .ftlh: HTML output format, auto-escaping on
        configuration.setLocale(Locale.UK);
        configuration.setNumberFormat("computer");
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
        configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        configuration.setAPIBuiltinEnabled(false);
        DefaultObjectWrapperBuilder wrapper = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34);
        wrapper.setExposureLevel(BeansWrapper.EXPOSE_NOTHING);
        wrapper.setExposeFields(false);
        configuration.setObjectWrapper(wrapper.build());
        return configuration;
    }
}
