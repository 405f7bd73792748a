package org.roster.digitclients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One answer Roster gave to a request shaped as a DIGIT client sends it: the body exactly as it came over the wire
 * ({@code <name>.json}) and what the request was and what the client should find in it ({@code <name>.expect.json}:
 * client, mode, path, status, the request, and the expectations {@link AnswerCheck} applies).
 */
public final class Answer {
  private static final String EXPECT_SUFFIX = ".expect.json";
  private static final ObjectMapper PLAIN = new ObjectMapper();

  public final String name;
  public final String body;
  public final JsonNode expect;

  public Answer(String name, String body, JsonNode expect) {
    this.name = name;
    this.body = body;
    this.expect = expect;
  }

  public static Answer of(String name, String body, String expectJson) throws IOException {
    return new Answer(name, body, PLAIN.readTree(expectJson));
  }

  /** Every answer under {@code root}, in path order; an expectation without its body is an error. */
  public static List<Answer> findAll(Path root) throws IOException {
    List<Answer> answers = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path expectFile : (Iterable<Path>) files.filter(f -> f.toString().endsWith(EXPECT_SUFFIX)).sorted()::iterator) {
        String file = expectFile.getFileName().toString();
        Path bodyFile = expectFile.resolveSibling(file.substring(0, file.length() - EXPECT_SUFFIX.length()) + ".json");
        if (!Files.exists(bodyFile)) throw new IOException("no answer body " + bodyFile + " for " + expectFile);
        String name = root.relativize(bodyFile).toString();
        answers.add(new Answer(name, Files.readString(bodyFile, StandardCharsets.UTF_8), PLAIN.readTree(expectFile.toFile())));
      }
    }
    return answers;
  }

  public String client() {
    return expect.path("client").asText();
  }

  public String path() {
    return expect.path("path").asText();
  }

  public int status() {
    return expect.path("status").asInt(200);
  }

  /** How the failure messages name this answer: mode, client, request path, and the body. */
  public String describe() {
    String shown = body.length() > 3000 ? body.substring(0, 3000) + "…" : body;
    return name + ": [" + expect.path("mode").asText("?") + "] " + client() + " POST " + path() + " (HTTP " + status() + ")\n  request: "
        + expect.path("request") + "\n  answer:  " + shown;
  }
}
