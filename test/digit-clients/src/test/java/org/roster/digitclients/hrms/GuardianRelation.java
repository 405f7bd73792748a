package org.roster.digitclients.hrms;

/** egov-hrms {@code GuardianRelation}: no {@code @JsonCreator}, so any other value fails the mapping. */
public enum GuardianRelation {
  FATHER, MOTHER, HUSBAND, OTHER
}
