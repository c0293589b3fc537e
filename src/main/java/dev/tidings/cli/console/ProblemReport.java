package dev.tidings.cli.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tidings.digest.Problem;

import java.io.PrintWriter;
import java.util.List;

/** Prints problems as compiler-style lines for people, or as a JSON array for scripts and CI. */
public final class ProblemReport {
    public enum Format { text, json }

    private ProblemReport() {
    }

    public static void printText(PrintWriter out, List<Problem> problems) {
        problems.forEach(p -> out.println(p.format()));
    }

    public static void printJson(PrintWriter out, List<Problem> problems) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (Problem p : problems) {
            ObjectNode node = array.addObject();
            node.put("severity", p.severity().label());
            node.put("file", p.file());
            node.put("line", p.line());
            node.put("column", p.column());
            node.put("field", p.field());
            node.put("message", p.message());
        }
        try {
            out.println(mapper.writeValueAsString(array));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static long count(List<Problem> problems, boolean errors) {
        return problems.stream().filter(p -> p.isError() == errors).count();
    }

    public static String counted(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
