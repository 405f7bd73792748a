package org.roster.digitclients.token;

import java.util.Set;

/** egov-user's {@code web/contract/auth/User}, the token answer's {@code UserRequest}. No dates, no dob. */
public class AuthUser {
  public Long id;
  public String uuid;
  public String userName;
  public String name;
  public String mobileNumber;
  public String emailId;
  public String locale;
  public String type;
  public Set<AuthRole> roles;
  public boolean active;
  public String tenantId;
  public String permanentCity;
}
