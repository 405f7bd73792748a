package org.roster.digitclients.pt;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** property-services {@code Relationship}: FATHER or HUSBAND, case-insensitive; anything else (MOTHER, OTHER) is null. */
public enum Relationship {
  FATHER, HUSBAND;

  @JsonCreator
  public static Relationship fromValue(String text) {
    for (Relationship relationship : values()) if (relationship.name().equalsIgnoreCase(text)) return relationship;
    return null;
  }

  @JsonValue
  @Override
  public String toString() {
    return name();
  }
}
