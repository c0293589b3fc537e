package dev.tidings.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command that renders an issue takes the same rendering options: `send` had no
 * `--template`, so an editor could preview one theme and send another.
 */
class RenderingOptionsTest {
    private static final List<String> RENDERING_COMMANDS = List.of("render", "preview", "archive", "send");

    @Test
    void everyCommandThatRendersTakesEveryRenderingOption() {
        Set<String> rendering = names(new CommandLine(new RenderingOptions()).getCommandSpec().options());
        assertTrue(rendering.contains("--template"), rendering.toString());
        CommandLine cli = TidingsCli.full();
        for (String command : RENDERING_COMMANDS) {
            CommandLine sub = cli.getSubcommands().get(command);
            Set<String> options = names(sub.getCommandSpec().options());
            assertTrue(options.containsAll(rendering), command + " lacks some of " + rendering + ": " + options);
            for (String name : rendering) {
                OptionSpec option = sub.getCommandSpec().findOption(name);
                assertEquals(new CommandLine(new RenderingOptions()).getCommandSpec().findOption(name).description()[0],
                        option.description()[0], command + " " + name + " is the shared option, not one of its own");
            }
        }
    }

    private static Set<String> names(List<OptionSpec> options) {
        Set<String> names = new TreeSet<>();
        options.forEach(option -> names.addAll(List.of(option.names())));
        return names;
    }
}
