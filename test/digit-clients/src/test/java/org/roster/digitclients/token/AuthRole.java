package org.roster.digitclients.token;

/** egov-user's {@code web/contract/auth/Role}; the UI filters an employee's roles by {@code tenantId}. */
public class AuthRole {
  public String name;
  public String code;
  public String tenantId;
}
