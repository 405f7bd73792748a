package org.roster.digitclients;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Roster's real answers, saved by {@code test/digit-clients/digit-clients.int-spec.ts} under
 * {@code -Droster.answers=<dir>}, each read along its client's path. Without the property only the self-checks run.
 */
class RosterAnswersTest {
  @TestFactory
  Stream<DynamicTest> everyAnswerReadsAsItsClientReadsIt() throws IOException {
    String dir = System.getProperty("roster.answers");
    assumeTrue(dir != null && !dir.isBlank(), "roster.answers is not set");
    List<Answer> answers = Answer.findAll(Path.of(dir));
    assertFalse(answers.isEmpty(), "no answers under " + dir);
    return answers.stream().map(answer -> DynamicTest.dynamicTest(answer.name, () -> AnswerCheck.check(answer)));
  }
}
