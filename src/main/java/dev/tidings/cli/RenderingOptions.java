package dev.tidings.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options of how an issue is rendered, the same for every command that renders one (render,
 * preview, archive, send): an editor previews a theme and sends the same theme. A picocli mixin,
 * so that a new rendering option reaches all four at once ({@code RenderingOptionsTest} holds them
 * in step).
 */
final class RenderingOptions {
    @Option(names = "--template", paramLabel = "DIR",
            description = "A template directory that replaces the theme (the default one, or the digest's own).")
    Path template;
}
