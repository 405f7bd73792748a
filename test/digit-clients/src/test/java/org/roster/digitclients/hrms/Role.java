package org.roster.digitclients.hrms;

/** egov-hrms {@code org.egov.hrms.model.Role}: no id, no annotations (unknown properties are off in its mapper). */
public class Role {
  public String name;
  public String code;
  public String description;
  public String tenantId;
}
