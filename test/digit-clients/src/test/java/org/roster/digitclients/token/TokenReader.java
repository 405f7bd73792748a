package org.roster.digitclients.token;

import java.io.IOException;
import org.roster.digitclients.common.RestTemplateJson;

/** The token body read into {@link TokenAnswer} with the clients' usual lenient, case-sensitive mapper. */
public final class TokenReader {
  private TokenReader() {}

  public static TokenAnswer read(String body) throws IOException {
    return RestTemplateJson.read(body, TokenAnswer.class);
  }
}
