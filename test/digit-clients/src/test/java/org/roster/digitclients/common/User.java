package org.roster.digitclients.common;

import java.util.List;

/** services-common {@code org.egov.common.contract.request.User} (RequestInfo.userInfo; pgr's notification lookup reads it). */
public class User {
  public Long id;
  public String userName;
  public String name;
  public String type;
  public String mobileNumber;
  public String emailId;
  public List<Role> roles;
  public String tenantId;
  public String uuid;
}
