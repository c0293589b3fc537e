package dev.tidings.digest;

import dev.tidings.digest.load.LoadedDigest;
import dev.tidings.digest.load.SourceMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProblemTest {
    @Test
    void anErrorFormatsAsFileLineColumnFieldMessage() {
        Problem problem = Problem.error(new SourcePosition("samples/x.yaml", 14, 7), "issue.items[2].url",
                "must be an absolute http or https URL");
        assertEquals("samples/x.yaml:14:7: issue.items[2].url: must be an absolute http or https URL", problem.format());
        assertTrue(problem.isError());
    }

    @Test
    void aWarningSaysSo() {
        Problem problem = Problem.warning(new SourcePosition("x.yaml", 3, 1), "issue.preheader", "no preheader");
        assertEquals("x.yaml:3:1: warning: issue.preheader: no preheader", problem.format());
        assertFalse(problem.isError());
    }

    @Test
    void unknownColumnLineOrFieldAreLeftOut() {
        assertEquals("list.csv:4: email: is empty", Problem.error(new SourcePosition("list.csv", 4, 0), "", "email: is empty").format());
        assertEquals("x.yaml: the file is empty", Problem.error(SourcePosition.wholeFile("x.yaml"), "", "the file is empty").format());
    }

    @Test
    void problemsSortByFileLineColumnThenField() {
        Problem b = Problem.error(new SourcePosition("a.yaml", 2, 1), "b", "m");
        Problem a = Problem.error(new SourcePosition("a.yaml", 2, 1), "a", "m");
        Problem earlier = Problem.error(new SourcePosition("a.yaml", 1, 9), "z", "m");
        Problem otherFile = Problem.error(new SourcePosition("b.yaml", 1, 1), "a", "m");
        List<Problem> problems = new ArrayList<>(List.of(otherFile, b, a, earlier));
        problems.sort(Problem.IN_FILE_ORDER);
        assertEquals(List.of(earlier, a, b, otherFile), problems);
    }

    @Test
    void aLoadedDigestKeepsItsProblemsInFileOrder() {
        Problem late = Problem.warning(new SourcePosition("a.yaml", 9, 1), "", "late");
        Problem early = Problem.warning(new SourcePosition("a.yaml", 1, 1), "", "early");
        LoadedDigest loaded = new LoadedDigest(null, new SourceMap("a.yaml"), List.of(late, early));
        assertEquals(List.of(early, late), loaded.problems());
        assertFalse(loaded.hasErrors(), "warnings are no errors");
    }
}
