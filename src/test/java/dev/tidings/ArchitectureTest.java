package dev.tidings;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The house's one-way rule (docs/architecture.md) checked over the compiled main classes: each
 * room depends only on the rooms listed for it, and no two rooms depend on each other. A change
 * that needs another arrow changes this table and the picture in docs/architecture.md together.
 */
class ArchitectureTest {
    /** Room -> the rooms it may use (besides itself and the root package's Main, ExitStatus, TidingsException). */
    static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

    static {
        MAY_USE.put("digest", Set.of());
        MAY_USE.put("digest.load", Set.of("digest"));
        MAY_USE.put("subscribers", Set.of("digest"));
        MAY_USE.put("render.css", Set.of());
        MAY_USE.put("render.markdown", Set.of("digest"));
        MAY_USE.put("render.stencil", Set.of("render.markdown"));
        MAY_USE.put("render", Set.of("digest", "subscribers", "render.css", "render.markdown", "render.stencil"));
        MAY_USE.put("mail.mime", Set.of("digest", "render"));
        MAY_USE.put("mail.dkim", Set.of("digest", "mail.mime"));
        MAY_USE.put("mail", Set.of("digest", "mail.mime"));
        MAY_USE.put("mail.loop", Set.of("digest", "subscribers", "render", "mail", "mail.mime"));
        MAY_USE.put("mail.smtp", Set.of("mail", "mail.mime"));
        MAY_USE.put("mail.ledger", Set.of("mail"));
        MAY_USE.put("inbox", Set.of("digest", "subscribers", "render", "mail", "mail.mime", "mail.smtp"));
        MAY_USE.put("links", Set.of("digest", "digest.load"));
        MAY_USE.put("curate", Set.of("digest", "digest.load", "links"));
        MAY_USE.put("archive", Set.of("digest", "render"));
        MAY_USE.put("preview", Set.of("digest", "digest.load", "subscribers", "render"));
        MAY_USE.put("serve", Set.of("digest", "subscribers", "render", "mail", "mail.mime", "preview"));
        MAY_USE.put("startup", Set.of("digest.load", "render", "render.css"));
        MAY_USE.put("cli.console", Set.of("digest", "subscribers", "mail", "inbox"));
        MAY_USE.put("cli", Set.copyOf(everyRoomBut("cli")));
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tidings");
    }

    @Test
    void everyRoomIsInTheTable() {
        List<String> rooms = classes.stream().map(c -> c.getPackageName())
                .filter(p -> p.startsWith("dev.tidings."))
                .map(p -> p.substring("dev.tidings.".length())).distinct().sorted().toList();
        assertEquals(MAY_USE.keySet().stream().sorted().toList(), rooms,
                "a new package needs its row in ArchitectureTest.MAY_USE and docs/architecture.md");
    }

    @Test
    void eachRoomUsesOnlyTheRoomsItMay() {
        for (Map.Entry<String, Set<String>> room : MAY_USE.entrySet()) {
            List<String> forbidden = new ArrayList<>();
            for (String other : everyRoomBut(room.getKey())) {
                if (!room.getValue().contains(other)) {
                    forbidden.add("dev.tidings." + other);
                }
            }
            if (forbidden.isEmpty()) {
                continue;
            }
            // resideInAnyPackage("a.b") is that package only, not its subpackages: each room is named exactly
            noClasses().that().resideInAPackage("dev.tidings." + room.getKey())
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because("docs/architecture.md: " + room.getKey() + " may use only " + room.getValue())
                    .check(classes);
        }
    }

    @Test
    void noRoomsDependOnEachOther() {
        slices().matching("dev.tidings.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheCommandLineKnowsPicocli() {
        noClasses().that().resideOutsideOfPackage("dev.tidings.cli")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .because("the core is called by commands, tests and (later) the web service alike")
                .check(classes);
    }

    @Test
    void onlyMainEndsTheProcess() {
        noClasses().that().doNotHaveFullyQualifiedName(Main.class.getName())
                .and().doNotHaveFullyQualifiedName("dev.tidings.cli.CdsTraining") // a build-time program `make` runs
                .should().callMethod(System.class, "exit", int.class)
                .because("every command returns its exit code; a library that exits can't be tested or reused")
                .check(classes);
    }

    private static List<String> everyRoomBut(String room) {
        List<String> all = new ArrayList<>(List.of("digest", "digest.load", "subscribers", "render", "render.css",
                "render.markdown", "render.stencil", "mail", "mail.loop", "mail.mime", "mail.smtp", "mail.ledger", "inbox", "links",
                "curate", "archive", "preview", "startup", "cli.console", "cli"));
        all.remove(room);
        return all;
    }
}
