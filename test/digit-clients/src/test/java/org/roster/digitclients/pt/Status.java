package org.roster.digitclients.pt;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** property-services {@code Status}: matched case-insensitively, an unknown value is null. */
public enum Status {
  ACTIVE, INACTIVE, INWORKFLOW, CANCELLED, REJECTED;

  @JsonCreator
  public static Status fromValue(String text) {
    for (Status status : values()) if (status.name().equalsIgnoreCase(text)) return status;
    return null;
  }

  @JsonValue
  @Override
  public String toString() {
    return name();
  }
}
