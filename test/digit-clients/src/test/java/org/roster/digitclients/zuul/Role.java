package org.roster.digitclients.zuul;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** zuul's {@code org.egov.contract.Role}; the RBAC filter authorises by its {@code code} and {@code tenantId}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class Role {
  public Long id;
  public String name;
  public String code;
  public String tenantId;
}
