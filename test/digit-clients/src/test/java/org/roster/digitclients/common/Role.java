package org.roster.digitclients.common;

/** services-common {@code org.egov.common.contract.request.Role}, the role type of pgr's and pt's users. */
public class Role {
  public Long id;
  public String name;
  public String code;
  public String tenantId;
}
