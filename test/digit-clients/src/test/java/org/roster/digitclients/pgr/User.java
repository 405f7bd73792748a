package org.roster.digitclients.pgr;

import java.util.List;
import org.roster.digitclients.common.Role;

/** pgr-services {@code org.egov.pgr.web.models.User}: ten fields, no Jackson annotations. */
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
  public Boolean active;
}
