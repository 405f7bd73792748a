package org.roster.digitclients.common;

/** tracer's {@code org.egov.tracer.model.CustomException}: what pgr and pt throw when a user answer is unusable. */
public class CustomException extends RuntimeException {
  public final String code;

  public CustomException(String code, String message, Throwable cause) {
    super(code + ": " + message, cause);
    this.code = code;
  }
}
